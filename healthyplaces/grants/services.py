"""What the grants app does: the places a lot covers, sharing a fund by need, applying to a call-out, and a
panel's conflicts, scores, moderation and recommendation. Other parts (votes, awards, reports) call these.

A refusal is a `django.core.exceptions.ValidationError` keyed by the form field it is about, so a page shows it
beside the field and a command prints it; nothing is written when one is raised (one transaction).
"""
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from healthyplaces.accounts.models import Organisation
from healthyplaces.places.models import Deprivation, Edition, Lsoa, Population

from . import allocation
from .models import Application, BudgetLine, CallOut, Conflict, Lot, Moderation, Round, Score

ALLOCATION_EDITION = Edition.IOD2019  # 2011 LSOAs, whose mid-2015 populations the platform holds
QUESTION_KINDS = ("text", "textarea", "number", "choice", "yesno")


# Places


def lot_lsoas(lot, vintage=2011):
    """The LSOAs making up a lot: those of its local authorities (and the districts they replaced), of its
    neighbourhoods, and those named one by one."""
    authorities = list(lot.local_authorities.values_list("code", flat=True))
    codes = Lsoa.objects.filter(vintage=2011).filter(
        Q(local_authority__in=authorities) | Q(local_authority__successor__in=authorities)
        | Q(neighbourhoods__in=lot.neighbourhoods.all()) | Q(pk__in=lot.lsoas.all())).values("code")
    return Lsoa.objects.filter(vintage=vintage, code__in=codes)


def call_out_lsoas(call_out):
    """The LSOAs a call-out targets: its target authorities and neighbourhoods, else its lot's."""
    authorities = list(call_out.target_local_authorities.values_list("code", flat=True))
    neighbourhoods = list(call_out.target_neighbourhoods.all())
    if not authorities and not neighbourhoods:
        return lot_lsoas(call_out.lot)
    return Lsoa.objects.filter(vintage=2011).filter(
        Q(local_authority__in=authorities) | Q(local_authority__successor__in=authorities)
        | Q(neighbourhoods__in=neighbourhoods)).distinct()


def lot_need(lot):
    """A lot's residents and those living in LSOAs of national IMD deciles 1-2 (IoD2019, mid-2015 populations)."""
    lsoas = lot_lsoas(lot)
    population = dict(Population.objects.filter(lsoa__in=lsoas).values_list("lsoa__code", "total"))
    deprived = set(Deprivation.objects.filter(edition=ALLOCATION_EDITION, lsoa__in=lsoas, imd_decile__in=(1, 2))
                   .values_list("lsoa__code", flat=True))
    return allocation.Need(lot.name, sum(population.values()),
                           sum(people for code, people in population.items() if code in deprived))


def allocate_fund(fund, way=allocation.BY_POPULATION, total=None):
    """The fund shared across its lots by need, with each lot's arithmetic (grants.allocation)."""
    lots = list(fund.lots.all())
    total = fund_total(fund) if total is None else total
    return allocation.allocate(total, [lot_need(lot) for lot in lots], way), lots


def fund_total(fund):
    """The pot: its partners' contributions, or, with none recorded, its lots' budgets."""
    contributions = [c.amount for c in fund.contributions.all()]
    return sum(contributions) if contributions else sum((lot.budget for lot in fund.lots.all()), Decimal(0))


# Call-outs


def published_call_outs():
    return (CallOut.objects.filter(status=CallOut.Status.PUBLISHED)
            .select_related("round__fund", "lot", "theme").order_by("closes_at", "title"))


def is_open(call_out, now=None):
    now = now or timezone.now()
    return call_out.status == CallOut.Status.PUBLISHED and call_out.opens_at <= now <= call_out.closes_at


def check_questions(questions):
    """A call-out's questions as data: each a dict with a unique key, a label and a known kind (choices for a
    choice). Returns the problems, in words, with the question's number."""
    problems, keys = [], set()
    for number, question in enumerate(questions, start=1):
        key, kind = question.get("key"), question.get("kind", "text")
        if not key or not str(key).isidentifier():
            problems.append(f"Question {number}: its key must be a short name of letters, digits and underscores.")
        elif key in keys:
            problems.append(f"Question {number}: the key {key!r} is used twice.")
        keys.add(key)
        if not question.get("label"):
            problems.append(f"Question {number}: it needs a label (the question asked).")
        if kind not in QUESTION_KINDS:
            problems.append(f"Question {number}: its kind must be one of {', '.join(QUESTION_KINDS)}.")
        if kind == "choice" and not question.get("choices"):
            problems.append(f"Question {number}: a choice question needs its choices.")
    return problems


# Applications


