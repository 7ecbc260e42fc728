"""A round's participatory vote: residents verified by postcode, one vote each, online or on paper, counted by the
round's rule (grants.counting) and published with its tie rule.

- Who may vote: a resident of one of the round's lots, by the postcode they give (a live postcode placed in an LSOA
  of the lot: places.postcodes). They vote on the shortlisted applications of their lot.
- One person, one vote: the name, date of birth and postcode they give make a voter key, kept only as a keyed hash
  (HMAC with the site's secret, so the stored hash cannot be tried against guessed details without the secret).
  The key is unique in the round (a database constraint), so a second vote is refused whether it comes online or on
  paper, and two officers entering the same paper ballot at once store it once.
- Paper ballots: one officer enters a ballot, a second officer checks it; it counts once checked, and a rejected
  entry is removed (so it can be entered again). The count waits until every paper ballot is checked.
- A ballot keeps the round's rule: no more projects than its approval limit, and, for the greedy rule (a knapsack
  vote), projects whose amounts together fit the lot's budget for the round.

Refusals are `ValidationError`s keyed by the form's fields, and nothing is written when one is raised.
"""
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from healthyplaces.places import postcodes

from . import counting, pabulib
from .models import Application, Ballot, Lot, Round, VoteResult
from .services import lot_lsoas

KEY_SALT = "healthyplaces.grants.voter"
OLDEST = 120  # years: a date of birth further back is a typing mistake


def voter_key(round_, name, date_of_birth, postcode):
    """The keyed hash that stands for a voter in a round: the same person (any case or spacing) gives the same key."""
    words = " ".join(str(name).split()).casefold()
    value = f"{round_.pk}|{words}|{date_of_birth.isoformat()}|{postcodes.normalise(postcode)}"
    return salted_hmac(KEY_SALT, value, algorithm="sha256").hexdigest()


def ballot_lots(round_):
    """The lots with shortlisted applications in the round (each its own ballot), by name."""
    return Lot.objects.filter(call_outs__round=round_, call_outs__applications__shortlisted=True,
                              call_outs__applications__status=Application.Status.SUBMITTED).distinct().order_by("name")


def shortlist(round_, lot):
    """The applications on a lot's ballot, in the order of their references."""
    return (Application.objects.filter(call_out__round=round_, call_out__lot=lot, shortlisted=True,
                                       status=Application.Status.SUBMITTED).order_by("id"))


def vote_budget(round_, lot):
    """The money a lot's vote spends in the round: its call-outs' own budgets where every one has one, else the lot's."""
    budgets = list(round_.call_outs.filter(lot=lot).values_list("budget", flat=True))
    if budgets and None not in budgets:
        return sum(budgets, Decimal(0))
    return lot.budget


def open_refusal(round_):
    """Why the round takes no votes now, or None."""
    if round_.decision != Round.Decision.VOTE:
        return "This round is decided by a panel, not by a vote."
    if round_.status == Round.Status.DECIDED:
        return "This vote has closed and been counted."
    if round_.status != Round.Status.DECIDING:
        return "This vote is not open yet."
    return None


@dataclass
class Voter:
    """Where a verified voter lives: their postcode, its LSOA and the lot (the ballot) it is in."""

    postcode: str
    lsoa: str
    lot: Lot


def verify(round_, postcode_text):
    """The voter's lot, from the postcode they give; refused (field "postcode") with the reason otherwise."""
    refused = open_refusal(round_)
    if refused:
        raise ValidationError({"__all__": refused})
    text = (postcode_text or "").strip()
    postcode = postcodes.normalise(text)
    if not text:
        raise ValidationError({"postcode": "Enter the postcode where you live, like TS18 1AA."})
    if postcode is None:
        raise ValidationError({"postcode": f"{text[:20]} is not a full postcode: enter one like TS18 1AA."})
    found = postcodes.find(postcode)
    if found is None:
        raise ValidationError({"postcode": f"{postcode} is not in England's postcode files: check it, or ask the "
                                           "council for a paper ballot."})
    if not found.live:
        raise ValidationError({"postcode": f"{postcode} was {postcodes.terminated_text(found)}: enter the postcode "
                                           "where you live now."})
    lots = list(ballot_lots(round_))
    for lot in lots:
        if lot_lsoas(lot).filter(code=found.lsoa11).exists():
            return Voter(postcode, found.lsoa11, lot)
    areas = ", ".join(lot.name for lot in lots) or "no area yet"
    raise ValidationError({"postcode": f"{postcode} is outside the area of this vote ({areas}): only people "
                                       "living there vote in it."})


def _date_of_birth(value):
    if not isinstance(value, date):
        return "Enter your date of birth, for example 27 3 1980."
    today = timezone.localdate()
    if value >= today:
        return "Your date of birth must be in the past."
    if value.year < today.year - OLDEST:
        return f"Check your date of birth: {value:%d %B %Y} is more than {OLDEST} years ago."
    return None


