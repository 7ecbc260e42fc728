"""Commitments against a framework's principles (County Durham's "Our commitments"): each organisation records
its own, and the partnership sees them principle by principle. Public functions: `frameworks`, `by_principle`,
`organisations_for`, `save_commitment`."""
from django.core.exceptions import ValidationError
from django.db import transaction

from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import organisations_where, platform_wide, refusal

from .models import Commitment, Strategy
from .permissions import visible_commitments


def frameworks():
    """The strategies and frameworks with principles to commit to."""
    return Strategy.objects.filter(principles__isnull=False).distinct().order_by("name")


def by_principle(strategy, user):
    """[(principle, [its commitments the person may see])], in the framework's order, empty principles too:
    a principle nobody has committed to is what the page shows first."""
    seen = visible_commitments(Commitment.objects.filter(principle__strategy=strategy), user)
    grouped = {}
    for commitment in seen.select_related("organisation").order_by("organisation__name", "made_on", "pk"):
        grouped.setdefault(commitment.principle_id, []).append(commitment)
    return [(principle, grouped.get(principle.pk, [])) for principle in strategy.principles.all()]


def organisations_for(user):
    """The organisations a person records commitments for: their own where their role allows it (any, for the
    platform's administrators)."""
    if platform_wide(user, "commitments.record"):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=organisations_where(user, "commitments.record")).order_by("name")


@transaction.atomic
def save_commitment(commitment, by):
    """Check and save a commitment: a new one only for the person's own organisation, a change only to their
    organisation's (the organisation it was saved under, whatever the form sent). Refused with nothing saved:
    a ValidationError naming the field."""
    if commitment.pk is None:
        reason = refusal(by, "commitments.record")
        if not reason and not organisations_for(by).filter(pk=commitment.organisation_id).exists():
            reason = "You can record commitments only for your own organisation."
    else:
        saved = Commitment.objects.get(pk=commitment.pk)
        reason = refusal(by, "commitment.change", saved)
        if not reason and saved.organisation_id != commitment.organisation_id:
            reason = "A commitment stays with the organisation that made it."
    if reason:
        raise ValidationError({"organisation": reason})
    commitment.full_clean()
    if commitment.pk is None:
        commitment.created_by = by
    commitment.save()
    return commitment
