"""Benchmark: the neighbourhood profile report, as HTML and as PDF, with the Stockton demo data plus 5,000 actions
and 50,000 progress updates.

Runs on a fresh SQLite database in a temporary folder, in one process, with England loaded, the sample assets and
insights for Stockton-on-Tees, the Stockton demo actions (`actions load-sample` where it exists) and made-up actions
across Stockton-on-Tees, a tenth of them in the neighbourhood. Each figure is printed with its ratio to a plain page
render measured in the same run (the neighbourhood's own public page), so machines of different speeds compare.
Targets: the neighbourhood profile's HTML under 1 s and its PDF under 5 s; the actions list with filters (where the
actions pages are installed) p95 under 100 ms.

    .venv/bin/python bench/reports.py [--actions 5000] [--updates 50000] [--repeats 5] [--keep DIR]
"""
import argparse
import io
import random
import statistics
import time
from datetime import date, timedelta

from timing import django_on_kept_sqlite, percentile, time_requests, timed

HOOD = "Stockton town centre and Portrack"
TOWN_CENTRE = ["E01012187", "E01012188", "E01012189", "E01012190"]


def load(args):
    from django.conf import settings
    from django.core.management import call_command

    from healthyplaces.accounts.models import Organisation
    from healthyplaces.actions.models import Action, ProgressUpdate
    from healthyplaces.places.loading import load_england
    from healthyplaces.places.models import Lsoa, Neighbourhood
    from healthyplaces.places.services import save_neighbourhood

    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    load_england(settings.DATA_DIR)
    council, _ = Organisation.objects.get_or_create(name="Stockton-on-Tees Borough Council", defaults={"kind": "council"})
    council.areas.set(["E06000004"])
    call_command("assets", "sample", "--authority", "E06000004", **quiet)
    call_command("insights", "load-sample", **quiet)
    try:
        call_command("actions", "load-strategies", **quiet)
        call_command("actions", "load-sample", **quiet)
    except Exception as error:  # the demo actions' loader is not installed here
        print(f"(no Stockton demo actions: {error})")
    hood = Neighbourhood.objects.filter(name=HOOD).first() or save_neighbourhood(HOOD, TOWN_CENTRE, published=True)
    rng = random.Random(11)
    lsoas = list(Lsoa.objects.filter(vintage=2011, local_authority_id="E06000004"))
    statuses = [s for s in Action.Status.values if s != Action.Status.DROPPED]
    started = time.perf_counter()
    Action.objects.bulk_create([
        Action(title=f"Bench action {i}", owner=council, status=rng.choice(statuses), is_sample=True,
               start_date=date(2024, 1, 1), due_date=date(2024, 1, 1) + timedelta(days=rng.randint(0, 1000)))
        for i in range(args.actions)], batch_size=1000)
    made = list(Action.objects.filter(title__startswith="Bench action ").order_by("id"))
    Action.lsoas.through.objects.bulk_create([Action.lsoas.through(action_id=a.pk, lsoa_id=rng.choice(lsoas).pk)
                                              for a in made], batch_size=2000)
    Action.neighbourhoods.through.objects.bulk_create([Action.neighbourhoods.through(action_id=a.pk, neighbourhood_id=hood.pk)
                                                       for a in made[::10]], batch_size=2000)
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(action=rng.choice(made), date=date(2024, 1, 1) + timedelta(days=rng.randint(0, 900)),
                       text=f"Bench progress {i}", organisation=council) for i in range(args.updates)], batch_size=2000)
    print(f"Made {len(made):,} actions and {args.updates:,} progress updates in {time.perf_counter() - started:.1f} s")
    return hood


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--updates", type=int, default=50000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--keep", help="a folder to keep the database in (reused when there)")
    args = parser.parse_args()
    work, reuse = django_on_kept_sqlite(args.keep, "reports")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from healthyplaces.places.models import Neighbourhood
    from healthyplaces.reports import services

    hood = Neighbourhood.objects.get(name=HOOD) if reuse else load(args)
    client = Client()
    page = time_requests(client, reverse("places:neighbourhood", args=[hood.slug]), args.repeats * 4)
    baseline = statistics.median(page)
    html_ms = timed(lambda: services.render("neighbourhood-profile", area=HOOD), args.repeats)
    _, html, _ = services.render("neighbourhood-profile", area=HOOD)
    pdf_ms = timed(lambda: services.pdf_of(html), max(2, args.repeats // 2))
    render_ms = [h + p for h, p in zip(html_ms, pdf_ms)]
    print(f"Plain page (the neighbourhood's public page): median {baseline:.0f} ms")
    print(f"Neighbourhood profile HTML: median {statistics.median(html_ms):.0f} ms, max {max(html_ms):.0f} ms "
          f"({statistics.median(html_ms) / baseline:.1f}x the plain page; target under 1,000 ms)")
    print(f"Neighbourhood profile PDF from its HTML: median {statistics.median(pdf_ms):.0f} ms, max {max(pdf_ms):.0f} ms "
          f"({statistics.median(pdf_ms) / baseline:.1f}x the plain page); HTML and PDF together median "
          f"{statistics.median(render_ms):.0f} ms (target under 5,000 ms)")
    try:
        actions_url = reverse("actions:list")
    except NoReverseMatch:
        print("Actions list: the actions pages are not installed here, so not measured")
        return
    from healthyplaces.accounts.models import Organisation, Role
    from healthyplaces.accounts.services import create_person

    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.filter(username="bench-officer").first() or create_person(
        "bench-officer", role=Role.OFFICER, organisation=Organisation.objects.get(name="Stockton-on-Tees Borough Council"))[0]
    client.force_login(officer)
    urls = [f"{actions_url}?status=on_track", f"{actions_url}?status=at_risk&page=2", actions_url]
    times = time_requests(client, urls, args.repeats * 20)
    print(f"Actions list with filters: p95 {percentile(times, 95):.0f} ms "
          f"({percentile(times, 95) / baseline:.1f}x the plain page; target under 100 ms)")
    print(f"(database in {work})")


if __name__ == "__main__":
    main()
