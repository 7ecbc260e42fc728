from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "healthyplaces.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
