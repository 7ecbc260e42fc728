from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.versions, name="versions"),
    path("build/", views.build, name="build"),
    path("<int:pk>/", views.version, name="version"),
    path("<int:pk>/report.html", views.read, name="read"),
    path("<int:pk>/download.<str:extension>", views.download, name="download"),
]
