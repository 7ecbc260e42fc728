"""What each report says, gathered from the other parts' public functions (reports sit at the top of the flow).

Each function returns the context of its template (templates/reports/kinds/KIND.html). Two rules hold for all:

- what people said is taken as it is shared beyond the organisation that recorded it: the redacted summaries
  and the quotes people agreed to share (insights.services with no person), never the unredacted text;
- no person's details: no person listed as an asset by name, no action's named lead in the public summary,
  nobody who recorded an update.

`by` is the person building the report (None on the command line): the actions shown are those they may see.
"""
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q

from healthyplaces import charts, maps
from healthyplaces.actions import services as actions
from healthyplaces.actions.models import Action, ProgressUpdate
from healthyplaces.actions.permissions import visible as visible_actions
from healthyplaces.assets import checking, gaps
from healthyplaces.assets.models import Asset, Category
from healthyplaces.indicators import services as indicators
from healthyplaces.insights import search, services as insights
from healthyplaces.places import services as places
from healthyplaces.places.models import DEFAULT_EDITION, Edition

from .printing import printable

MAX_LISTED = 40  # assets and actions listed by name in a report; the counts say how many in all
MAX_MONITORED = 12  # indicators followed in the board summary


class ReportRefused(ValueError):
    """The report cannot be built as asked (no such area, no year): said to the person, nothing kept."""


@dataclass
class Place:
    """The area a report is about, and the council area it lies in."""
    area: object  # places.services.Area (a local authority or a neighbourhood)
    local_authority: object  # places.models.LocalAuthority
    public: bool  # everyone may see the area (a local authority, a published neighbourhood)

    @property
    def name(self):
        return self.area.name


def find_place(text, by=None):
    """The local authority or neighbourhood named (a neighbourhood's draft only within the person's reach)."""
    try:
        area = places.find_area(text, by)
    except places.AreaNotFound as error:
        raise ReportRefused(str(error)) from None
    if area.kind == "local_authority":
        return Place(area, area.obj, True)
    if area.kind != "neighbourhood":
        raise ReportRefused(f"{area} is a {places.AREA_KINDS[area.kind]}: a report is about a local authority or a "
                            "neighbourhood.")
    containing = places.local_authority_containing(area)
    return Place(area, containing.obj if containing else None, area.obj.published)


def _actions(by):
    found = Action.objects.all() if by is None else visible_actions(Action.objects.all(), by)
    return found.select_related("owner", "focus_area").prefetch_related(
        Prefetch("progress", queryset=ProgressUpdate.objects.order_by("date", "position", "id")))


def _action_row(action, today):
    updates = list(action.progress.all())
    return {"action": action, "status": action.get_status_display(), "updates": updates,
            "latest": updates[-1] if updates else None, "overdue": action.is_overdue(today)}


# We said, we did


def we_said_we_did(year, organisation=None, by=None, today=None):
    """The annual appendix in the layout of Stockton's: the recommendations of a year's report in the report's own
    order, each with what was done and the focus area it serves; then the same grouped by focus area (in the
    strategy's order, those serving none last), with where they stand."""
    if not year:
        raise ReportRefused("Give the year of the report whose recommendations to follow (e.g. 2024 for 2023/4).")
    today = today or date.today()
    found = list(actions.actions_for_year(year, organisation, _actions(by)))
    rows = [_action_row(action, today) for action in found]
    groups = {}
    for row in rows:
        groups.setdefault(row["action"].focus_area, []).append(row)
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, item[0].strategy_id if item[0] else 0,
                                                       item[0].position if item[0] else 0))
    focus = actions.focus_areas().filter(pk__in=[a.focus_area_id for a in found if a.focus_area_id])
    if not focus and organisation is not None:
        focus = actions.focus_areas().filter(strategy__local_authority__in=organisation.areas.all())
    reports = sorted({a.report for a in found if a.report})
    return {
        "title": f"We said, we did: progress on the {year} recommendations",
        "year": year, "organisation": organisation, "reports": reports, "focus_areas": list(focus), "rows": rows,
        "groups": [{"focus_area": fa, "rows": grouped,
                    "status_counts": [c for c in _status_table(actions.status_counts(
                        Action.objects.filter(pk__in=[r["action"].pk for r in grouped]))) if c["count"]]}
                   for fa, grouped in ordered],
        "count": len(found), "status_counts": _status_table(actions.status_counts(Action.objects.filter(
            pk__in=[a.pk for a in found]))),
    }


def _status_table(counts):
    labels = dict(Action.Status.choices)
    return [{"status": labels[key], "key": key, "count": n} for key, n in counts.items()]


# Neighbourhood profile


def _deprivation(area):
    summaries = places.deprivation_summary(area, DEFAULT_EDITION)
    deciles = places.decile_counts(area, DEFAULT_EDITION)
    chart = printable(charts.compare_areas([charts.Value(f"Decile {d}{' (most deprived)' if d == 1 else ''}", n)
                                  for d, n in deciles.items()], unit="LSOAs",
                                 title="The area's LSOAs by national deprivation decile (IMD 2019)"))
    return {"summaries": summaries, "imd": summaries[0] if summaries else None, "deciles": deciles,
            "decile_chart": chart, "edition": Edition(DEFAULT_EDITION).label}


