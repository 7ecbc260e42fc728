"""Benchmark: a programme's figures and the participants list, with 50 programmes, 100,000 participants and
300,000 measures.

Runs on a fresh SQLite database in a temporary folder (or the one `--keep` names, reused), with England loaded for
the LSOAs and their deprivation. Each of 50 made-up programmes has 2,000 participants across England, with goals,
3 contacts each, and 3 scored measures each (SWEMWBS at the start and the end, ONS4 at the start; 300,000 in all).
Each figure is printed with its ratio to a baseline measured in the same run, so machines of different speeds
compare:
- a programme's figures (the whole programme and every split, with Wilson intervals, paired t and bootstrap
  intervals, as the figures page computes them) against a pandas groupby of the same counts and mean changes
  from the same rows (no intervals);
- the participants list with filters (as a named officer, through the whole Django stack) against /healthz.
Targets (issue 16): a programme's figures under 500 ms; the participants list with filters p95 under 100 ms.

    .venv/bin/python bench/outcomes.py [--programmes 50] [--participants 2000] [--repeats 20] [--keep DIR]
"""
import argparse
import random
import statistics
import time
from datetime import date, timedelta

from timing import django_on_kept_sqlite, percentile, time_requests, timed


def make_data(args):
    """England, then the programmes, their participants and records, written in bulk."""
    from django.conf import settings
    from django.db import transaction

    from healthyplaces.accounts.models import Organisation, Role
    from healthyplaces.accounts.services import create_person
    from healthyplaces.methods.wellbeing import score
    from healthyplaces.outcomes.measures import measures
    from healthyplaces.outcomes.models import Contact, Goal, Participant, Programme, Score
    from healthyplaces.places.loading import load_england
    from healthyplaces.places.models import Lsoa

    load_england(settings.DATA_DIR)
    rng = random.Random(16)
    today = date.today()
    council = Organisation.objects.create(name="Bench council", kind="council")
    officer = create_person("bench-officer", role=Role.OFFICER, organisation=council)[0]
    lsoas = list(Lsoa.objects.filter(vintage=2011).values_list("pk", flat=True))
    swemwbs, ons4 = measures()["swemwbs"], measures()["ons4"]
    started = time.perf_counter()
    for number in range(args.programmes):
        with transaction.atomic():
            programme = Programme.objects.create(
                name=f"Bench programme {number}", slug=f"bench-{number}", kind="peer_advocacy", organisation=council,
                measures=[{"measure": "swemwbs", "when": ["start", "end"]}, {"measure": "ons4", "when": ["start"]}],
                outcomes=[{"code": "tenancy", "label": "Tenancy"}])
            programme.officers.add(officer)
            people = Participant.objects.bulk_create([Participant(
                programme=programme, reference=f"B{number}-{i:05d}", joined_on=today - timedelta(days=rng.randint(60, 400)),
                sex=rng.choice(["female", "male", ""]), age_band=rng.choice(["18-24", "25-34", "35-49", "50-64", "65+"]),
                lsoa_id=rng.choice(lsoas), left_on=today - timedelta(days=5) if rng.random() < 0.2 else None)
                for i in range(args.participants)])
            goals, contacts, scores = [], [], []
            for person in people:
                for _ in range(rng.randint(0, 2)):
                    goals.append(Goal(participant=person, text="A goal", set_on=person.joined_on,
                                      co_produced=rng.random() < 0.5, progress=rng.choice(Goal.Progress.values)))
                for week in range(3):
                    contacts.append(Contact(participant=person, on=today - timedelta(days=7 * week + rng.randint(0, 6)),
                                            kind="phone"))
                for info, when, centre in ((swemwbs, "start", 2.7), (swemwbs, "end", 3.2), (ons4, "start", 5)):
                    answers = {item.id: max(info.instrument.low, min(info.instrument.high, round(rng.gauss(centre, 1))))
                               for item in info.items}
                    values, results, note = score(info.instrument, answers)
                    scores.append(Score(participant=person, measure=info.code, timepoint=when, answers=values,
                                        results=results, note=note,
                                        taken_on=person.joined_on + timedelta(days=0 if when == "start" else 50)))
            Goal.objects.bulk_create(goals, batch_size=5000)
            Contact.objects.bulk_create(contacts, batch_size=5000)
            Score.objects.bulk_create(scores, batch_size=5000)
    print(f"Made {args.programmes} programmes, {args.programmes * args.participants:,} participants and "
          f"{Score.objects.count():,} measures in {time.perf_counter() - started:.0f} s")


