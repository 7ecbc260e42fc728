"""Helpers the tests share, imported from here (fixtures stay in conftest.py files)."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE_DATA = REPO / "data"
PASSWORD = "a-Long-test-passphrase-42"  # every test person's
COMMAND = [sys.executable, "-m", "healthyplaces.cli"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_env(work, **extra):
    """The environment of a server and commands sharing one SQLite database in the folder `work`."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "healthyplaces.settings.test",
            "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}", "HEALTHYPLACES_VAR_DIR": str(work), **extra}


def command(env, *args, **kwargs):
    """Run `healthyplaces ARGS` in its own process, as a person at a terminal would."""
    return subprocess.run(COMMAND + list(args), env=env, check=True, capture_output=True, text=True, **kwargs)


@contextmanager
def running_server(env, work):
    """A Healthy Places server in its own process on loopback; yields its address."""
    port = free_port()
    log = open(work / "server.log", "w")
    server = subprocess.Popen(COMMAND + ["runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # a minute: on a busy machine the system checks alone can take twenty seconds
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("The test server did not start: " + (work / "server.log").read_text())
        yield url
    finally:
        server.terminate()
        server.wait(10)
        log.close()


def database_snapshot(app="places"):
    """A fingerprint of everything an app stores (the places part unless told), to prove a refused import wrote
    nothing."""
    import hashlib

    from django.apps import apps

    snapshot = {}
    for model in apps.get_app_config(app).get_models():
        if model._meta.model_name == "dataload":  # the log of loads, not the data
            continue
        digest = hashlib.sha256()
        for row in model.objects.order_by("pk").values_list().iterator(chunk_size=5000):
            digest.update(repr(row).encode())
        snapshot[model._meta.label] = digest.hexdigest()
    return snapshot


# Browser journeys.

# Every page reports what its Content-Security-Policy refused, to Python, before any script of its own runs.
REPORT_CSP_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', function (e) {
  window.reportCspViolation(e.violatedDirective + ' refused ' + (e.blockedURI || 'inline') + ' at ' + e.documentURI
                            + (e.lineNumber ? ':' + e.lineNumber : '') + ' ' + (e.sample || ''))
})
"""


def assert_accessible(page, impacts=("serious", "critical")):
    """axe-core on the current page: no violation of these impacts (add "moderate" where a page is clean of those too)."""
    page.add_script_tag(url="/assets/axe-core/axe.min.js")  # from the test server (settings.test), as the CSP allows
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in impacts]
    assert not bad, json.dumps([{"id": v["id"], "impact": v["impact"], "help": v["help"],
                                 "nodes": [n["target"] for n in v["nodes"][:5]]} for v in bad], indent=1)


def sign_in(page, role):
    page.goto("/account/sign-in/")
    page.fill("#id_username", f"{role}-person")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(lambda url: "sign-in" not in url)