def eligibility(call_out, *, unregistered_group, organisation_kind, amount, now=None):
    """Why an application is not eligible, field by field ({field: reason}); empty when it is. Checked when a draft
    is saved (shown as advice) and again when it is submitted (refused)."""
    reasons = {}
    now = now or timezone.now()
    if unregistered_group:
        if not call_out.unregistered_groups:
            reasons["unregistered_group"] = "This call-out is open to registered organisations only."
    elif call_out.organisation_kinds and organisation_kind not in call_out.organisation_kinds:
        allowed = ", ".join(str(Organisation.Kind(k).label).lower() for k in call_out.organisation_kinds)
        reasons["unregistered_group"] = f"This call-out is open to: {allowed}" + (
            ", and unregistered community groups." if call_out.unregistered_groups else ".")
    if amount is not None and amount > call_out.max_amount:
        reasons["amount"] = f"The most this call-out awards is £{call_out.max_amount:,.2f}: you asked for £{amount:,.2f}."
    if amount is not None and amount <= 0:
        reasons["amount"] = "Enter the amount you are asking for, more than £0."
    if now > call_out.closes_at:
        reasons["__all__"] = f"This call-out closed on {timezone.localtime(call_out.closes_at):%d %B %Y at %H:%M}."
    elif now < call_out.opens_at:
        reasons["__all__"] = f"This call-out opens on {timezone.localtime(call_out.opens_at):%d %B %Y}."
    return reasons


def budget_problems(amount, lines):
    """Budget lines (item, amount) must each be positive and add up to the amount asked for."""
    problems = {}
    if not lines:
        problems["budget"] = "Add at least one budget line: what the money pays for and how much."
    elif any(cost <= 0 for _, cost in lines):
        problems["budget"] = "Every budget line needs an amount of more than £0."
    elif amount is not None and sum(cost for _, cost in lines) != amount:
        total = sum(cost for _, cost in lines)
        problems["budget"] = (f"Your budget lines add up to £{total:,.2f} but you asked for £{amount:,.2f}: "
                              "they must add up to the amount you ask for.")
    return problems


def answer_problems(call_out, answers, *, submitting):
    problems = {}
    for question in call_out.questions:
        value = answers.get(question["key"])
        if submitting and question.get("required") and value in (None, ""):
            problems[f"q_{question['key']}"] = f"Answer the question: {question['label']}"
    return problems


@dataclass
class ApplicationData:
    """What an applicant enters (the form's cleaned data, or an import's row)."""

    unregistered_group: bool
    applicant_name: str
    contact_name: str
    title: str
    amount: Decimal
    budget_lines: list  # [(item, Decimal amount)]
    answers: dict
    contact_email: str = ""
    contact_phone: str = ""
    charity_number: str = ""
    company_number: str = ""
    summary: str = ""
    lsoas: tuple = ()  # 2011 LSOA codes
    local_authorities: tuple = ()
    communities: tuple = ()


def save_application(call_out, organisation, data, *, by, application=None, submit=False, now=None):
    """Save a draft (or a draft's changes), and submit it when asked: a submitted application must be eligible,
    before the deadline, with every required answer and budget lines that add up. Raises ValidationError (field:
    reason) and writes nothing when it refuses."""
    now = now or timezone.now()
    reasons = eligibility(call_out, unregistered_group=data.unregistered_group, organisation_kind=organisation.kind,
                          amount=data.amount, now=now)
    if submit:
        problems = {**answer_problems(call_out, data.answers, submitting=True),
                    **budget_problems(data.amount, data.budget_lines), **reasons}
    else:  # a draft may be kept while it is not yet eligible, but never over the maximum or after the deadline
        problems = {field: reason for field, reason in reasons.items()
                    if field == "amount" or (field == "__all__" and now > call_out.closes_at)}
    lsoas = list(Lsoa.objects.filter(vintage=2011, code__in=data.lsoas))
    outside = sorted(set(data.lsoas) - set(call_out_lsoas(call_out).filter(code__in=data.lsoas)
                                         .values_list("code", flat=True)))
    if outside:
        problems["lsoas"] = f"Outside this call-out's area: {', '.join(outside)}. Name LSOAs the call-out covers."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        application = application or Application(call_out=call_out, organisation=organisation, created_by=by)
        for field in ("unregistered_group", "applicant_name", "contact_name", "contact_email", "contact_phone",
                      "charity_number", "company_number", "title", "summary", "amount", "answers"):
            setattr(application, field, getattr(data, field))
        if data.unregistered_group:
            application.charity_number = application.company_number = ""
        if submit:
            application.status, application.submitted_at = Application.Status.SUBMITTED, now
        application.save()
        application.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(BudgetLine(application=application, item=item, amount=cost, order=order)
                                       for order, (item, cost) in enumerate(data.budget_lines))
        application.lsoas.set(lsoas)
        application.local_authorities.set(data.local_authorities)
        application.communities.set(data.communities)
    return application


def applications_of(user, queryset=None):
    """The applications a person reaches as applicant or officer (applications.review / application.view)."""
    from .permissions import APPLICATIONS

    queryset = Application.objects.all() if queryset is None else queryset
    return APPLICATIONS.filter(queryset, user, "application.view").select_related("call_out")


# Panels


