"""Site-wide pages: home and search, health check, the site's icon, about the data, error pages."""
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.shortcuts import render
from django.utils.http import urlencode

from healthyplaces.places.models import DataLoad
from healthyplaces.places.services import search


SEARCH_PAGE_SIZE = 20


def home(request):
    query = request.GET.get("q", "").strip()
    page = Paginator(search(query, request.user), SEARCH_PAGE_SIZE).get_page(request.GET.get("page")) if query else None
    template = "search_results.html" if request.headers.get("HX-Request") else "home.html"
    return render(request, template, {"query": query, "page": page, "page_query": urlencode({"q": query})})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the icon's static file (hashed name)."""
    return HttpResponsePermanentRedirect(static("healthyplaces/favicon.ico"))


def healthz(request):
    """For load balancers and monitoring: the app answers and the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok", "database": "ok"})
    except Exception as error:  # noqa: BLE001 — any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(error.__class__.__name__)}, status=503)


def about_data(request):
    return render(request, "about_data.html", {"loads": DataLoad.objects.all()[:10]})


def forbidden(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
