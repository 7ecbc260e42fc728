from django.contrib import admin
from django.urls import include, path

from . import views
from .api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("about/data/", views.about_data, name="about_data"),
    path("account/", include("healthyplaces.accounts.urls")),
    path("places/", include("healthyplaces.places.urls")),
    path("indicators/", include("healthyplaces.indicators.urls")),
    path("assets/", include("healthyplaces.assets.urls")),
    path("insights/", include("healthyplaces.insights.urls")),
    path("assessments/", include("healthyplaces.assessments.urls")),
    path("actions/", include("healthyplaces.actions.urls")),
    path("outcomes/", include("healthyplaces.outcomes.urls")),
    path("grants/", include("healthyplaces.grants.urls")),
    path("jobs/", include("healthyplaces.jobs.urls")),
    path("reports/", include("healthyplaces.reports.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "healthyplaces.views.forbidden"
handler404 = "healthyplaces.views.not_found"
