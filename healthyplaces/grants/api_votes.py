"""Counted votes and awards in the REST API, read-only and public: what the results page and the 360Giving file
publish (no ballot, no voter)."""
from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from healthyplaces.accounts.permissions import require

from . import awards, voting
from .models import Round, VoteResult

router = Router(tags=["grants"])


class ProjectOut(Schema):
    reference: str
    title: str
    applicant: str
    amount: Decimal
    votes: int
    funded: bool
    place: int | None  # the order the rule chose it in


class TieOut(Schema):
    step: int
    tied: list[str]  # application references
    chosen: str


class LotResultOut(Schema):
    lot: str
    ballots: int
    budget: Decimal
    spent: Decimal
    rule: str
    tie_rule: str
    ties: list[TieOut]
    note: str
    projects: list[ProjectOut]


class ResultOut(Schema):
    round: int
    name: str
    fund: str
    counted: bool
    lots: list[LotResultOut]


@router.get("/votes/{round_id}/results", response=ResultOut, summary="A participatory vote's published results")
@require("vote.results", hidden=True)
def vote_results(request, round_id: int):
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=round_id, decision=Round.Decision.VOTE)
    lots = []
    for result in VoteResult.objects.filter(round=round_).select_related("lot", "round"):
        rows = voting.result_rows(result)
        reference = {row.application.pk: row.application.reference for row in rows}
        lots.append({
            "lot": result.lot.name, "ballots": result.ballots, "budget": result.budget, "spent": result.spent,
            "rule": result.rule, "tie_rule": result.tie_rule, "note": result.note,
            "ties": [{"step": t["step"], "tied": [reference.get(i, "") for i in t["tied"]],
                      "chosen": reference.get(t["chosen"], "")} for t in result.ties],
            "projects": [{"reference": r.application.reference, "title": r.application.title,
                          "applicant": r.application.applicant_name, "amount": r.application.amount,
                          "votes": r.votes, "funded": r.funded, "place": r.place} for r in rows]})
    return {"round": round_.pk, "name": round_.name, "fund": round_.fund.name, "counted": bool(lots), "lots": lots}


class AwardOut(Schema):
    reference: str
    application: str
    title: str
    recipient: str
    fund: str
    round: str
    lot: str
    amount: Decimal
    award_date: date
    planned_start: date | None
    planned_end: date | None


@router.get("/awards", response=list[AwardOut], summary="Every award (as the 360Giving file publishes them)")
@require("awards.view", hidden=True)
def award_list(request, fund: str | None = None):
    found = awards.awards()
    if fund:
        found = found.filter(application__call_out__round__fund__name=fund)
    return [{"reference": a.reference, "application": a.application.reference, "title": a.application.title,
             "recipient": a.application.applicant_name, "fund": a.application.call_out.round.fund.name,
             "round": a.application.call_out.round.name, "lot": a.application.call_out.lot.name, "amount": a.amount,
             "award_date": a.award_date, "planned_start": a.planned_start, "planned_end": a.planned_end}
            for a in found]
