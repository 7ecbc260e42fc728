"""Benchmark: the full England load, and the area pages under repeated requests.

Runs on a fresh SQLite database in a temporary folder, in one process. Each figure is printed with
its ratio to a baseline measured in the same run, so machines of different speeds compare:
- the load against merely reading and parsing the same CSV files with the csv module;
- each page against /healthz, the cheapest request the site answers.
Targets (issue 2): load under 30 s; page p95 under 150 ms.

    .venv/bin/python bench/places.py [--requests N]
"""
import argparse
import csv
import gzip
import statistics
import tempfile
import time
from pathlib import Path

from timing import django_on_fresh_sqlite, percentile, time_requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="healthyplaces-bench-"))
    django_on_fresh_sqlite(work)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from healthyplaces.places.loading import FILES, load_england

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    for name in FILES.values():
        path = settings.DATA_DIR / name
        with (gzip.open(path, "rt", encoding="utf-8-sig") if name.endswith(".gz") else open(path, encoding="utf-8-sig")) as f:
            sum(1 for _ in csv.reader(f))
    parse_only = time.perf_counter() - started

    started = time.perf_counter()
    load = load_england(settings.DATA_DIR)
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    load_england(settings.DATA_DIR)
    reload_seconds = time.perf_counter() - started

    print(f"England load: {load.rows:,} rows from {len(load.files)} files")
    print(f"  first load   {load_seconds:6.2f} s   target < 30 s   {'MET' if load_seconds < 30 else 'MISSED'}"
          f"   ratio to parsing the CSVs alone ({parse_only:.2f} s): {load_seconds / parse_only:.1f}x")
    print(f"  second load  {reload_seconds:6.2f} s   (changes nothing)   ratio: {reload_seconds / parse_only:.1f}x")

    client = Client()
    baseline = time_requests(client, "/healthz", args.requests)
    base95 = percentile(baseline, 95)
    print(f"\nPages, {args.requests} requests each, SQLite, one process (p95 target < 150 ms):")
    print(f"  {'page':55} {'p50 ms':>8} {'p95 ms':>8} {'x healthz':>10}")
    print(f"  {'/healthz (baseline)':55} {statistics.median(baseline):8.1f} {base95:8.1f} {1:10.1f}")
    pages = [
        "/places/local-authority/E06000004/",            # Stockton-on-Tees, 120 LSOAs
        "/places/local-authority/E06000047/",            # County Durham, 324 LSOAs
        "/places/local-authority/E06000047/?domain=health&deciles=1&deciles=2&sort=name",
        "/places/local-authority/E08000025/",            # Birmingham, 639 LSOAs
        "/places/lsoa/E01012187/",
        "/places/lsoa/E01026968/?edition=2025",
    ]
    worst = 0
    for url in pages:
        times = time_requests(client, url, args.requests)
        p95 = percentile(times, 95)
        worst = max(worst, p95)
        print(f"  {url:55} {statistics.median(times):8.1f} {p95:8.1f} {p95 / base95:10.1f}")
    print(f"\nWorst page p95 {worst:.1f} ms: {'MET' if worst < 150 else 'MISSED'} (target < 150 ms)")


if __name__ == "__main__":
    main()
