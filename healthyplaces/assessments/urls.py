from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("self/", views.assessment_list, name="list"),
    path("start/", views.assessment_start, name="start"),
    path("compare/", views.compare, name="compare"),
    path("over-time/", views.over_time, name="over_time"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/rate/", views.assessment_rate, name="rate"),
    path("<int:pk>/invite/", views.assessment_invite, name="invite"),
    path("<int:pk>/complete/", views.assessment_complete, name="complete"),
    path("<int:pk>/copy/", views.assessment_copy, name="copy"),
    path("<int:pk>/actions/", views.assessment_actions, name="actions"),
    path("<int:pk>/feedback/", views.feedback_results, name="feedback_results"),
    path("feedback/<str:token>/", views.feedback_form, name="feedback_form"),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/load/", views.framework_load, name="framework_load"),
    path("frameworks/<slug:key>/", views.framework_detail, name="framework"),
    path("hia/", views.hia_list, name="hia_list"),
    path("hia/new/", views.hia_create, name="hia_create"),
    path("hia/report/", views.hia_report, name="hia_report"),
    path("hia/<int:pk>/", views.hia_detail, name="hia_detail"),
    path("hia/<int:pk>/answers/", views.hia_answers, name="hia_answers"),
    path("hia/<int:pk>/review/", views.hia_review, name="hia_review"),
]
