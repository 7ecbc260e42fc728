from django.urls import path

from .views import feedback, frameworks, hia, index, self_assessment

app_name = "assessments"
urlpatterns = [
    path("", index.index, name="index"),
    path("self/", self_assessment.assessment_list, name="list"),
    path("start/", self_assessment.assessment_start, name="start"),
    path("compare/", self_assessment.compare, name="compare"),
    path("over-time/", self_assessment.over_time, name="over_time"),
    path("<int:pk>/", self_assessment.assessment_detail, name="detail"),
    path("<int:pk>/rate/", self_assessment.assessment_rate, name="rate"),
    path("<int:pk>/invite/", self_assessment.assessment_invite, name="invite"),
    path("<int:pk>/complete/", self_assessment.assessment_complete, name="complete"),
    path("<int:pk>/copy/", self_assessment.assessment_copy, name="copy"),
    path("<int:pk>/actions/", self_assessment.assessment_actions, name="actions"),
    path("<int:pk>/feedback/", feedback.feedback_results, name="feedback_results"),
    path("feedback/<str:token>/", feedback.feedback_form, name="feedback_form"),
    path("frameworks/", frameworks.framework_list, name="frameworks"),
    path("frameworks/load/", frameworks.framework_load, name="framework_load"),
    path("frameworks/<slug:key>/", frameworks.framework_detail, name="framework"),
    path("hia/", hia.hia_list, name="hia_list"),
    path("hia/new/", hia.hia_create, name="hia_create"),
    path("hia/report/", hia.hia_report, name="hia_report"),
    path("hia/<int:pk>/", hia.hia_detail, name="hia_detail"),
    path("hia/<int:pk>/answers/", hia.hia_answers, name="hia_answers"),
    path("hia/<int:pk>/review/", hia.hia_review, name="hia_review"),
]
