"""Fixtures for the whole suite.

The test database gets all of England once per session (about 15 s), so tests check real figures.
Browser journeys run against a real server process with its own database, in headless Chromium.
"""
import csv
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from healthyplaces.accounts.models import Role

REPO = Path(__file__).resolve().parent.parent
SOURCE_DATA = REPO / "data"
PASSWORD = "a-Long-test-passphrase-42"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from healthyplaces.places.loading import load_england

    with django_db_blocker.unblock():
        load_england(SOURCE_DATA)


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


def database_snapshot():
    """A fingerprint of everything the places part stores, to prove a refused import wrote nothing."""
    import hashlib

    from django.apps import apps

    snapshot = {}
    for model in apps.get_app_config("places").get_models():
        if model._meta.model_name == "dataload":  # the log of loads, not the data
            continue
        digest = hashlib.sha256()
        for row in model.objects.order_by("pk").values_list().iterator(chunk_size=5000):
            digest.update(repr(row).encode())
        snapshot[model._meta.label] = digest.hexdigest()
    return snapshot


# Browser journeys.


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def live_site_env(tmp_path_factory):
    """The environment of the live site's server: a command run with it works on the same database."""
    work = tmp_path_factory.mktemp("live-site")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "healthyplaces.settings.test",
            "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}", "HEALTHYPLACES_VAR_DIR": str(work)}


@pytest.fixture(scope="session")
def live_site(live_site_env):
    """A real Healthy Places server on loopback, with England loaded and a person in each role."""
    env = live_site_env
    work = Path(env["HEALTHYPLACES_VAR_DIR"])
    run = [sys.executable, "-m", "healthyplaces.cli"]
    subprocess.run(run + ["migrate", "--no-input", "-v0"], env=env, check=True)
    subprocess.run(run + ["load-england", "--no-progress"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(run + ["frameworks", "load", *map(str, sorted((SOURCE_DATA / "frameworks").glob("*.yaml")))], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(run + ["load-mortality"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "healthyplaces.e2e_people", PASSWORD], env=env, check=True)
    port = _free_port()
    log = open(work / "server.log", "w")
    server = subprocess.Popen(run + ["runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):  # a minute: on a busy machine the system checks alone can take twenty seconds
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        raise RuntimeError("The test server did not start: " + (work / "server.log").read_text())
    yield url
    server.terminate()
    server.wait(10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium is needed for the browser tests: install Debian's chromium package (looked at {CHROMIUM}).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every page reports what its Content-Security-Policy refused, to Python, before any script of its own runs.
REPORT_CSP_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', function (e) {
  window.reportCspViolation(e.violatedDirective + ' refused ' + (e.blockedURI || 'inline') + ' at ' + e.documentURI
                            + (e.lineNumber ? ':' + e.lineNumber : '') + ' ' + (e.sample || ''))
})
"""


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


def assert_accessible(page):
    """axe-core on the current page: no serious or critical violation."""
    page.add_script_tag(url="/assets/axe-core/axe.min.js")  # from the test server (settings.test), as the CSP allows
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps([{"id": v["id"], "impact": v["impact"], "help": v["help"],
                                 "nodes": [n["target"] for n in v["nodes"][:5]]} for v in bad], indent=1)


def sign_in(page, role):
    page.goto("/account/sign-in/")
    page.fill("#id_username", f"{role}-person")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(lambda url: "sign-in" not in url)
