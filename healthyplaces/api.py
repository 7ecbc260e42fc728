"""The REST API: one NinjaAPI, each part adding its router. OpenAPI at /api/openapi.json, docs at /api/docs."""
from ninja import NinjaAPI
from ninja.errors import ValidationError

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


OPEN_TO_ANY_ORIGIN = "/api/oruk/"  # the Open Referral UK API sends Access-Control-Allow-Origin: * (assets/api.py)


@api.exception_handler(ValidationError)
def refused_parameters(request, error):
    """422 naming each parameter that is out of range (ninja's own answer), with the open API's CORS
    header kept, so a page on another site can read why its request was refused."""
    response = api.create_response(request, {"detail": error.errors}, status=422)
    if request.path.startswith(OPEN_TO_ANY_ORIGIN):
        response["Access-Control-Allow-Origin"] = "*"
    return response
