"""Production: everything secret or site-specific comes from the environment."""
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403


def _required(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} for production.")
    return value


DEBUG = False
PRODUCTION = True  # healthyplaces/checks.py refuses SQLite and a missing or weak secret key
SECRET_KEY = os.environ.get("HEALTHYPLACES_SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in _required("HEALTHYPLACES_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("HEALTHYPLACES_SSL_REDIRECT", "true").lower() != "false"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True

# Password reset emails go through this SMTP server (STARTTLS unless HEALTHYPLACES_EMAIL_USE_TLS=false).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("HEALTHYPLACES_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("HEALTHYPLACES_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("HEALTHYPLACES_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("HEALTHYPLACES_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("HEALTHYPLACES_EMAIL_USE_TLS", "true").lower() != "false"

# Static files under content-hashed names (cached for a year by browsers), compressed by WhiteNoise;
# the site's ES modules import each other by the hashed names too (healthyplaces/static_files.py).
STORAGES["staticfiles"] = {"BACKEND": "healthyplaces.static_files.HashedStaticFiles"}  # noqa: F405
STATIC_ROOT = os.environ.get("HEALTHYPLACES_STATIC_ROOT") or STATIC_ROOT  # noqa: F405
