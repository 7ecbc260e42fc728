from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "healthyplaces.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        from . import permissions  # noqa: F401  (registers this app's object rules)
