from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "healthyplaces.assets"
    label = "assets"
    verbose_name = "Community assets"

    def ready(self):
        from healthyplaces import editing
        from healthyplaces.accounts import audit, subject_access
        from healthyplaces.places import profile

        from . import permissions  # noqa: F401  (registers this app's object rules)
        from .models import Asset, DuplicateCandidate
        from .subject_access import erase, records_holding
        from .views import profile_section

        audit.track(Asset)
        editing.track(Asset)
        audit.track(DuplicateCandidate)
        profile.register(profile_section)
        subject_access.register(records_holding)
        subject_access.register_eraser(erase)
