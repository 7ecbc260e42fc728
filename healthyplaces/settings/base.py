"""Settings shared by every environment; each environment file says only what differs."""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def _count(name, default=0, least=0):
    text = os.environ.get(name, str(default))
    if not text.isdigit() or int(text) < least:
        raise ImproperlyConfigured(f"{name} must be a whole number of {least} or more, not {text!r}.")
    return int(text)


PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
DATA_DIR = Path(os.environ.get("HEALTHYPLACES_DATA_DIR", BASE_DIR / "data"))
# The folder whose postcodes/ the England load reads (places/postcode_loading.py): data/ unless set.
POSTCODES_DIR = Path(os.environ.get("HEALTHYPLACES_POSTCODES_DIR", DATA_DIR))
NODE_MODULES = BASE_DIR / "node_modules"
VAR_DIR = Path(os.environ.get("HEALTHYPLACES_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "healthyplaces.accounts",
    "healthyplaces.uploads",
    "healthyplaces.jobs",
    "healthyplaces.places",
    "healthyplaces.indicators",
    "healthyplaces.assets",
    "healthyplaces.insights",
    "healthyplaces.assessments",
    "healthyplaces.outcomes",
    "healthyplaces.grants",
    "healthyplaces.actions",
    "healthyplaces.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "healthyplaces.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "healthyplaces.accounts.middleware.AuditActorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "healthyplaces.urls"
WSGI_APPLICATION = "healthyplaces.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "healthyplaces.context_processors.site",
            ],
            "builtins": ["healthyplaces.templatetags.pagination"],
        },
    },
]

# Fields render as GOV.UK Design System components (healthyplaces/forms.py, templates/govuk/).
FORM_RENDERER = "healthyplaces.forms.GovukRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'healthyplaces.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Background jobs (healthyplaces.jobs): queued in the database and run by `healthyplaces db_worker`
# beside the web server (several on PostgreSQL); HEALTHYPLACES_TASKS=immediate runs each job inside the
# request that starts it instead, with no worker (the tests' default).
TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend",
                 "immediate": "django_tasks.backends.immediate.ImmediateBackend"}


def tasks(default):
    name = os.environ.get("HEALTHYPLACES_TASKS", default)
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(f"HEALTHYPLACES_TASKS is 'database' or 'immediate', not {name!r}.")
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


TASKS = tasks("database")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Signed-in people are signed out after this many minutes without a request (the session is saved,
# and its expiry pushed back, on every request).
SESSION_COOKIE_AGE = _count("HEALTHYPLACES_IDLE_MINUTES", 60, least=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
PASSWORD_RESET_TIMEOUT = 60 * 60  # a password reset link works for an hour

# Password reset emails: printed on the console unless an SMTP server is configured (production).
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("HEALTHYPLACES_FROM_EMAIL", "healthy-places@localhost")

# How many reverse proxies stand in front of the app and append to X-Forwarded-For (0: none, the
# header is ignored). The sign-in lockout takes the client's address from it (healthyplaces.client_address).
TRUSTED_PROXIES = _count("HEALTHYPLACES_TRUSTED_PROXIES")

# Lock an account after five failed logins for one hour, from that address only (username + address),
# so a stranger cannot lock a person out of their account.
AXES_CLIENT_IP_CALLABLE = "healthyplaces.client_address.client_address"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Headers every response carries in every environment (the Content-Security-Policy and
# Permissions-Policy: healthyplaces.security_headers).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

# GOV.UK Frontend's compiled CSS asks for /assets/fonts and /assets/images, so static files live at /assets/.
STATIC_URL = "/assets/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    PROJECT_DIR / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Request bodies are capped: a form's fields at 2.5 MB and 1,000 fields, a file at MAX_UPLOAD_SIZE
# (the form then says the file is too large, naming the limit). A file over 2.5 MB waits on disk, not in memory.
MAX_UPLOAD_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "healthyplaces.uploads.handlers.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Map background tiles are off by default: no third-party requests at run time. Set a tile URL
# template (and its attribution) to draw a base map under the boundaries.
MAP_TILE_URL = os.environ.get("HEALTHYPLACES_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("HEALTHYPLACES_MAP_TILE_ATTRIBUTION", "")

# Awards published as 360Giving open data: the publisher's prefix 360Giving gives when it registers (grants/threesixtygiving.py).
GRANTS_360GIVING_PREFIX = os.environ.get("HEALTHYPLACES_360GIVING_PREFIX", "360G-healthyplaces")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "healthyplaces.jsonlog.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Presidio logs each recogniser it fetches, for every text it checks.
        "presidio-analyzer": {"level": "WARNING"},
    },
}
