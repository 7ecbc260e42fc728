from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "healthyplaces.outcomes"
    label = "outcomes"
    verbose_name = "Programmes and outcomes"

    def ready(self):
        from healthyplaces import editing
        from healthyplaces.accounts import audit

        from . import models
        from . import permissions  # noqa: F401  (registers this app's object rules)

        for model in (models.Programme, models.Participant, models.Identity, models.Goal, models.Contact,
                      models.Score, models.OutcomeCheck, models.Referral):
            audit.track(model)
        editing.track(models.Programme)
        editing.track(models.Participant)
