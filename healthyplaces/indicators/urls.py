from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("import/", views.import_page, name="import"),
    path("life-expectancy/", views.life_expectancy, name="life_expectancy"),
    path("<str:code>/", views.indicator_detail, name="detail"),
    path("<str:code>/values.csv", views.indicator_csv, name="csv"),
    path("<str:code>/values.geojson", views.indicator_geojson, name="geojson"),
]
