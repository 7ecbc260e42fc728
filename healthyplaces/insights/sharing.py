"""Who sees an insight or a conversation that nobody has confirmed yet.

Beyond the recording organisation, an insight is shown (redacted) only once a person who may change
it has confirmed its redaction; until then it is not shown at all, not even counted. A conversation
not yet confirmed is shown by its kind only, without its title or description. The recording
organisation, officers and administrators see everything, the unconfirmed marked as not yet shared.
"""
from django.db.models import Q

from healthyplaces.accounts.permissions import can, organisations_where


def unconfirmed_scope(user):
    """The organisations whose unconfirmed insights this person sees; None: every organisation's."""
    if can(user, "insights.confirm_any"):
        return None
    # The same rule that decides who reads an insight's unredacted text: a role for it in its organisation.
    return organisations_where(user, "insight.view_unredacted")


def visible(insights, user):
    """The insights of this queryset that the person may see at all."""
    scope = unconfirmed_scope(user)
    if scope is None:
        return insights
    return insights.filter(Q(confirmed_at__isnull=False) | Q(organisation_id__in=scope))


def is_visible(record, user):
    """For one insight (or conversation): confirmed, or the person sees its organisation's unconfirmed."""
    if record.confirmed:
        return True
    scope = unconfirmed_scope(user)
    return scope is None or record.organisation_id in scope
