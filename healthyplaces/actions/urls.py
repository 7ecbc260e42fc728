from django.urls import path

from .views import actions

app_name = "actions"
urlpatterns = [
    path("", actions.action_list, name="list"),
    path("<int:pk>/", actions.action, name="action"),
]
