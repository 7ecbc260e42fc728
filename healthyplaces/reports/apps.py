from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "healthyplaces.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from . import permissions  # noqa: F401  (registers this app's object rules)
