from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "healthyplaces.insights"
    label = "insights"