def _map(area, gap_rows):
    """The area's LSOAs shaded by their IMD decile, drawn as SVG so it prints."""
    colours = {int(s.key): s.colour for s in maps.DECILES}
    shapes = [maps.Shape(maps.geometry(row.lsoa.boundary), colours.get(row.imd_decile, maps.NOT_SHADED),
                         f"{row.lsoa.name}: IMD decile {row.imd_decile or 'not held'}") for row in gap_rows]
    drawn = maps.svg(shapes, label=f"{area.name}: its LSOAs shaded by national deprivation decile")
    if drawn:
        held = {row.imd_decile for row in gap_rows}
        drawn["legend"] = [{"colour": s.colour, "label": f"IMD decile {s.label}"} for s in maps.DECILES
                           if int(s.key) in held] + ([{"colour": maps.NOT_SHADED, "label": "Decile not held"}]
                                                     if None in held else [])
    return drawn


def _indicators(area):
    if area.kind == "neighbourhood":
        codes = list(area.obj.lsoas.values_list("code", flat=True))
        return {"small_areas": indicators.indicators_for_small_areas(codes), "rows": []}
    return {"small_areas": [], "rows": indicators.indicators_for_area(area.code)}


def _assets(area):
    rows = gaps.gap_analysis(area)
    totals = {c: 0 for c in Category.values}
    for row in rows:
        for category, n in row.counts.items():
            totals[category] = totals.get(category, 0) + n
    labels = dict(Category.choices)
    codes = [row.lsoa.code for row in rows]
    # People listed as assets are counted, never named: a report is read beyond those who may see them.
    named = (Asset.objects.public().filter(lsoa_code__in=codes).exclude(category=Category.PERSON)
             .order_by("name").values_list("name", "category"))
    return {"rows": rows, "total": sum(totals.values()),
            "by_category": [{"category": labels.get(c, c), "count": n} for c, n in totals.items()],
            "named": [{"name": name, "category": labels.get(category, category)} for name, category in named[:MAX_LISTED]],
            "gaps": gaps.high_need_low_asset(rows)}


def _voices(area):
    said = insights.area_summary(area, None)  # as shared beyond the recording organisation: redacted
    missing = insights.missing_voices(area, None)
    return {"total": said["total"], "themes": said["themes"][:10], "quotes": [q["text"] for q in said["quotes"]],
            "unheard": [v.community.name for v in missing["unheard"]]}


def _area_actions(area, by, today):
    found = actions.actions_for_area(area, _actions(by))
    rows = [_action_row(a, today) for a in found.order_by("due_date", "id")[:MAX_LISTED]]
    return {"rows": rows, "count": found.count(), "status_counts": _status_table(actions.status_counts(found))}


def neighbourhood_profile(place, by=None, today=None):
    """Deprivation and indicators against England, assets and gaps, what people said and whose voice is missing,
    and the actions there with their status (the asset-focused, place-based JSNA)."""
    today = today or date.today()
    area = place.area
    assets = _assets(area)
    return {
        "title": f"Neighbourhood profile: {area.name}", "place": place, "area": area,
        "lsoa_count": len(assets["rows"]), "deprivation": _deprivation(area), "map": _map(area, assets["rows"]),
        "indicators": _indicators(area), "assets": assets, "voices": _voices(area),
        "actions": _area_actions(area, by, today),
    }


# Health and Wellbeing Board progress summary


def _monitored(place):
    """The outcome indicators held for the area (published for it, or for its LSOAs), each monitored."""
    from healthyplaces.actions import monitoring

    area = place.area
    seen = {}
    for row in indicators.indicators_for_area(area.code):
        seen.setdefault(row["value"].indicator_id, row["value"].indicator)
    codes = list(area.lsoas().values_list("code", flat=True))
    for row in indicators.indicators_for_small_areas(codes):
        seen.setdefault(row["indicator"].pk, row["indicator"])
    return [monitoring.monitor(indicator, area) for indicator in list(seen.values())[:MAX_MONITORED]]


def board_summary(place, by=None, today=None):
    """Actions by status and by focus area, the overdue ones, and what changed in the monitored indicators, with
    their gaps between the most and least deprived."""
    today = today or date.today()
    found = actions.actions_for_area(place.area, _actions(by))
    by_focus = {}
    for action in found.order_by("id"):
        by_focus.setdefault(action.focus_area, []).append(action.pk)
    focus_rows = [{"focus_area": fa, "counts": actions.status_counts(Action.objects.filter(pk__in=pks)),
                   "total": len(pks)}
                  for fa, pks in sorted(by_focus.items(), key=lambda item: (item[0] is not None,
                                                                             item[0].position if item[0] else 0))]
    late = [_action_row(a, today) for a in actions.overdue(found, today).order_by("due_date", "id")[:MAX_LISTED]]
    return {
        "title": f"Health and Wellbeing Board progress summary: {place.name}", "place": place, "today": today,
        "count": found.count(), "status_counts": _status_table(actions.status_counts(found)),
        "statuses": [label for _, label in Action.Status.choices], "focus_rows": focus_rows,
        "overdue": late, "overdue_count": actions.overdue(found, today).count(), "monitored": _monitored(place),
    }


