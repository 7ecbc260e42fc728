from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("import/", views.import_page, name="import"),
    path("life-expectancy/", views.life_expectancy, name="life_expectancy"),
    path("composite/new/", views.composite_new, name="composite_new"),
    path("composite/<str:code>/", views.composite_detail, name="composite"),
    path("composite/<str:code>/index.csv", views.composite_csv, name="composite_csv"),
    path("composite/<str:code>/index.geojson", views.composite_geojson, name="composite_geojson"),
    path("<str:code>/", views.indicator_detail, name="detail"),
    path("<str:code>/values.csv", views.indicator_csv, name="csv"),
    path("<str:code>/values.geojson", views.indicator_geojson, name="geojson"),
]
