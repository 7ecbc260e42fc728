from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "healthyplaces.insights"
    label = "insights"
    verbose_name = "Community insights"

    def ready(self):
        from healthyplaces import editing
        from healthyplaces.accounts import audit, subject_access
        from healthyplaces.places import profile

        from . import permissions  # noqa: F401  (registers this app's object rules)
        from .models import Community, Conversation, Insight
        from .profile import insights_section
        from .subject_access import erase, records_holding

        for model in (Conversation, Insight, Community):
            audit.track(model)
        editing.track(Insight)
        profile.register(insights_section)
        subject_access.register(records_holding)
        subject_access.register_eraser(erase)
