from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "healthyplaces.actions"
    label = "actions"
    verbose_name = "Actions and strategies"

    def ready(self):
        from healthyplaces import editing
        from healthyplaces.accounts import audit
        from healthyplaces.places import profile

        from . import permissions  # noqa: F401  (registers this app's object rules)
        from .models import Action, Commitment, Evidence, LogicModel, ProgressUpdate
        from .profile import actions_section

        for model in (Action, ProgressUpdate, Evidence, Commitment, LogicModel):
            audit.track(model)
        editing.track(Action)
        editing.track(Commitment)
        editing.track(LogicModel)
        profile.register(actions_section)  # every area profile lists its actions
