from django.urls import path

from .views import actions

app_name = "actions"
urlpatterns = [
    path("", actions.action_list, name="list"),
    path("new/", actions.action_create, name="create"),
    path("<int:pk>/", actions.action, name="action"),
    path("<int:pk>/edit/", actions.action_edit, name="edit"),
    path("<int:pk>/progress/", actions.record_progress, name="record_progress"),
]
