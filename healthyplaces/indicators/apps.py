from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "healthyplaces.indicators"
    label = "indicators"