def _choice_problems(round_, lot, chosen_ids):
    """Why a ballot breaks the round's rule ({"choices": reason}), or {}; and the chosen applications."""
    on_ballot = {application.pk: application for application in shortlist(round_, lot)}
    try:
        ids = [int(i) for i in chosen_ids]
    except (TypeError, ValueError):
        return {"choices": "Choose projects from the list."}, []
    if len(set(ids)) != len(ids):
        return {"choices": "Choose each project once."}, []
    if not ids:
        return {"choices": "Choose at least one project."}, []
    if any(i not in on_ballot for i in ids):
        return {"choices": f"Choose only projects on the ballot for {lot.name}."}, []
    chosen = [on_ballot[i] for i in ids]
    limit = round_.approval_limit
    if limit and len(chosen) > limit:
        return {"choices": f"You chose {len(chosen)} projects: this vote allows up to {limit}."}, []
    if round_.counting_rule == Round.Rule.GREEDY:
        total, budget = sum((a.amount for a in chosen), Decimal(0)), vote_budget(round_, lot)
        if total > budget:
            return {"choices": f"The projects you chose cost £{total:,.2f} together, more than {lot.name}'s budget "
                               f"of £{budget:,.2f}: choose projects that add up to no more than it."}, []
    return {}, chosen


ALREADY = {
    Ballot.Channel.ONLINE: "This person has already voted in this round (online): each person votes once.",
    Ballot.Channel.PAPER: "This person has already voted in this round (on a paper ballot): each person votes once.",
}


def cast(round_, *, name, date_of_birth, postcode, choices, channel=Ballot.Channel.ONLINE, by=None,
         paper_number=""):
    """Record a ballot (online, or a paper one an officer enters as `by`). Refused, writing nothing, when the vote
    is not open, the details are missing, the postcode is outside, the person has voted or the ballot breaks the
    rule."""
    refused = open_refusal(round_)
    if refused:
        raise ValidationError({"__all__": refused})
    problems = {}
    name = " ".join(str(name or "").split())
    if not name:
        problems["name"] = "Enter your full name."
    elif len(name) > 150:
        problems["name"] = "Your name must be 150 characters or fewer."
    if (reason := _date_of_birth(date_of_birth)):
        problems["date_of_birth"] = reason
    if channel == Ballot.Channel.PAPER and by is None:
        problems["__all__"] = "A paper ballot is entered by an officer."
    paper_number = (paper_number or "").strip()
    if len(paper_number) > 30:
        problems["paper_number"] = "The ballot paper's number must be 30 characters or fewer."
    try:
        voter = verify(round_, postcode)
    except ValidationError as error:
        problems.update(error.message_dict)
        voter = None
    chosen = []
    if voter is not None:
        more, chosen = _choice_problems(round_, voter.lot, choices)
        problems.update(more)
    if problems:
        raise ValidationError(problems)
    key = voter_key(round_, name, date_of_birth, voter.postcode)
    earlier = Ballot.objects.filter(round=round_, voter_key=key).first()
    if earlier is not None:
        raise ValidationError({"__all__": ALREADY[earlier.channel]})
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(round=round_, lot=voter.lot, voter_key=key, lsoa=voter.lsoa, channel=channel,
                                           paper_number=paper_number,
                                           entered_by=by if channel == Ballot.Channel.PAPER else None)
            ballot.choices.set(chosen)
    except IntegrityError:  # the same person's ballot stored a moment ago (two officers entering it at once)
        earlier = Ballot.objects.filter(round=round_, voter_key=key).first()
        raise ValidationError({"__all__": ALREADY[earlier.channel if earlier else channel]}) from None
    return ballot


def unchecked(round_):
    return Ballot.objects.filter(round=round_, channel=Ballot.Channel.PAPER, checked_at__isnull=True)


def check_paper(ballot, *, by, correct):
    """A second officer's check of a paper ballot against the paper: correct, it counts; not, the entry is removed
    so it can be entered again. Refused when the same officer entered it, or it has been checked already."""
    if ballot.channel != Ballot.Channel.PAPER:
        raise ValidationError({"__all__": "Only a paper ballot is checked."})
    if ballot.entered_by_id == by.pk:
        raise ValidationError({"__all__": "You entered this paper ballot: a second officer checks it."})
    if (refused := open_refusal(ballot.round)):
        raise ValidationError({"__all__": refused})
    with transaction.atomic():
        if correct:
            done = Ballot.objects.filter(pk=ballot.pk, checked_at__isnull=True).update(checked_by=by,
                                                                                       checked_at=timezone.now())
        else:
            done, _ = Ballot.objects.filter(pk=ballot.pk, checked_at__isnull=True).delete()
    if not done:
        raise ValidationError({"__all__": "This paper ballot has been checked already."})


