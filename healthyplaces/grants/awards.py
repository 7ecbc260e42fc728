"""Awards: the money a decided round gives each funded application, and the awards as 360Giving open data.

A vote round's funded applications are its counted winners (grants.voting); a panel round's are those its
recommendation funds within each call-out's money (grants.services.recommendation), and making its awards decides
it. An award never takes a lot past its budget: each lot's awards, over every round, add up to no more than it.
`grants(awards)` turns stored awards into plain `threesixtygiving.Grant` records for the package and spreadsheet.
"""
import io
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from healthyplaces import exports

from . import services
from . import threesixtygiving as g360
from .models import Application, Award, Lot, Round, VoteResult

PUBLISHER = "Healthy Places"


def funded(round_):
    """The applications a decided round funds, in the order it chose them: a vote's winners lot by lot, a panel's
    recommendation down each call-out's list."""
    if round_.decision == Round.Decision.VOTE:
        if round_.status != Round.Status.DECIDED:
            raise ValidationError({"__all__": "Count the vote before making its awards."})
        ids = [pk for result in VoteResult.objects.filter(round=round_) for pk in result.winners]
        by_id = Application.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids]
    if round_.status not in (Round.Status.DECIDING, Round.Status.DECIDED):
        raise ValidationError({"__all__": "This round is still taking applications: its panel has not decided."})
    return [row.application for call_out in round_.call_outs.order_by("id")
            for row in services.recommendation(call_out) if row.funded]


def lot_awarded(lot):
    return Award.objects.filter(application__call_out__lot=lot).aggregate(total=Sum("amount"))["total"] or Decimal(0)


def make_awards(round_, *, by, award_date, planned_start=None, planned_end=None):
    """An award for each funded application of the round not yet awarded (its amount asked for). Refused whole,
    storing nothing, when the dates are wrong or an award would take its lot past its budget."""
    if planned_start and planned_end and planned_end < planned_start:
        raise ValidationError({"planned_end": "The planned end must be on or after the planned start."})
    if award_date is None:
        raise ValidationError({"award_date": "Enter the date of the awards."})
    try:
        return _make(round_, by, award_date, planned_start, planned_end)
    except IntegrityError:  # another officer made the same award a moment ago
        raise ValidationError({"__all__": "These awards were being made by someone else at the same time: "
                                          "open the awards list to see them."}) from None


def _make(round_, by, award_date, planned_start, planned_end):
    made = []
    with transaction.atomic():
        left = {}
        for application in funded(round_):
            if hasattr(application, "award") or Award.objects.filter(application=application).exists():
                continue
            lot = application.call_out.lot
            if lot.pk not in left:  # held until the awards are stored, so two officers at once cannot overspend it
                lot = Lot.objects.select_for_update().get(pk=lot.pk)
                left[lot.pk] = lot.budget - lot_awarded(lot)
            if application.amount > left[lot.pk]:
                raise ValidationError({"__all__": (
                    f"An award of £{application.amount:,.2f} to {application.reference} ({application.title}) is more "
                    f"than the £{left[lot.pk]:,.2f} left in {lot.name}'s budget: no award was made.")})
            left[lot.pk] -= application.amount
            made.append(Award.objects.create(application=application, amount=application.amount, award_date=award_date,
                                             planned_start=planned_start, planned_end=planned_end, made_by=by))
        if round_.status != Round.Status.DECIDED:
            round_.status = Round.Status.DECIDED
            round_.save(update_fields=["status", "updated_at"])
    return made


def awards(fund=None):
    found = Award.objects.select_related("application__call_out__round__fund__organisation", "application__call_out__lot",
                                         "application__organisation").order_by("award_date", "id")
    return found.filter(application__call_out__round__fund=fund) if fund is not None else found


def _organisation(organisation):
    return g360.Organisation(organisation.name, f"ORG-{organisation.pk}")


def grants(found):
    """Stored awards as 360Giving Grant records: the fund's partners as funders (its holder if none recorded), the
    places the application serves (LSOAs and local authorities, else its lot's authorities)."""
    records, funders = [], {}
    for award in found.prefetch_related("application__lsoas", "application__local_authorities",
                                        "application__call_out__lot__local_authorities"):
        application = award.application
        call_out = application.call_out
        fund = call_out.round.fund
        if fund.pk not in funders:
            partners = [c.partner for c in fund.contributions.select_related("partner")]
            funders[fund.pk] = tuple(_organisation(o) for o in (partners or [fund.organisation]))
        places = [g360.Place(lsoa.code, lsoa.name) for lsoa in application.lsoas.all()]
        places += [g360.Place(la.code, la.name) for la in application.local_authorities.all()]
        if not places:
            places = [g360.Place(la.code, la.name) for la in call_out.lot.local_authorities.all()]
        registered = not application.unregistered_group
        recipient = g360.Organisation(
            application.applicant_name,
            f"ORG-{application.organisation_id}" if registered else f"GROUP-{application.reference}",
            charity_number=application.charity_number if registered else "",
            company_number=application.company_number if registered else "")
        records.append(g360.Grant(
            reference=award.reference, title=application.title, description=application.summary or application.title,
            amount_awarded=award.amount, amount_applied_for=application.amount, award_date=award.award_date,
            recipient=recipient, funders=funders[fund.pk], programme_code=f"FUND-{fund.pk}-ROUND-{call_out.round_id}",
            programme_title=f"{fund.name}: {call_out.round.name}", from_open_call=True, places=tuple(places),
            planned_start=award.planned_start, planned_end=award.planned_end, modified=award.updated_at))
    return records


def publisher():
    return g360.Publisher(getattr(settings, "GRANTS_360GIVING_PUBLISHER", PUBLISHER), settings.GRANTS_360GIVING_PREFIX)


def package(fund=None):
    """The 360Giving JSON package of the awards (of one fund, or all)."""
    return g360.package(grants(awards(fund)), publisher())


def export(fmt, fund=None):
    """The awards as 360Giving data: "json" (text), "csv" (text, formula-safe) or "xlsx" (bytes, one sheet)."""
    document = package(fund)
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    columns, rows = g360.spreadsheet(document["grants"])
    if fmt == "csv":
        stream = io.StringIO()
        exports.write_csv(stream, columns, rows)
        return stream.getvalue()
    if fmt == "xlsx":
        return exports.xlsx_bytes("grants", columns, rows)
    raise ValueError(f"{fmt!r} is not a 360Giving format: json, csv or xlsx")
