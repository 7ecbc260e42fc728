"""What the outcomes part does: take a participant in by a pseudonymous reference and record their measures.

Every check refuses with a `ValidationError` naming the field, and nothing is saved.
"""
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from healthyplaces.methods.wellbeing import ScoreRefused, score
from healthyplaces.assets.services import visible_to
from healthyplaces.places import postcodes
from healthyplaces.places.models import Lsoa

from .measures import measures
from .models import Contact, Goal, Identity, OutcomeCheck, Participant, Referral, Score

DATE_LIKE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}")
NAME_LIKE = re.compile(r"^[A-Za-z'-]{2,}(\s+[A-Za-z'-]{2,})+$")


def check_reference(reference):
    """A reference is the programme's own code: a date of birth or a name typed into it is refused."""
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": "Enter the participant's reference."})
    if DATE_LIKE.search(reference):
        raise ValidationError({"reference": "A reference must not be a date (a date of birth identifies someone): "
                                            "use the programme's own code, such as PA-0001."})
    if NAME_LIKE.match(reference) or not re.search(r"\d", reference):
        raise ValidationError({"reference": "A reference must not be a name: use the programme's own code, such as "
                                            "PA-0001 (with a number in it)."})
    return reference


def lsoa_from_postcode(postcode):
    """The 2011 LSOA of an English postcode; the postcode itself is not kept. Refused outside England's files."""
    if not postcodes.normalise(postcode):
        raise ValidationError({"postcode": f"{postcode!r} is not a postcode: enter one like TS18 1AA."})
    code = postcodes.lsoa_code(postcode)
    lsoa = Lsoa.objects.filter(code=code, vintage=2011).first() if code else None
    if lsoa is None:
        raise ValidationError({"postcode": f"{postcodes.normalise(postcode)} is not a postcode in England: the "
                                           "platform places participants in English LSOAs only."})
    return lsoa


@transaction.atomic
def add_participant(programme, *, reference, joined_on, postcode="", communities=(), identity=None, by=None,
                    **fields):
    """Take a participant in by their reference; `identity` (name, date of birth, phone, email) only where the
    programme must hold it, kept in its own table."""
    participant = Participant(programme=programme, reference=check_reference(reference), joined_on=joined_on,
                              lsoa=lsoa_from_postcode(postcode) if postcode else None, updated_by=by, **fields)
    if Participant.objects.filter(programme=programme, reference=participant.reference).exists():
        raise ValidationError({"reference": f"{participant.reference} is already a participant of this programme."})
    if fields.get("referred_on") and fields["referred_on"] > joined_on:
        raise ValidationError({"referred_on": "The referral date must be on or before the date they joined."})
    participant.full_clean()
    participant.save()
    participant.communities.set(communities)
    if identity and any(identity.values()):
        if not programme.holds_identity:
            raise ValidationError({"name": "This programme does not hold who its participants are."})
        held = Identity(participant=participant, **identity)
        held.full_clean()
        held.save()
    return participant


def _not_before_joining(participant, on, field, what):
    if on < participant.joined_on:
        raise ValidationError({field: f"The {what} is dated {on:%-d %B %Y}, before the participant joined on "
                                      f"{participant.joined_on:%-d %B %Y}."})
    if on > date.today():
        raise ValidationError({field: f"The {what} is dated {on:%-d %B %Y}, which is in the future."})


@transaction.atomic
def add_goal(participant, *, text, set_on, co_produced=True, progress=Goal.Progress.NOT_STARTED, reviewed_on=None):
    _not_before_joining(participant, set_on, "set_on", "goal")
    goal = Goal(participant=participant, text=text, set_on=set_on, co_produced=co_produced, progress=progress,
                reviewed_on=reviewed_on)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def update_goal(goal, *, text, set_on, co_produced, progress, reviewed_on=None):
    """A goal's progress as reviewed with the participant (and its words or date, if they were wrong)."""
    _not_before_joining(goal.participant, set_on, "set_on", "goal")
    if reviewed_on and reviewed_on < set_on:
        raise ValidationError({"reviewed_on": "The review must be on or after the date the goal was set."})
    goal.text, goal.set_on, goal.co_produced, goal.progress, goal.reviewed_on = (text, set_on, co_produced, progress,
                                                                                 reviewed_on)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def add_contact(participant, *, on, kind, minutes=None):
    _not_before_joining(participant, on, "on", "contact")
    contact = Contact(participant=participant, on=on, kind=kind, minutes=minutes)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def check_outcome(participant, *, outcome, on, achieved):
    if outcome not in participant.programme.outcome_labels():
        raise ValidationError({"outcome": f"{outcome!r} is not one of this programme's outcomes."})
    _not_before_joining(participant, on, "on", "check")
    return OutcomeCheck.objects.create(participant=participant, outcome=outcome, on=on, achieved=achieved)


