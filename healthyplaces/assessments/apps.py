from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "healthyplaces.assessments"
    label = "assessments"
    verbose_name = "Assessments and Health Impact Assessments"

    def ready(self):
        from healthyplaces import editing
        from healthyplaces.accounts import audit, subject_access
        from healthyplaces.places import profile

        from . import permissions  # noqa: F401  (registers this app's object rules)
        from . import models
        from .hia import profile_section
        from .subject_access import records_holding

        for model in (models.Assessment, models.Rating, models.FeedbackLink, models.Development, models.Hia,
                      models.HiaSubmission, models.HiaAnswer):
            audit.track(model)
        editing.track(models.Assessment)
        editing.track(models.HiaSubmission)
        profile.register(profile_section)
        subject_access.register(records_holding)