# Counting


def election(round_, lot):
    """The lot's counted ballots as a counting.Election: projects by reference, costs and budget in whole pounds
    (a cost in pence rounded up, the budget down, so a count never overspends)."""
    applications = list(shortlist(round_, lot))
    ballots = Ballot.objects.filter(round=round_, lot=lot).exclude(channel=Ballot.Channel.PAPER, checked_at__isnull=True)
    chosen = {}
    for ballot_id, application_id in Ballot.choices.through.objects.filter(ballot__in=ballots).values_list(
            "ballot_id", "application_id"):
        chosen.setdefault(ballot_id, []).append(application_id)
    reference = {a.pk: a.reference for a in applications}
    ballot_lists = [[reference[i] for i in chosen.get(b, ()) if i in reference]
                    for b in ballots.values_list("pk", flat=True)]
    return applications, counting.Election([a.reference for a in applications],
                                           [math.ceil(a.amount) for a in applications],
                                           int(vote_budget(round_, lot)), ballot_lists)


def count_vote(round_, *, by):
    """Count each lot's ballots by the round's rule and store the results; the round is then decided. Refused while
    a paper ballot waits for its check, or once counted."""
    if round_.decision != Round.Decision.VOTE:
        raise ValidationError({"__all__": "This round is decided by a panel, not by a vote."})
    if round_.status == Round.Status.DECIDED:
        raise ValidationError({"__all__": "This vote has been counted already."})
    if round_.status != Round.Status.DECIDING:
        raise ValidationError({"__all__": "This vote is not open yet: there is nothing to count."})
    waiting = unchecked(round_).count()
    if waiting:
        raise ValidationError({"__all__": f"{waiting} paper ballot(s) wait for a second officer's check: check them "
                                          "before counting."})
    rule = round_.counting_rule or Round.Rule.APPROVAL
    results = []
    with transaction.atomic():
        for lot in ballot_lots(round_):
            applications, vote = election(round_, lot)
            outcome = counting.count(vote, rule)
            by_reference = {a.reference: a for a in applications}
            winners = [by_reference[p] for p in outcome.winners]
            results.append(VoteResult.objects.create(
                round=round_, lot=lot, rule=rule, ballots=vote.voters, budget=vote_budget(round_, lot),
                spent=sum((a.amount for a in winners), Decimal(0)), winners=[a.pk for a in winners],
                votes={str(a.pk): int(vote.votes[j]) for j, a in enumerate(applications)},
                tie_rule=outcome.tie_rule, note=outcome.note, counted_by=by,
                ties=[{"step": t.step, "tied": [by_reference[p].pk for p in t.tied], "chosen": by_reference[t.chosen].pk}
                      for t in outcome.ties]))
        round_.status = Round.Status.DECIDED
        round_.save(update_fields=["status", "updated_at"])
    return results


@dataclass
class Row:
    application: Application
    votes: int
    funded: bool
    place: int | None  # the order the rule chose it in


def result_rows(result):
    """A lot's result as rows for the results page: every project on its ballot, most votes first."""
    winners = {pk: n for n, pk in enumerate(result.winners, start=1)}
    rows = [Row(a, result.votes.get(str(a.pk), 0), a.pk in winners, winners.get(a.pk))
            for a in shortlist(result.round, result.lot)]
    return sorted(rows, key=lambda r: (r.place is None, r.place or 0, -r.votes, r.application.pk))


def pabulib_text(result):
    """A counted lot's vote in the Pabulib format: projects by reference with cost, votes and whether funded, and
    each ballot under a number of its own: no voter's details, and ballots sorted by what they chose, not by when
    they were cast."""
    applications, vote = election(result.round, result.lot)
    winners = set(result.winners)
    projects = [{"project_id": a.reference, "cost": math.ceil(a.amount), "votes": int(vote.votes[j]),
                 "name": a.title, "selected": 1 if a.pk in winners else 0} for j, a in enumerate(applications)]
    rows = sorted(([vote.project_ids[j] for j in row.nonzero()[0]] for row in vote.approvals), key=lambda b: (len(b), b))
    votes = [{"voter_id": n, "vote": ballot} for n, ballot in enumerate(rows, start=1)]
    rule = {"approval": "approval", "greedy": "greedy", "equal-shares": "equalshares/add1"}[result.rule]
    meta = {"description": f"{result.round}: {result.lot}", "country": "United Kingdom", "unit": result.lot.name,
            "instance": result.round.name, "budget": int(result.budget), "rule": rule, "currency": "GBP",
            "date_begin": "", "date_end": f"{timezone.localtime(result.counted_at):%d.%m.%Y}"}
    return pabulib.write_pabulib({k: v for k, v in meta.items() if v != ""}, projects, votes)