def assets_to_refer_to(user, programme):
    """The published assets a participant can be referred to: the directory's, in the programme's areas."""
    return (visible_to(user).filter(published=True, lsoa__local_authority__in=programme.areas.all())
            .order_by("name", "pk"))


@transaction.atomic
def refer(participant, *, asset, on, connected=Referral.Connected.NOT_YET, user=None):
    if user is not None and not assets_to_refer_to(user, participant.programme).filter(pk=asset.pk).exists():
        raise ValidationError({"asset": "Choose a published asset in the programme's areas."})
    _not_before_joining(participant, on, "on", "referral")
    return Referral.objects.create(participant=participant, asset=asset, on=on, connected=connected)


def set_connected(referral, connected):
    if connected not in Referral.Connected.values:
        raise ValidationError({"connected": "Say whether they connected."})
    referral.connected = connected
    referral.save(update_fields=["connected"])
    return referral


def referral_counts(assets):
    """{asset id: referrals received}, counts only (for the directory)."""
    from django.db.models import Count

    return dict(Referral.objects.filter(asset__in=assets).values("asset").annotate(n=Count("pk"))
                .values_list("asset", "n"))


@transaction.atomic
def record_score(participant, *, measure, taken_on, timepoint, answers):
    """Score the answers with the measure's own rules and save them; refused before the participant joined, for a
    measure the platform does not know, or an answer outside its scale (naming the item)."""
    if measure not in measures():
        raise ValidationError({"measure": f"{measure!r} is not a measure the platform knows."})
    if taken_on < participant.joined_on:
        raise ValidationError({"taken_on": f"The measure was taken on {taken_on:%-d %B %Y}, before the participant "
                                           f"joined on {participant.joined_on:%-d %B %Y}."})
    try:
        values, results, note = score(measures()[measure].instrument, answers)
    except ScoreRefused as refused:
        raise ValidationError({f"answers.{refused.item}" if refused.item else "answers": refused.reason}) from None
    return Score.objects.create(participant=participant, measure=measure, taken_on=taken_on, timepoint=timepoint,
                                answers=values, results=results, note=note)


@transaction.atomic
def erase_identity(participant):
    """Erase who a participant is, on request: the anonymous record of goals, contacts and measures stays."""
    return Identity.objects.filter(participant=participant).delete()[0] > 0


GOAL_REMOVED = "(The goal's words were removed when the record's retention ended.)"


def past_retention(today=None):
    """Participants who left more than their programme's retention ago and are not yet anonymised."""
    today = today or date.today()
    found = []
    for participant in (Participant.objects.filter(left_on__isnull=False, anonymised_on__isnull=True)
                        .select_related("programme")):
        months = participant.programme.retention_months
        year, month = divmod(participant.left_on.month - 1 + months, 12)
        ends = _same_day(participant.left_on.year + year, month + 1, participant.left_on.day)
        if ends < today:
            found.append(participant)
    return found


def _same_day(year, month, day):
    import calendar

    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def anonymise(participant, today=None):
    """At the end of retention: who they were is erased, the reference replaced, goals' words removed and the dates
    that could pick them out coarsened to the month; the figures' inputs (goals' progress, contacts, scores,
    outcomes, referrals) stay."""
    Identity.objects.filter(participant=participant).delete()
    participant.goals.update(text=GOAL_REMOVED)
    participant.reference = f"ANON-{participant.pk}"
    participant.joined_on = participant.joined_on.replace(day=1)
    participant.left_on = participant.left_on.replace(day=1) if participant.left_on else None
    participant.referred_on = participant.referred_on.replace(day=1) if participant.referred_on else None
    participant.anonymised_on = today or date.today()
    participant.save()
    return participant


def anonymise_past_retention(today=None):
    """The scheduled task (`healthyplaces outcomes anonymise`, daily): anonymise every record past its retention."""
    return [anonymise(participant, today) for participant in past_retention(today)]


def filter_participants(queryset, *, reference="", age_band="", sex="", status="", today=None):
    """The participants list's filters, on a queryset already limited to those the person may see."""
    today = today or date.today()
    if reference:
        queryset = queryset.filter(reference__icontains=reference.strip())
    if age_band:
        queryset = queryset.filter(age_band=age_band)
    if sex:
        queryset = queryset.filter(sex=sex)
    if status == "current":
        queryset = queryset.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
    elif status == "left":
        queryset = queryset.filter(left_on__lte=today)
    return queryset
