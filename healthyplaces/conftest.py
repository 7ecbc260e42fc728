"""Fixtures for the whole suite.

The test database gets all of England once per session (about 15 s), so tests check real figures.
Browser journeys run against a real server process with its own database, in headless Chromium.
"""
import csv
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from healthyplaces.accounts.models import Role
from healthyplaces.testing import PASSWORD, REPORT_CSP_VIOLATIONS, SOURCE_DATA, command, running_server, site_env


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.conf import settings

    from healthyplaces.places.loading import load_england
    from healthyplaces.places.postcode_loading import load_shipped

    with django_db_blocker.unblock():
        load_england(SOURCE_DATA)
        load_shipped(settings.POSTCODES_DIR)  # Stockton-on-Tees' postcodes (settings.test)


@pytest.fixture
def people(db):
    """One signed-up person for each role, each in an organisation of its own kind; the council covers
    Stockton-on-Tees, so its officers and analysts act on the records there (accounts.permissions)."""
    from healthyplaces.accounts.models import Organisation
    from healthyplaces.accounts.services import create_person

    council = Organisation.objects.create(name="Stockton-on-Tees Borough Council", kind="council")
    council.areas.set(["E06000004"])
    vcse = Organisation.objects.create(name="Catalyst Stockton", kind="vcse")
    developer = Organisation.objects.create(name="Tees Homes Ltd", kind="developer")
    home = {Role.PARTNER: vcse, Role.CHAMPION: vcse, Role.APPLICANT: developer}
    return {role: create_person(f"{role}-person", role=role, organisation=home.get(role, council), password=PASSWORD)[0]
            for role in Role.values}


@pytest.fixture
def client_for(client):
    """client_for(user) signs that person in (None: anonymous)."""
    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client
    return sign_in


# A small but real data folder: the official files cut down to Stockton-on-Tees (and its successor
# lookups), so import tests run in a second while reading exactly the same formats.
MINI_AUTHORITY = "E06000004"


def _filter_csv(source, target, keep, gz=False):
    opener = gzip.open if gz else open
    with opener(source, "rt", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    target.parent.mkdir(parents=True, exist_ok=True)
    with opener(target, "wt", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(rows[0])
        writer.writerows(r for r in rows[1:] if keep(r))


@pytest.fixture(scope="session")
def mini_data_source(tmp_path_factory):
    from healthyplaces.places.loading import BOUNDARY_GLOBS, FILES

    root = tmp_path_factory.mktemp("mini-data-source")
    with open(SOURCE_DATA / FILES["imd2019_file1"], encoding="utf-8-sig") as f:
        codes = {r[0] for r in csv.reader(f) if len(r) > 2 and r[2] == MINI_AUTHORITY}
    with open(SOURCE_DATA / FILES["imd2025_file1"], encoding="utf-8-sig") as f:
        codes21 = {r[0] for r in csv.reader(f) if len(r) > 2 and r[2] == MINI_AUTHORITY}
    for key, name in FILES.items():
        if key in ("la_codes", "imd2025_la_summary"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(SOURCE_DATA / name, root / name)
            continue
        wanted = codes21 if key.startswith("imd2025") else codes
        _filter_csv(SOURCE_DATA / name, root / name, lambda r: any(c in wanted for c in r[:5]), gz=name.endswith(".gz"))
    for pattern in BOUNDARY_GLOBS.values():
        for path in SOURCE_DATA.glob(pattern):
            if MINI_AUTHORITY in path.name:
                (root / path.relative_to(SOURCE_DATA)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, root / path.relative_to(SOURCE_DATA))
    return root


@pytest.fixture
def mini_data(mini_data_source, tmp_path):
    """A fresh copy of the small data folder that a test may spoil."""
    target = tmp_path / "data"
    shutil.copytree(mini_data_source, target)
    return target


# Browser journeys.


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def live_site_env(tmp_path_factory):
    """The environment of the live site's server: a command run with it works on the same database."""
    return site_env(tmp_path_factory.mktemp("live-site"))


@pytest.fixture(scope="session")
def live_site(live_site_env):
    """A real Healthy Places server on loopback, with England loaded and a person in each role."""
    env = live_site_env
    command(env, "migrate", "--no-input", "-v0")
    command(env, "load-england", "--no-progress")
    command(env, "frameworks", "load", *map(str, sorted((SOURCE_DATA / "frameworks").glob("*.yaml"))))
    command(env, "load-mortality")
    subprocess.run([sys.executable, "-m", "healthyplaces.e2e_people", PASSWORD], env=env, check=True)
    with running_server(env, Path(env["HEALTHYPLACES_VAR_DIR"])) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium is needed for the browser tests: install Debian's chromium package (looked at {CHROMIUM}).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def csp_violations():
    """What the Content-Security-Policy refused during a browser test (which fails unless it is empty)."""
    return []


@pytest.fixture
def page(browser, live_site, csp_violations):
    context = browser.new_context(base_url=live_site, viewport={"width": 1280, "height": 900})
    context.expose_function("reportCspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not csp_violations, "The Content-Security-Policy refused:\n" + "\n".join(csp_violations)
