"""A programme's figures from its records: people engaged, the shares with co-produced goals, with a goal achieved
and in regular contact, each outcome's share, and the paired change in each measure, for the whole programme and
by sex, age band and the deprivation quintile of where they live.

The statistics are `methods.programme_figures`' (Wilson intervals, paired t and bootstrap intervals, suppression).
The programme's named people see the figures as they are; anything shared beyond it (`public=True`) has small
numbers suppressed, with the rule shown.
"""
import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from healthyplaces.methods import programme_figures as stats
from healthyplaces.places.models import DEFAULT_EDITION, Deprivation

from .measures import measures
from .models import AgeBand, Contact, Goal, OutcomeCheck, Participant, Score, Sex

QUINTILES = {1: "1 (most deprived)", 2: "2", 3: "3", 4: "4", 5: "5 (least deprived)", None: "Not known"}


@dataclass
class Row:
    key: str
    label: str
    kind: str  # "share" or "change"
    note: str = ""


@dataclass
class Figures:
    rows: list  # Row, in the order shown
    total: dict  # {"n": people, row key: Share or Change}
    splits: list = field(default_factory=list)  # [(title, [{"label": ..., "n": ..., key: figure}])]
    regular_contact_rule: str = ""
    as_of: date | None = None
    suppressed: bool = False
    rule: str = stats.RULE

    def total_table(self):
        """[(Row, figure)] of the whole programme, for a template (which cannot look a key up by a variable)."""
        return [(row, self.total.get(row.key)) for row in self.rows]

    def split_tables(self):
        """[(title, groups, [(Row, [each group's figure])])], a table for each split."""
        return [(title, groups, [(row, [group.get(row.key) for group in groups]) for row in self.rows])
                for title, groups in self.splits]


def regular_contact_rule(programme):
    weeks = programme.regular_contact_weeks
    return (f"In regular contact: at least one contact in each of the last {weeks} weeks, of the people still on the "
            "programme.")


