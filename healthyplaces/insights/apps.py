from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "healthyplaces.insights"
    label = "insights"
    verbose_name = "Community insights"

    def ready(self):
        from healthyplaces import editing
        from healthyplaces.accounts import audit
        from healthyplaces.places import profile

        from .models import Community, Conversation, Insight
        from .profile import insights_section

        for model in (Conversation, Insight, Community):
            audit.track(model)
        editing.track(Insight)
        profile.register(insights_section)
