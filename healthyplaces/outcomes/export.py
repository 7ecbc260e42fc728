"""A programme's data for its evaluator: one row per participant, pseudonymised (a key of the export's own, not the
programme's reference; no LSOA, only its deprivation quintile; months, not dates; no goal's words), and safe to
open in a spreadsheet. The programme's other named people get its figures instead, small numbers suppressed."""
from collections import Counter, defaultdict

from django.utils.crypto import salted_hmac

from healthyplaces.places.models import DEFAULT_EDITION, Deprivation

from .figures import in_regular_contact
from .measures import measures
from .models import Contact, Goal, OutcomeCheck, Score


def export_key(participant_pk, programme):
    """A stable pseudonym for the export: the same person gets the same key each time, which leads to no record."""
    return "P-" + salted_hmac(f"healthyplaces.outcomes.export.{programme.pk}", str(participant_pk),
                              algorithm="sha256").hexdigest()[:10]


def _month(on):
    return on.strftime("%Y-%m") if on else ""


def participant_rows(programme, as_of):
    """(columns, rows): one row per participant."""
    people = list(programme.participants.order_by("pk").values(
        "pk", "age_band", "sex", "ethnicity", "lsoa_id", "referral_source", "joined_on", "left_on"))
    ids = [p["pk"] for p in people]
    deciles = dict(Deprivation.objects.filter(edition=DEFAULT_EDITION, lsoa__in={p["lsoa_id"] for p in people})
                   .values_list("lsoa_id", "imd_decile"))
    goals = defaultdict(Counter)
    for participant, co_produced, progress in Goal.objects.filter(participant__in=ids).values_list(
            "participant", "co_produced", "progress"):
        goals[participant]["set"] += 1
        goals[participant]["co_produced"] += co_produced
        goals[participant]["achieved"] += progress == Goal.Progress.ACHIEVED
    contacts = defaultdict(list)
    for participant, on in Contact.objects.filter(participant__in=ids).values_list("participant", "on"):
        contacts[participant].append(on)
    latest = {}
    for participant, outcome, achieved in OutcomeCheck.objects.filter(participant__in=ids).order_by(
            "on", "pk").values_list("participant", "outcome", "achieved"):
        latest[(participant, outcome)] = achieved
    scored = defaultdict(list)
    for participant, measure, results in Score.objects.filter(participant__in=ids).exclude(results={}).order_by(
            "taken_on", "pk").values_list("participant", "measure", "results"):
        scored[(participant, measure)].append(results)
    components = [(code, key, label) for code in sorted({m for _, m in scored})
                  for key, (label, *_rest) in measures()[code].components.items()]
    columns = (["participant", "age_band", "sex", "ethnic_group", "deprivation_quintile", "referral_source",
                "joined_month", "left_month", "goals_set", "goals_co_produced", "goals_achieved", "contacts",
                "in_regular_contact"]
               + [f"outcome_{o['code']}" for o in programme.outcomes]
               + [f"{code}_{key}_{when}" for code, key, _ in components for when in ("first", "last")])
    rows = []
    for person in people:
        pk = person["pk"]
        decile = deciles.get(person["lsoa_id"])
        row = [export_key(pk, programme), person["age_band"], person["sex"], person["ethnicity"],
               (decile + 1) // 2 if decile else "", person["referral_source"], _month(person["joined_on"]),
               _month(person["left_on"]), goals[pk]["set"], goals[pk]["co_produced"], goals[pk]["achieved"],
               len(contacts[pk]),
               "yes" if in_regular_contact(contacts[pk], programme.regular_contact_weeks, as_of) else "no"]
        row += [{True: "yes", False: "no"}.get(latest.get((pk, o["code"])), "") for o in programme.outcomes]
        for code, key, _ in components:
            done = scored.get((pk, code), [])
            row += [done[0].get(key, "") if done else "", done[-1].get(key, "") if len(done) > 1 else ""]
        rows.append(row)
    return columns, rows


def figure_rows(figures):
    """(columns, rows) of a programme's figures, one row per figure and group (hidden ones left blank)."""
    columns = ["split", "group", "figure", "count", "people", "share", "lower_95", "upper_95", "mean_change",
               "t_lower_95", "t_upper_95", "bootstrap_lower_95", "bootstrap_upper_95", "improved"]
    rows = []
    groups = [("Whole programme", "All", figures.total)] + [(title, group["label"], group)
                                                           for title, members in figures.splits for group in members]
    for split, label, group in groups:
        rows.append([split, label, "People engaged", None, group.get("n")] + [None] * 9)
        for row in figures.rows:
            figure = group.get(row.key)
            if row.kind == "share":
                rows.append([split, label, row.label, figure.count, figure.n if not figure.hidden else None,
                             figure.share, figure.lower, figure.upper] + [None] * 6)
            else:
                rows.append([split, label, row.label, None, figure.n if not figure.hidden else None, None, None, None,
                             figure.change, figure.t_lower, figure.t_upper, figure.boot_lower, figure.boot_upper,
                             figure.improved])
    return columns, rows
