"""What every benchmark needs: Django on a fresh SQLite file, and timings with percentiles."""
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def django_on_fresh_sqlite(work):
    """Point Django at an SQLite file in `work` (not the demo's database) and set it up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "healthyplaces.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(work) / 'bench.sqlite3'}"
    os.environ["HEALTHYPLACES_VAR_DIR"] = str(work)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def django_on_kept_sqlite(keep, name):
    """Django on an SQLite file in `keep` (reused when already there) or in a new temporary folder.
    Returns the folder and whether its database was reused."""
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix=f"healthyplaces-bench-{name}-"))
    work.mkdir(parents=True, exist_ok=True)
    reuse = (work / "bench.sqlite3").exists()
    django_on_fresh_sqlite(work)
    return work, reuse


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(function, repeats):
    """Milliseconds of each of `repeats` calls, after one call to warm up."""
    function()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_requests(client, urls, n):
    """Milliseconds of n GETs cycling through the URLs (each warmed once); every answer must be 200."""
    urls = [urls] if isinstance(urls, str) else list(urls)
    for url in urls:
        client.get(url)
    times = []
    for i in range(n):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times
