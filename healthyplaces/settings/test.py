"""The test suite: SQLite in memory unless DATABASE_URL names another database."""
from .base import *  # noqa: F401,F403
from .base import NODE_MODULES, PROJECT_DIR, STATICFILES_DIRS, tasks

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# axe-core for the browser tests' accessibility check, served like the site's own scripts (the CSP allows no other).
STATICFILES_DIRS = [*STATICFILES_DIRS, ("axe-core", NODE_MODULES / "axe-core")]
# Jobs run inside the request that starts them, unless a test (or the browser journeys' server) asks for the worker.
TASKS = tasks("immediate")
# England's 2.3 million postcodes would take a minute to load: the tests' England has Stockton-on-Tees' 7,000.
POSTCODES_DIR = PROJECT_DIR / "places" / "tests" / "data"
