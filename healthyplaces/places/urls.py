from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("local-authority/<str:code>/", views.local_authority, name="local_authority"),
    path("local-authority/<str:code>/lsoas.csv", views.local_authority_csv, name="local_authority_csv"),
    path("local-authority/<str:code>/lsoas.geojson", views.local_authority_geojson, name="local_authority_geojson"),
    path("local-authority/<str:code>/lsoas-2011-2021/", views.lsoa_correspondence, name="lsoa_correspondence"),
    path("lsoa/<str:code>/", views.lsoa, name="lsoa"),
    path("data/", views.data_loads, name="data_loads"),
    path("neighbourhoods/", views.neighbourhood_list, name="neighbourhood_list"),
    path("neighbourhoods/new/", views.neighbourhood_create, name="neighbourhood_create"),
    path("neighbourhoods/upload/", views.neighbourhood_upload, name="neighbourhood_upload"),
    path("neighbourhoods/<slug:slug>/", views.neighbourhood, name="neighbourhood"),
    path("neighbourhoods/<slug:slug>/edit/", views.neighbourhood_edit, name="neighbourhood_edit"),
    path("neighbourhoods/<slug:slug>/lsoas.csv", views.neighbourhood_csv, name="neighbourhood_csv"),
    path("neighbourhoods/<slug:slug>/lsoas.geojson", views.neighbourhood_geojson, name="neighbourhood_geojson"),
]
