"""System checks that refuse to run production on SQLite or without a proper secret key.

Django runs them before `check --deploy`, `migrate`, `runserver` and every other command, and
wsgi.py runs them as the server starts, so a production server with either problem does not start.
They apply where the settings say PRODUCTION = True (healthyplaces.settings.production).
"""
from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

TAG = "healthyplaces"
SHORTEST_SECRET = 50  # characters; Django's own deployment check asks for the same
NOT_SECRET = {"development-only-not-secret", "test-only-not-secret"}


@register(TAG)
def production_settings(app_configs=None, **kwargs):
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors = []
    for alias, database in settings.DATABASES.items():
        if database["ENGINE"] == "django.db.backends.sqlite3":
            errors.append(Error(
                f"The {alias!r} database is SQLite, which holds one writer at a time and one machine's copy.",
                hint="Set DATABASE_URL to a PostgreSQL database, for example "
                     "postgres://healthyplaces:PASSWORD@HOST/healthyplaces.",
                id="healthyplaces.E001"))
    try:
        secret = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty one
        secret = ""
    if len(secret) < SHORTEST_SECRET or secret in NOT_SECRET or len(set(secret)) < 5:
        errors.append(Error(
            "There is no secret key, or it is too short or not secret: sessions and password reset links "
            "could be forged.",
            hint=f"Set HEALTHYPLACES_SECRET_KEY to a random value of at least {SHORTEST_SECRET} characters, for "
                 "example the output of: python -c \"import secrets; print(secrets.token_urlsafe(50))\"",
            id="healthyplaces.E002"))
    return errors


def refuse_to_start():
    """Run the checks above, raising if one fails: for servers that start without a management command."""
    from django.core.checks import run_checks

    errors = [e for e in run_checks(tags=[TAG]) if e.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{e.id}: {e.msg} {e.hint}" for e in errors))
