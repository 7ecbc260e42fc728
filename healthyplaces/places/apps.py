from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "healthyplaces.places"
    label = "places"
    verbose_name = "Places and deprivation"

    def ready(self):
        from healthyplaces import editing
        from healthyplaces.accounts import audit

        from . import permissions  # noqa: F401  (registers this app's object rules)
        from .models import Neighbourhood

        audit.track(Neighbourhood)
        editing.track(Neighbourhood)
