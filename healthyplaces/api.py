"""The REST API: one NinjaAPI, each part adding its router. OpenAPI at /api/openapi.json, docs at /api/docs."""

from django.shortcuts import render
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError


class Docs(Swagger):
    """ninja's Swagger UI in a page of ours (templates/api_docs.html): a language, a main landmark, colours that
    pass contrast, and the operations as a table for a browser without JavaScript."""

    template = "api_docs.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        schema = api.get_openapi_schema(path_params=kwargs)
        operations = [(method.upper(), path, operation.get("summary", ""))
                      for path, methods in schema["paths"].items() for method, operation in methods.items()]
        return render(request, self.template, {
            "swagger_settings": self.settings, "api": api, "operations": operations,
            "openapi_version": schema["openapi"],
            "add_csrf": False,  # the API has no signed-in (session) operations, so no CSRF token to send
        })


api = NinjaAPI(
    title="Healthy Places API",
    version="1",
    description="Places, deprivation and neighbourhoods. Public data needs no key. "
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    urls_namespace="api",
    docs=Docs(settings={"deepLinking": False}),  # deep links put a link inside each operation's button
)
api.add_router("/places/", "healthyplaces.places.api.router")
api.add_router("/indicators/", "healthyplaces.indicators.api.router")
api.add_router("/insights/", "healthyplaces.insights.api.router")
api.add_router("/oruk/", "healthyplaces.assets.api.router")
api.add_router("/assessments/", "healthyplaces.assessments.api.router")
api.add_router("/outcomes/", "healthyplaces.outcomes.api.router")
api.add_router("/grants/", "healthyplaces.grants.api_votes.router")  # votes and awards; read-only
api.add_router("/actions/", "healthyplaces.actions.api.router")


OPEN_TO_ANY_ORIGIN = "/api/oruk/"  # the Open Referral UK API sends Access-Control-Allow-Origin: * (assets/api.py)


@api.exception_handler(ValidationError)
def refused_parameters(request, error):
    """422 naming each parameter that is out of range (ninja's own answer), with the open API's CORS
    header kept, so a page on another site can read why its request was refused."""
    response = api.create_response(request, {"detail": error.errors}, status=422)
    if request.path.startswith(OPEN_TO_ANY_ORIGIN):
        response["Access-Control-Allow-Origin"] = "*"
    return response
