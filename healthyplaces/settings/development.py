"""Local use: SQLite in var/, debug pages, static files served from node_modules."""
from .base import *  # noqa: F401,F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = "development-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
WHITENOISE_USE_FINDERS = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
VAR_DIR.mkdir(exist_ok=True)
