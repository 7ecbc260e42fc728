"""The demo council's actions, from Stockton-on-Tees' Director of Public Health Report 2025: last year's 14
recommendations with what was done about each ("We said / We did"), and the 18 actions the report proposes.

The text is held as data (`data/actions/stockton_dph_report.yaml`, with its source and what in it is ours),
because the reports, the board summary and the neighbourhood profile are shown with it in the demo. Every action
is marked as sample data and names its report. Loading twice changes nothing: an action already held (the same
owner, report year and number, marked as sample) is left as it is.
"""
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from healthyplaces.accounts import audit
from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.services import set_areas

from . import services
from .models import Action, ProgressUpdate, Strategy

SAMPLE = Path(settings.DATA_DIR) / "actions" / "stockton_dph_report.yaml"


class SampleNotReady(Exception):
    """What must be loaded before the sample (England, the strategies), or a fault in the sample's file."""


def _organisation(document):
    """The demo council; made, covering its areas, when it is not there yet (an existing one is left as it is)."""
    found = Organisation.objects.filter(name=document["owner"]).first()
    return found or set_areas(document["owner"], document.get("owner_areas") or [])


def _neighbourhoods(document, owner, by):
    """{name: neighbourhood}: those the file describes, made from their ward's LSOAs when missing, published."""
    from healthyplaces.places.models import Lsoa, Neighbourhood
    from healthyplaces.places.services import save_neighbourhood

    found = {}
    for item in document.get("neighbourhoods") or []:
        hood = Neighbourhood.objects.filter(name__iexact=item["name"]).first()
        if hood is None:
            codes = list(Lsoa.objects.filter(vintage=2011, local_authority_id=item["authority"],
                                             ward__name=item["ward"]).values_list("code", flat=True))
            if not codes:
                raise SampleNotReady(f"No LSOAs in the ward {item['ward']!r}: load England first "
                                     "(healthyplaces load-england).")
            hood = save_neighbourhood(item["name"], codes, by=by, description=item.get("description", "").strip(),
                                      published=True)
            Neighbourhood.objects.filter(pk=hood.pk).update(organisation=owner)
        found[item["name"]] = hood
    return found


def _links(item, neighbourhoods):
    """The sample insight and theme an action came from (when the insights sample is loaded) and its places."""
    from healthyplaces.insights.models import Insight, Theme

    insight = (Insight.objects.filter(summary=item["insight"], conversation__is_sample=True).order_by("pk").first()
               if item.get("insight") else None)
    theme = Theme.objects.filter(code=item["theme"]).first() if item.get("theme") else None
    try:
        places = [neighbourhoods[name] for name in item.get("neighbourhoods") or []]
    except KeyError as missing:
        raise SampleNotReady(f"Action {item['number']}: the neighbourhood {missing} is not described in the file.") from None
    return insight, theme, places


def _action(item, report, owner, strategy, neighbourhoods, by):
    focus = strategy.focus_areas.filter(key=item["focus_area"]).first()
    principles = list(strategy.principles.filter(key__in=item.get("principles") or []))
    if focus is None or len(principles) != len(set(item.get("principles") or [])):
        raise SampleNotReady(f"{report['report']}, action {item['number']}: a focus area or principle that "
                             f"{strategy.name} does not have.")
    insight, theme, places = _links(item, neighbourhoods)
    action = Action(
        title=item["title"], description=(item.get("description") or "").strip(), source=Action.Source.REPORT,
        report=report["report"], report_year=report["year"], number=item["number"], owner=owner,
        lead=report.get("lead", ""), focus_area=focus, segment=item.get("segment", ""),
        status=item.get("status", Action.Status.NOT_STARTED), start_date=report.get("start"),
        due_date=report.get("due"), source_insight=insight, source_theme=theme, is_sample=True)
    services.save_action(action, by, principles=principles, places={"neighbourhoods": places})
    lines = item.get("we_did") or []
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=action, date=report["progress_on"], text=text.strip(), organisation=owner,
                       position=position, status=action.status if position == len(lines) - 1 else "")
        for position, text in enumerate(lines))
    return len(lines)


def load(path=SAMPLE, by=None):
    """Load the sample actions; returns (actions added, progress updates added): (0, 0) when all are held."""
    from healthyplaces.places.models import Lsoa

    document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    strategy = Strategy.objects.filter(key=document["strategy"]).first()
    if strategy is None:
        raise SampleNotReady(f"Load the strategies first (healthyplaces actions load-strategies): the sample "
                             f"serves {document['strategy']!r}.")
    if not Lsoa.objects.filter(local_authority_id__in=document.get("owner_areas") or []).exists():
        raise SampleNotReady("Load England first (healthyplaces load-england): the sample is for Stockton-on-Tees.")
    added = updates = 0
    with transaction.atomic(), audit.acting_as(by or audit.current_actor()):
        owner = _organisation(document)
        neighbourhoods = _neighbourhoods(document, owner, by)
        for report in document["reports"]:
            held = set(Action.objects.filter(owner=owner, report_year=report["year"], is_sample=True)
                       .values_list("number", flat=True))
            for item in report["actions"]:
                if item["number"] in held:
                    continue
                updates += _action(item, report, owner, strategy, neighbourhoods, by)
                added += 1
    return added, updates