def pandas_figures(programme):
    """The same counts and mean changes by a pandas groupby, from the same rows (no intervals, no suppression)."""
    import pandas as pd

    from healthyplaces.outcomes.models import Goal, Participant, Score
    from healthyplaces.places.models import Deprivation

    people = pd.DataFrame.from_records(Participant.objects.filter(programme=programme).values(
        "pk", "sex", "age_band", "lsoa_id"))
    deciles = pd.DataFrame.from_records(Deprivation.objects.filter(
        edition="2019", lsoa__in=people["lsoa_id"].unique().tolist()).values("lsoa_id", "imd_decile"))
    people = people.merge(deciles, on="lsoa_id", how="left")
    people["quintile"] = (people["imd_decile"] + 1) // 2
    goals = pd.DataFrame.from_records(Goal.objects.filter(participant__programme=programme).values(
        "participant", "co_produced", "progress"))
    people["goals_set"] = people["pk"].isin(goals.loc[goals["co_produced"], "participant"])
    people["achieved"] = people["pk"].isin(goals.loc[goals["progress"] == "achieved", "participant"])
    scores = pd.DataFrame.from_records(Score.objects.filter(participant__programme=programme, measure="swemwbs")
                                       .exclude(results={}).order_by("taken_on", "pk").values("participant", "results"))
    scores["metric"] = [r["metric"] for r in scores["results"]]
    ends = scores.groupby("participant")["metric"].agg(["first", "last", "size"])
    change = (ends["last"] - ends["first"])[ends["size"] > 1].rename("change")
    people = people.merge(change, left_on="pk", right_index=True, how="left")
    found = {}
    for split in ("quintile", "sex", "age_band"):
        found[split] = people.groupby(split, dropna=False).agg(
            n=("pk", "size"), goals_set=("goals_set", "sum"), achieved=("achieved", "sum"), change=("change", "mean"))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programmes", type=int, default=50)
    parser.add_argument("--participants", type=int, default=2000, help="in each programme")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--keep", help="a folder for the database, reused when it is already there")
    args = parser.parse_args()
    work, reuse = django_on_kept_sqlite(args.keep, "outcomes")
    from django.core.management import call_command
    from django.test import Client

    from healthyplaces.accounts.models import User
    from healthyplaces.outcomes.figures import programme_figures
    from healthyplaces.outcomes.models import Programme

    call_command("migrate", "--no-input", verbosity=0)
    if not reuse or not Programme.objects.exists():
        make_data(args)
    programme = Programme.objects.get(slug="bench-7")

    ours = timed(lambda: programme_figures(programme), args.repeats)
    ours_public = timed(lambda: programme_figures(programme, public=True), args.repeats)
    baseline = timed(lambda: pandas_figures(programme), args.repeats)
    median, base = statistics.median(ours), statistics.median(baseline)
    print(f"A programme's figures (2,000 people, every split, with intervals): median {median:.0f} ms, "
          f"p95 {percentile(ours, 95):.0f} ms (target 500 ms); suppressed {statistics.median(ours_public):.0f} ms; "
          f"pandas groupby of the same counts and mean changes {base:.0f} ms; ratio {median / base:.1f}x")

    client = Client()
    client.force_login(User.objects.get(username="bench-officer"))
    urls = [f"/outcomes/bench-{n}/?{query}" for n in range(0, args.programmes, 7) for query in (
        "sex=female&status=current", "age_band=35-49", "reference=B&page=3", "status=left&sex=male")]
    listing = time_requests(client, urls, args.requests)
    healthz = time_requests(client, "/healthz", args.requests)
    p95, floor = percentile(listing, 95), percentile(healthz, 95)
    print(f"Participants list with filters: p95 {p95:.0f} ms (target 100 ms), median {statistics.median(listing):.0f} ms; "
          f"/healthz p95 {floor:.1f} ms; ratio {p95 / floor:.0f}x")
    print(f"Database: {work / 'bench.sqlite3'}")


if __name__ == "__main__":
    main()
