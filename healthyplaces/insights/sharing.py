"""Who sees an insight or a conversation that nobody has confirmed yet.

Beyond the recording organisation, an insight is shown (redacted) only once a person who may change
it has confirmed its redaction; until then it is not shown at all, not even counted. A conversation
not yet confirmed is shown by its kind only, without its title or description. The recording
organisation, the officers of the council it lies in and the platform's administrators see
everything, the unconfirmed marked as not yet shared (the same reach as for its unredacted text:
insights/permissions.py).
"""
from django.db.models import Q

from healthyplaces.accounts.permissions import platform_wide

from .models import Insight
from .permissions import INSIGHTS, scope_of

READ = "insight.view_unredacted"


def unconfirmed_seen(user):
    """The ids of the unconfirmed insights this person sees; None: every one (the platform's administrators)."""
    if platform_wide(user, READ):
        return None
    return frozenset(INSIGHTS.filter(Insight.objects.filter(confirmed_at__isnull=True), user, READ)
                     .values_list("pk", flat=True))


def visible(insights, user):
    """The insights of this queryset that the person may see at all."""
    return insights.filter(Q(confirmed_at__isnull=False) | INSIGHTS.q(user, READ))


def is_visible(record, user):
    """For one insight (or conversation): confirmed, or within the person's reach."""
    return record.confirmed or scope_of(record).reaches(user, READ, record)
