"""A participatory vote's pages: a resident gives their postcode, then votes on their area's shortlist; officers
enter paper ballots, a second officer checks each, and the vote is counted; the results are public, with the tie
rule and a Pabulib file of the ballots. The rules are grants/permissions.py's, the work grants/voting.py's."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from healthyplaces.accounts.permissions import can, check, require

from .. import voting
from ..models import Ballot, Round, VoteResult
from ..voting_forms import BallotForm, CheckForm, PostcodeForm
from . import show_refusal


@require("vote.results")
def vote_list(request):
    """The participatory votes residents can take part in now, and those counted, with their results."""
    rounds = Round.objects.filter(decision=Round.Decision.VOTE).select_related("fund").order_by("-created_at", "id")
    return render(request, "grants/vote_list.html", {
        "open": [r for r in rounds if r.status == Round.Status.DECIDING],
        "counted": [r for r in rounds if r.status == Round.Status.DECIDED]})


def _round(pk):
    return get_object_or_404(Round.objects.select_related("fund"), pk=pk, decision=Round.Decision.VOTE)


@require("vote.cast")
def vote(request, pk):
    """Step one, the postcode (which places the voter in a lot); step two, the ballot of that lot's shortlist.
    Both are plain forms, so the vote works without JavaScript."""
    round_ = _round(pk)
    closed = voting.open_refusal(round_)
    if closed:
        return render(request, "grants/vote.html", {"round": round_, "closed": closed})
    if request.method == "POST" and request.POST.get("step") == "ballot":
        return _ballot(request, round_)
    form = PostcodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voter = voting.verify(round_, form.cleaned_data["postcode"])
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            ballot = BallotForm(round_, voter.lot, initial={"postcode": voter.postcode})
            return render(request, "grants/ballot.html", {"round": round_, "lot": voter.lot, "form": ballot})
    return render(request, "grants/vote.html", {"round": round_, "form": form})


def _ballot(request, round_):
    try:
        lot = voting.verify(round_, request.POST.get("postcode")).lot
    except ValidationError as refused:  # the postcode was changed on the ballot to one that places nobody
        form = PostcodeForm(request.POST)
        form.is_valid()
        show_refusal(form, refused)
        return render(request, "grants/vote.html", {"round": round_, "form": form})
    form = BallotForm(round_, lot, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            voting.cast(round_, name=data["name"], date_of_birth=data["date_of_birth"], postcode=data["postcode"],
                        choices=data["choices"])
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            return redirect("grants:voted", round_.pk)
    return render(request, "grants/ballot.html", {"round": round_, "lot": lot, "form": form})


@require("vote.cast")
def voted(request, pk):
    return render(request, "grants/voted.html", {"round": _round(pk)})


@require("ballot.enter")
def paper_ballots(request, pk):
    """An officer enters a paper ballot; the ballots waiting for a second officer's check are listed, and once none
    wait the vote can be counted."""
    round_ = _round(pk)
    check(request.user, "ballot.enter", round_)
    closed = voting.open_refusal(round_)
    form = BallotForm(round_, None, request.POST or None, paper=True)
    if request.method == "POST" and not closed and form.is_valid():
        data = form.cleaned_data
        try:
            ballot = voting.cast(round_, name=data["name"], date_of_birth=data["date_of_birth"],
                                 postcode=data["postcode"], choices=data["choices"], channel=Ballot.Channel.PAPER,
                                 by=request.user, paper_number=data["paper_number"])
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, f"Paper ballot {ballot.paper_number or ballot.pk} entered: a second officer "
                                      "checks it before it counts.")
            return redirect("grants:paper_ballots", round_.pk)
    waiting = list(voting.unchecked(round_).select_related("lot", "entered_by").prefetch_related("choices"))
    for ballot in waiting:
        ballot.can_check = can(request.user, "ballot.check", ballot)
    counted = Ballot.objects.filter(round=round_).count() - len(waiting)
    return render(request, "grants/paper_ballots.html", {
        "round": round_, "form": form, "closed": closed, "waiting": waiting, "counted": counted,
        "may_count": can(request.user, "vote.count", round_)})


@require("ballot.check")
def check_ballot(request, pk):
    ballot = get_object_or_404(Ballot.objects.select_related("round__fund", "lot", "entered_by"), pk=pk,
                               channel=Ballot.Channel.PAPER)
    check(request.user, "ballot.check", ballot)
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        correct = form.cleaned_data["correct"]
        try:
            voting.check_paper(ballot, by=request.user, correct=correct)
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, "Checked: the ballot counts." if correct else
                             "The entry was removed: enter the paper ballot again.")
            return redirect("grants:paper_ballots", ballot.round_id)
    return render(request, "grants/check_ballot.html", {"ballot": ballot, "form": form,
                                                        "choices": ballot.choices.select_related("call_out__lot")})


@require_POST
@require("vote.count")
def count(request, pk):
    round_ = _round(pk)
    check(request.user, "vote.count", round_)
    try:
        voting.count_vote(round_, by=request.user)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("grants:paper_ballots", round_.pk)
    messages.success(request, "The vote is counted and its results are published.")
    return redirect("grants:results", round_.pk)


@require("vote.results")
def results(request, pk):
    """A counted vote's results, lot by lot: every project's votes, the winners in the order the rule chose them,
    the money, the tie rule and the ties it broke."""
    round_ = _round(pk)
    lots = []
    for result in VoteResult.objects.filter(round=round_).select_related("lot", "round"):
        rows = voting.result_rows(result)
        titles = {row.application.pk: row.application for row in rows}
        ties = [{"step": tie["step"], "tied": [titles[i] for i in tie["tied"] if i in titles],
                 "chosen": titles.get(tie["chosen"])} for tie in result.ties]
        lots.append({"result": result, "rows": rows, "ties": ties, "left": result.budget - result.spent})
    return render(request, "grants/results.html", {
        "round": round_, "lots": lots, "rule": Round.Rule(round_.counting_rule or Round.Rule.APPROVAL).label,
        "may_award": can(request.user, "award.make", round_)})


@require("vote.results")
def results_pabulib(request, pk, lot):
    result = get_object_or_404(VoteResult.objects.select_related("round", "lot"), round=_round(pk), lot=lot)
    response = HttpResponse(voting.pabulib_text(result), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vote-{result.round_id}-lot-{result.lot_id}.pb"'
    return response


