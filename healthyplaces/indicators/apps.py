from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "healthyplaces.indicators"
    label = "indicators"
    verbose_name = "Health indicators and life expectancy"

    def ready(self):
        from healthyplaces.accounts import audit
        from healthyplaces.places import profile as places_profile

        from . import profile
        from .models import Indicator

        audit.track(Indicator)
        places_profile.register(profile.section)
