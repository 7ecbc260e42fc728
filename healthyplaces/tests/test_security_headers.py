"""Issue 10, "send a strict Content-Security-Policy ... and a Permissions-Policy, with a test that every
page is served with them": every page of the URL conf, for a visitor and an officer, carries them."""
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from healthyplaces.accounts.models import Role
from healthyplaces.security_headers import tile_source

PROJECT = Path(__file__).resolve().parent.parent

# The main pages that need an argument, with the test data's areas; plus a 404, CSV, GeoJSON and JSON.
WITH_ARGUMENTS = [
    "/places/local-authority/E06000004/", "/places/local-authority/E06000004/lsoas.csv",
    "/places/local-authority/E06000004/lsoas.geojson", "/places/lsoa/E01012187/", "/assets/gaps/?area=E06000004",
    "/insights/areas/E06000004/", "/api/places/areas/E06000004/summary", "/api/places/lsoas/E01012187",
    "/api/oruk/services?page=99999999999999999999", "/no-such-page/", "/api/no-such-endpoint",
]


def _routes(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _urls():
    plain = sorted({"/" + route for route in _routes(get_resolver()) if not re.search(r"[<(^$\\]", route)})
    return plain + WITH_ARGUMENTS


def _policy(response):
    text = response.headers.get("Content-Security-Policy", "")
    return {d.split()[0]: d.split()[1:] for d in text.split(";") if d.strip()}


def assert_protected(response, url):
    policy = _policy(response)
    assert policy.get("script-src") == ["'self'"], f"{url}: {policy}"
    assert policy.get("style-src") == ["'self'"], f"{url}: {policy}"
    assert policy.get("default-src") == ["'self'"] and policy.get("object-src") == ["'none'"], url
    assert policy.get("frame-ancestors") == ["'none'"] and policy.get("base-uri") == ["'self'"], url
    assert policy.get("form-action") == ["'self'"], url
    assert "unsafe" not in response.headers["Content-Security-Policy"], url
    permissions = dict(p.strip().split("=", 1) for p in response.headers.get("Permissions-Policy", "").split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions.get(feature) == "()", f"{url}: Permissions-Policy {permissions}"
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, Role.OFFICER])
def test_every_page_is_served_with_the_security_headers(role, people, client_for):
    """Issue 10 (CSP): HTML, JSON, CSV and GeoJSON, redirects, 403 and 404 pages, the API docs and the admin."""
    client = client_for(people[role] if role else None)
    statuses = set()
    for url in _urls():
        response = client.get(url)
        statuses.add(response.status_code)
        assert_protected(response, url)
    assert {200, 302, 404} <= statuses  # the walk met pages, redirects and "not found"


@pytest.mark.django_db
def test_error_pages_carry_the_headers_too(people):
    """Issue 10 (CSP): the 403 of a refused CSRF check and of a role that may not see a page."""
    refused = Client(enforce_csrf_checks=True).post("/account/sign-in/", {"username": "x", "password": "y"})
    assert refused.status_code == 403
    assert_protected(refused, "CSRF failure")
    client = Client()
    client.force_login(people[Role.APPLICANT])
    forbidden = client.get("/places/data/")
    assert forbidden.status_code == 403
    assert_protected(forbidden, "/places/data/")


@pytest.mark.django_db
def test_a_configured_tile_server_is_allowed_for_images_only():
    with override_settings(MAP_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png"):
        response = Client().get("/about/data/")
    policy = _policy(response)
    assert policy["img-src"] == ["'self'", "data:", "https://*.tile.example.org"]
    assert policy["script-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]


@pytest.mark.parametrize("url", ["tiles.example.org/{z}/{x}/{y}.png", "https://tiles.{region}.example.org/{z}.png"])
def test_a_tile_url_that_cannot_be_a_policy_source_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="HEALTHYPLACES_MAP_TILE_URL"):
        tile_source(url)


# Anything a template could run or style inline, which the policy would refuse in the browser.
INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:json|ld\+json)\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"\bhx-on", re.I), "htmx hx-on handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_style_or_handlers():
    """Issue 10 (CSP): "no inline script, style or event handler left in any template"."""
    templates = sorted(PROJECT.glob("**/templates/**/*.html"))
    assert len(templates) > 50
    found = [f"{path.relative_to(PROJECT)}, line {n}: {what}"
             for path in templates for n, line in enumerate(path.read_text().splitlines(), 1)
             for pattern, what in INLINE if pattern.search(line)]
    assert not found, "\n".join(found)


def test_htmx_is_configured_to_need_no_inline_style_or_eval():
    base = (PROJECT / "templates" / "base.html").read_text()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", base)
    assert config, "base.html has no htmx-config meta"
    settings = json.loads(config.group(1))
    assert settings["includeIndicatorStyles"] is False and settings["allowEval"] is False
