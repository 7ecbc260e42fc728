from django.urls import path

from . import views

app_name = "assets"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("map.geojson", views.directory_map, name="map"),
    path("assets.csv", views.directory_csv, name="csv"),
    path("new/", views.create, name="create"),
    path("review/", views.review, name="review"),
    path("import/", views.import_upload, name="import"),
    path("import/<uuid:token>/", views.import_preview, name="import_preview"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/", views.duplicate, name="duplicate"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps.csv", views.gaps_csv, name="gaps_csv"),
    path("gaps.geojson", views.gaps_geojson, name="gaps_geojson"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]
