"""Helpers the tests share, imported from here (fixtures stay in conftest.py files)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

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
        for _ in range(150):
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
