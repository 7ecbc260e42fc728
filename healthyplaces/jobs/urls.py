from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:pk>/", views.job, name="job"),
    path("<uuid:pk>/again/", views.job_retry, name="retry"),
]