def panel_applications(round_, member):
    """The submitted applications of a panel round a member may see: every one but those they are conflicted on."""
    return (Application.objects.filter(call_out__round=round_, status=Application.Status.SUBMITTED)
            .exclude(conflicts__member=member).select_related("call_out__lot").order_by("call_out", "id"))


def declare_conflict(application, member, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say what the conflict of interest is (for example: I am a trustee)."})
    panel = application.call_out.round.panel
    with transaction.atomic():
        conflict, _ = Conflict.objects.get_or_create(panel=panel, member=member, application=application,
                                                     defaults={"reason": reason[:300]})
        Score.objects.filter(application=application, member=member).delete()  # a conflicted score does not count
    return conflict


def principles(call_out):
    """The criteria applications to this call-out are scored against, in the framework's order."""
    return list(call_out.principles.criteria()) if call_out.principles_id else []


def save_scores(application, member, scores):
    """A member's scores: {criterion id: (value, comment)}. Every principle needs a whole number on the call-out's
    scale; refused as a whole (ValidationError naming each principle's field) otherwise."""
    call_out = application.call_out
    problems = {}
    by_id = {criterion.pk: criterion for criterion in principles(call_out)}
    for criterion_id, criterion in by_id.items():
        value, _ = scores.get(criterion_id, (None, ""))
        if value is None or value == "":
            problems[f"score_{criterion_id}"] = f"Score {criterion.key}: {criterion.text[:80]}"
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or str(number) != str(value).strip() or not call_out.score_min <= number <= call_out.score_max:
            problems[f"score_{criterion_id}"] = (f"Score {criterion.key} must be a whole number from {call_out.score_min} "
                                                 f"to {call_out.score_max}: you entered {value}.")
    unknown = set(scores) - set(by_id)
    if unknown:
        problems["__all__"] = "Only this call-out's principles are scored."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for criterion_id, (value, comment) in scores.items():
            Score.objects.update_or_create(application=application, member=member, principle_id=criterion_id,
                                           defaults={"value": int(value), "comment": (comment or "").strip()})


def member_totals(application):
    """{member id: their total over the principles}, for members who scored every principle."""
    count = application.call_out.principles.criteria().count() if application.call_out.principles_id else 0
    totals, counts = {}, {}
    for member, value in application.scores.values_list("member", "value"):
        totals[member] = totals.get(member, 0) + value
        counts[member] = counts.get(member, 0) + 1
    return {member: total for member, total in totals.items() if counts[member] == count}


def panel_score(application):
    """The mean of the members' totals (two decimals), or None before anyone has scored it fully."""
    totals = member_totals(application)
    if not totals:
        return None
    return (Decimal(sum(totals.values())) / len(totals)).quantize(Decimal("0.01"))


def moderate(application, score, note, *, by):
    """The panel's agreed score. Differing from the members' mean needs a note saying why."""
    call_out = application.call_out
    most = call_out.score_max * len(principles(call_out))
    if score is None or not 0 <= score <= most:
        raise ValidationError({"score": f"The agreed score must be from 0 to {most} (every principle's top score)."})
    mean = panel_score(application)
    if mean is not None and Decimal(score) != mean and not (note or "").strip():
        raise ValidationError({"note": f"Say why the agreed score differs from the members' mean of {mean}."})
    moderation, _ = Moderation.objects.update_or_create(
        application=application, defaults={"score": score, "note": (note or "").strip(), "moderated_by": by})
    return moderation


@dataclass
class Recommended:
    application: Application
    score: Decimal | None
    moderated: bool
    members: int
    running_total: Decimal
    funded: bool
    reason: str


def recommendation(call_out):
    """The call-out's submitted applications by score, highest first (moderated score, else the members' mean;
    ties to the one asking for less, then the earlier), funded down the list while the money lasts: one that does
    not fit is passed over and the next that fits is funded."""
    rows = []
    for application in call_out.applications.filter(status=Application.Status.SUBMITTED).select_related("moderation"):
        moderation = getattr(application, "moderation", None)
        score = moderation.score if moderation else panel_score(application)
        rows.append((application, score, moderation is not None, len(member_totals(application))))
    rows.sort(key=lambda r: (r[1] is None, -(r[1] or 0), r[0].amount, r[0].submitted_at or r[0].created_at, r[0].pk))
    money, spent, out = call_out.money, Decimal(0), []
    for application, score, moderated, members in rows:
        if score is None:
            out.append(Recommended(application, None, False, 0, spent, False, "Not scored yet."))
            continue
        fits = spent + application.amount <= money
        if fits:
            spent += application.amount
        reason = "Within the budget." if fits else f"£{application.amount:,.2f} does not fit the £{money - spent:,.2f} left."
        out.append(Recommended(application, score, moderated, members, spent, fits, reason))
    return out


def rounds_with_panels(member):
    return Round.objects.filter(panel__members=member, decision=Round.Decision.PANEL).select_related("fund")


def lots_of(fund):
    return Lot.objects.filter(fund=fund).prefetch_related("local_authorities")
