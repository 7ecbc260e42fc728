"""The REST API: one NinjaAPI, each part adding its router. OpenAPI at /api/openapi.json, docs at /api/docs."""
from ninja import NinjaAPI

api = NinjaAPI(
    title="Healthy Places API",
    version="1",
    description="Places, deprivation and neighbourhoods. Public data needs no key. "
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    urls_namespace="api",
)
api.add_router("/places/", "healthyplaces.places.api.router")
api.add_router("/indicators/", "healthyplaces.indicators.api.router")
api.add_router("/insights/", "healthyplaces.insights.api.router")
api.add_router("/oruk/", "healthyplaces.assets.api.router")
api.add_router("/assessments/", "healthyplaces.assessments.api.router")
