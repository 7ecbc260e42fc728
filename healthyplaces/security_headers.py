"""Security headers on every response, in every environment.

The Content-Security-Policy lets a page run only the scripts and style sheets the app serves itself:
no inline script, style attribute or event handler, so text someone typed cannot become code even if
it ever reached a page as HTML. Map tiles are the one third-party resource, and only when an
administrator configures a tile server (HEALTHYPLACES_MAP_TILE_URL).

A plain middleware rather than django-csp: the policy is fixed at start-up and the same for every
page (Swagger UI at /api/docs runs from ninja's own static files with no inline script), so there
is nothing per-request to configure.
"""
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Features no page uses, switched off for the page and anything it embeds.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
    "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking"))


def tile_source(url):
    """The CSP source for a Leaflet tile URL template: https://{s}.tile.example.org/{z}/{x}/{y}.png
    becomes https://*.tile.example.org (CSP allows a wildcard only as the leftmost label)."""
    parts = urlsplit(url)
    host = re.sub(r"^\{[^}]*\}", "*", parts.netloc)
    if parts.scheme not in ("http", "https") or not host or "{" in host:
        raise ImproperlyConfigured(
            f"HEALTHYPLACES_MAP_TILE_URL {url!r} must start https://host/ (a {{s}} placeholder only as the first label).")
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url=""):
    images = "'self' data:" + (f" {tile_source(tile_url)}" if tile_url else "")
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self'", f"img-src {images}", "connect-src 'self'",
        "font-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
    ])


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": content_security_policy(settings.MAP_TILE_URL),
            "Permissions-Policy": PERMISSIONS_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response
