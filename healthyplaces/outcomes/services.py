"""What the outcomes part does: take a participant in by a pseudonymous reference and record their measures.

Every check refuses with a `ValidationError` naming the field, and nothing is saved.
"""
import re

from django.core.exceptions import ValidationError
from django.db import transaction

from healthyplaces.methods.wellbeing import ScoreRefused, score
from healthyplaces.places import postcodes
from healthyplaces.places.models import Lsoa

from .measures import measures
from .models import Participant, Score

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
def add_participant(programme, *, reference, joined_on, postcode="", **fields):
    participant = Participant(programme=programme, reference=check_reference(reference), joined_on=joined_on,
                              lsoa=lsoa_from_postcode(postcode) if postcode else None, **fields)
    participant.full_clean()
    participant.save()
    return participant


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
