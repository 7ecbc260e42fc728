"""Issue 11, "Caches and settings": production refuses SQLite and a missing secret key (system checks
healthyplaces.E001 and E002, at `check --deploy` and at server start), and serves static files under
hashed names that resolve."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from healthyplaces.testing import COMMAND

SECRET = "a-very-long-random-production-secret-key-value-123-" + "x7Q"
POSTGRES = "postgres://healthyplaces:secret@localhost/healthyplaces"  # the checks do not connect


def _production(**values):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHYPLACES_") and k != "DATABASE_URL"}
    return {**env, "DJANGO_SETTINGS_MODULE": "healthyplaces.settings.production",
            "HEALTHYPLACES_ALLOWED_HOSTS": "healthyplaces.example.org", **values}


def _check(env):
    return subprocess.run(COMMAND + ["check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True,
                          text=True)


def test_production_settings_pass_the_deployment_checks():
    result = _check(_production(HEALTHYPLACES_SECRET_KEY=SECRET, DATABASE_URL=POSTGRES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("values,refusal", [
    ({"HEALTHYPLACES_SECRET_KEY": SECRET, "DATABASE_URL": "sqlite:///site.sqlite3"}, "healthyplaces.E001"),
    ({"HEALTHYPLACES_SECRET_KEY": SECRET}, "healthyplaces.E001"),  # no DATABASE_URL: the SQLite default
    ({"DATABASE_URL": POSTGRES}, "healthyplaces.E002"),
    ({"HEALTHYPLACES_SECRET_KEY": "short", "DATABASE_URL": POSTGRES}, "healthyplaces.E002"),
])
def test_production_refuses_sqlite_and_a_missing_secret(values, refusal):
    env = _production(**values)
    checked = _check(env)
    assert checked.returncode != 0 and refusal in checked.stderr, checked.stdout + checked.stderr
    assert "HEALTHYPLACES_SECRET_KEY" in checked.stderr or "DATABASE_URL" in checked.stderr
    # A WSGI server runs no management command: the application itself refuses to load.
    started = subprocess.run([sys.executable, "-c", "import healthyplaces.wsgi"], env=env, capture_output=True, text=True)
    assert started.returncode != 0 and refusal in started.stderr, started.stderr


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    env = _production(HEALTHYPLACES_SECRET_KEY=SECRET, DATABASE_URL=POSTGRES, HEALTHYPLACES_STATIC_ROOT=str(root))
    subprocess.run(COMMAND + ["collectstatic", "--no-input", "-v0"], env=env, check=True, capture_output=True)
    return root


RELATIVE_IMPORT = re.compile(r"""(?:import|export)\s[^;]*?\bfrom\s*["'](\.{1,2}/[^"']+)["']|import\s*["'](\.{1,2}/[^"']+)["']""")
HASHED = re.compile(r"\.[0-9a-f]{12}\.")


def test_collected_scripts_import_each_other_by_hashed_names(collected):
    libraries = ("govuk", "leaflet", "htmx", "axe-core")  # copied whole from node_modules, stored as they are
    scripts = [p for p in collected.rglob("*") if p.suffix in (".js", ".mjs") and HASHED.search(p.name)
               and p.relative_to(collected).parts[0] not in libraries]
    assert any(RELATIVE_IMPORT.search(p.read_text(errors="replace")) for p in scripts)  # init.mjs imports GOV.UK's
    for script in scripts:
        for match in RELATIVE_IMPORT.finditer(script.read_text(errors="replace")):
            target = (script.parent / (match.group(1) or match.group(2))).resolve()
            assert HASHED.search(target.name) and target.exists(), f"{script.name} imports {target.name}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/assets/", "/account/sign-in/"])
def test_pages_load_their_static_files_by_hashed_names_with_debug_off(collected, settings, client, url):
    settings.DEBUG = False
    settings.STATIC_ROOT = collected
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "healthyplaces.static_files.HashedStaticFiles"}}
    page = client.get(url)
    assert page.status_code == 200
    # Files only: the directory of community assets is at /assets/ too.
    found = set(re.findall(r'(?:src|href)="(/assets/[^"?#]+\.[a-z0-9]+)"', page.content.decode()))
    assert found
    for path in found:
        assert HASHED.search(Path(path).name), path
        assert (collected / path.removeprefix("/assets/")).is_file(), path
