from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "healthyplaces.assessments"
    label = "assessments"