# Community summary: you said, we did


PLAIN_STATUS = {
    Action.Status.NOT_STARTED: "Not started yet",
    Action.Status.ON_TRACK: "Under way",
    Action.Status.AT_RISK: "Under way, with some difficulties",
    Action.Status.OFF_TRACK: "Delayed",
    Action.Status.DONE: "Done",
}


def community_summary(place, by=None, today=None):
    """For residents, in plain English: what people here told us, what is being done about it, and what the area
    has. No personal data: shared quotes only (redacted, with consent), no names of people or leads."""
    today = today or date.today()
    area = place.area
    voices = _voices(area)
    found = actions.actions_for_area(area, _actions(by)).exclude(status=Action.Status.DROPPED)
    done = [{"title": a.title, "status": PLAIN_STATUS.get(a.status, a.get_status_display()),
             "owner": a.owner.name, "latest": (list(a.progress.all()) or [None])[-1]}
            for a in found.order_by("due_date", "id")[:MAX_LISTED]]
    assets = _assets(area)
    return {"title": f"You said, we did: {area.name}", "place": place, "area": area, "voices": voices,
            "actions": done, "action_count": found.count(), "assets": assets}


# Theme deep dive


def find_theme(text):
    """(code, name, codes) of a determinants-of-health theme named by its code, its name or a part of its name
    found in no other theme; `codes` are the theme and the themes under it."""
    text = (text or "").strip().lower()
    if not text:
        raise ReportRefused("Give the theme to look into, e.g. \u201cHousing\u201d, by name or code.")
    themes = checking.themes()
    found = [code for code, (name, _) in themes.items() if text in (code.lower(), name.lower())]
    found = found or [code for code, (name, _) in themes.items() if text in name.lower()]
    if len(found) != 1:
        names = ", ".join(themes[code][0] for code in found)
        raise ReportRefused(f"Several themes have {text!r} in their name ({names}): give one of them." if found else
                            f"No theme is called {text!r}: give a theme of the determinants of health, by name or code.")
    code = found[0]
    return code, themes[code][0], {code} | {c for c, (_, parent) in themes.items() if parent == code}


def theme_deep_dive(place, theme, by=None, today=None):
    """One theme across the area, for the board: what people said about it, its assets by LSOA with the most
    deprived LSOAs that have none, and the actions on it (those from an insight or a search of the theme)."""
    today = today or date.today()
    code, name, wanted = find_theme(theme)
    area = place.area
    codes = list(area.lsoas().values_list("code", flat=True))
    said = insights.summary(search.Filters(lsoa_codes=codes, themes=[code]), None)  # shared, redacted
    themed = [a for a in Asset.objects.public().filter(lsoa_code__in=codes).exclude(category=Category.PERSON)
              .only("name", "category", "themes", "lsoa_code").order_by("name") if wanted & set(a.theme_ids)]
    per_lsoa = {}
    for asset in themed:
        per_lsoa[asset.lsoa_code] = per_lsoa.get(asset.lsoa_code, 0) + 1
    rows = gaps.gap_analysis(area)
    missing = [row for row in rows if row.imd_decile in (1, 2) and not per_lsoa.get(row.lsoa.code)]
    found = actions.actions_for_area(area, _actions(by)).filter(
        Q(source_theme_id__in=wanted) | Q(source_insight__themes__in=wanted)).distinct()
    labels = dict(Category.choices)
    return {
        "title": f"Deep dive: {name} in {area.name}", "place": place, "area": area, "theme": name,
        "voices": {"total": said["total"], "quotes": [q["text"] for q in said["quotes"]], "periods": said["periods"]},
        "assets": [{"name": a.name, "category": labels.get(a.category, a.category)} for a in themed[:MAX_LISTED]],
        "asset_count": len(themed), "lsoas": [{"row": row, "count": per_lsoa.get(row.lsoa.code, 0)} for row in rows],
        "missing": missing, "actions": {"rows": [_action_row(a, today) for a in found.order_by("due_date", "id")[:MAX_LISTED]],
                                        "count": found.count(), "status_counts": _status_table(actions.status_counts(found))},
    }


BUILDERS = {
    "we-said-we-did": lambda year, place, theme, organisation, by, today: we_said_we_did(year, organisation, by, today),
    "neighbourhood-profile": lambda year, place, theme, organisation, by, today: neighbourhood_profile(place, by, today),
    "board-summary": lambda year, place, theme, organisation, by, today: board_summary(place, by, today),
    "community-summary": lambda year, place, theme, organisation, by, today: community_summary(place, by, today),
    "theme-deep-dive": lambda year, place, theme, organisation, by, today: theme_deep_dive(place, theme, by, today),
}
NEEDS_AREA = {"neighbourhood-profile", "board-summary", "community-summary", "theme-deep-dive"}
