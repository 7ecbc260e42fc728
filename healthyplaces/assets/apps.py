from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "healthyplaces.assets"
    label = "assets"
