from django.urls import path

from .views import participants, programmes

app_name = "outcomes"
urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("<slug:slug>/", programmes.programme, name="programme"),
    path("<slug:slug>/figures/", programmes.figures, name="figures"),
    path("<slug:slug>/summary/", programmes.summary, name="summary"),
    path("<slug:slug>/export.csv", programmes.export, name="export"),
    path("<slug:slug>/participants/new/", participants.participant_create, name="participant_create"),
    path("<slug:slug>/participants/<int:pk>/", participants.participant, name="participant"),
    path("<slug:slug>/participants/<int:pk>/identity/erase/", participants.identity_erase, name="identity_erase"),
    path("<slug:slug>/participants/<int:pk>/goals/new/", participants.goal_create, name="goal_create"),
    path("<slug:slug>/participants/<int:pk>/goals/<int:goal>/", participants.goal_edit, name="goal_edit"),
    path("<slug:slug>/participants/<int:pk>/contacts/new/", participants.contact_create, name="contact_create"),
    path("<slug:slug>/participants/<int:pk>/outcomes/new/", participants.outcome_create, name="outcome_create"),
    path("<slug:slug>/participants/<int:pk>/measures/<str:measure>/new/", participants.score_create,
         name="score_create"),
    path("<slug:slug>/participants/<int:pk>/referrals/new/", participants.referral_create, name="referral_create"),
    path("<slug:slug>/participants/<int:pk>/referrals/<int:referral>/connected/", participants.referral_connected,
         name="referral_connected"),
]
