from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "healthyplaces.grants"
    label = "grants"
    verbose_name = "The shared funding pot"

    def ready(self):
        from healthyplaces import editing
        from healthyplaces.accounts import audit

        from . import permissions  # noqa: F401  (registers this app's object rules)
        from . import models

        for model in (models.Fund, models.Contribution, models.Lot, models.Round, models.CallOut, models.Application,
                      models.BudgetLine, models.Panel, models.Conflict, models.Score, models.Moderation):
            audit.track(model)
        for model in (models.Fund, models.Round, models.CallOut, models.Application):
            editing.track(model)
