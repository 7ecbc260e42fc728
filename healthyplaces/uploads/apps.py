from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "healthyplaces.uploads"
    label = "uploads"
    verbose_name = "Uploads awaiting confirmation"