def in_regular_contact(contact_dates, weeks, as_of):
    """A contact in each of the `weeks` weeks up to `as_of` (week 0 is the 7 days ending on `as_of`)."""
    held = {(as_of - on).days // 7 for on in contact_dates if on <= as_of}
    return all(week in held for week in range(weeks))


def _change_rows(programme):
    """A row for each measure's scores (SWEMWBS by its metric score only), for the measures it uses or has taken."""
    codes = [entry["measure"] for entry in programme.measures if entry.get("measure") in measures()]
    taken = Score.objects.filter(participant__programme=programme).values_list("measure", flat=True).distinct()
    codes += sorted(set(taken) - set(codes))
    rows = []
    for code in codes:
        info = measures()[code]
        for component, (label, _better, change, source) in info.components.items():
            if code == "swemwbs" and component == "raw":
                continue
            rows.append(Row(f"change:{code}:{component}", label, "change",
                            f"Improved: by at least {change:g}, {source}."))
    return rows


def programme_figures(programme, *, as_of=None, public=False):
    """The programme's figures as of a date (today): the whole programme and each split; `public`, suppressed."""
    as_of = as_of or date.today()
    people = list(Participant.objects.filter(programme=programme, joined_on__lte=as_of)
                  .values("pk", "sex", "age_band", "lsoa_id", "left_on"))
    ids = [person["pk"] for person in people]
    theirs = {"participant__programme": programme, "participant__joined_on__lte": as_of}
    co_produced = set(Goal.objects.filter(**theirs, co_produced=True).values_list("participant", flat=True))
    achieved = set(Goal.objects.filter(**theirs, progress=Goal.Progress.ACHIEVED)
                   .values_list("participant", flat=True))
    weeks = programme.regular_contact_weeks
    since = as_of - timedelta(days=7 * weeks - 1)
    contacts = defaultdict(list)
    for participant, on in Contact.objects.filter(**theirs, on__gte=since, on__lte=as_of).values_list(
            "participant", "on"):
        contacts[participant].append(on)
    regular = {pk for pk, dates in contacts.items() if in_regular_contact(dates, weeks, as_of)}
    current = {person["pk"] for person in people if not person["left_on"] or person["left_on"] > as_of}
    latest = {}
    for participant, outcome, was in (OutcomeCheck.objects.filter(**theirs, on__lte=as_of)
                                      .order_by("on", "pk").values_list("participant", "outcome", "achieved")):
        latest[(participant, outcome)] = was
    scored = defaultdict(list)  # (participant, measure) → [results], by date
    for participant, measure, results in (Score.objects.filter(**theirs, taken_on__lte=as_of)
                                          .exclude(results={}).order_by("taken_on", "pk")
                                          .values_list("participant", "measure", "results")):
        scored[(participant, measure)].append(results)

    rows = [Row("goals_set", "Set goals with their worker (co-produced)", "share"),
            Row("goals_achieved", "Achieved at least one goal", "share"),
            Row("regular_contact", "In regular contact", "share", regular_contact_rule(programme))]
    rows += [Row(f"outcome:{outcome['code']}", outcome["label"], "share", "Co-produced with participants."
                 if outcome.get("co_produced") else "") for outcome in programme.outcomes]
    rows += _change_rows(programme)

    pairs = {}  # change row → {participant: (first score, last score)}
    for row in rows:
        if row.kind == "change":
            _, code, component = row.key.split(":")
            pairs[row.key] = {pk: (done[0][component], done[-1][component]) for (pk, measure), done in scored.items()
                              if measure == code and len(done) > 1 and component in done[0] and component in done[-1]}

    def group(members):
        found = {"n": len(members)}
        found["goals_set"] = stats.share(len(members & co_produced), len(members))
        found["goals_achieved"] = stats.share(len(members & achieved), len(members))
        found["regular_contact"] = stats.share(len(members & current & regular), len(members & current))
        for row in rows:
            if row.key.startswith("outcome:"):
                code = row.key.split(":", 1)[1]
                found[row.key] = stats.share(sum(1 for pk in members if latest.get((pk, code))), len(members))
            elif row.kind == "change":
                better, meaningful = measures()[row.key.split(":")[1]].components[row.key.split(":")[2]][1:3]
                held = pairs[row.key]
                chosen = [held[pk] for pk in sorted(members & held.keys())]
                found[row.key] = stats.paired_change([p[0] for p in chosen], [p[1] for p in chosen],
                                                     meaningful_change=meaningful, higher_is_better=better)
        return found

    everyone = set(ids)
    total = group(everyone)
    deciles = dict(Deprivation.objects.filter(edition=DEFAULT_EDITION, lsoa__in={p["lsoa_id"] for p in people if p["lsoa_id"]})
                   .values_list("lsoa_id", "imd_decile"))

    def quintile(person):
        decile = deciles.get(person["lsoa_id"])
        return (decile + 1) // 2 if decile else None

    splits = []
    for title, key, labels in (("By deprivation quintile of where they live", quintile, QUINTILES),
                               ("By sex", lambda p: p["sex"], dict(Sex.choices)),
                               ("By age band", lambda p: p["age_band"], dict(AgeBand.choices))):
        members = defaultdict(set)
        for person in people:
            members[key(person)].add(person["pk"])
        groups = [{"label": label, **group(members[value])} for value, label in labels.items() if members.get(value)]
        splits.append((title, groups))

    figures = Figures(rows, total, splits, regular_contact_rule(programme), as_of)
    return suppressed(figures) if public else figures


def suppressed(figures):
    """A copy with small numbers hidden: the total on its own, then each split as a partition of the total."""
    hidden = copy.deepcopy(figures)
    stats.suppress([hidden.total], partition=False)
    for _title, groups in hidden.splits:
        stats.suppress(groups, partition=True)
    hidden.suppressed = True
    return hidden
