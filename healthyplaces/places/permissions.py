"""Who may act on a neighbourhood (the table of roles is `accounts.permissions.RULES`).

A neighbourhood belongs to the organisation of the person who made it, and lies in the local authorities of
its LSOAs: a council's officers and analysts see its drafts when one of its LSOAs is in their areas. Places,
deprivation and population are national reference data, shared by everyone: they have no object rule.
"""
from healthyplaces.accounts.permissions import Scope, can, object_rule

from .models import Neighbourhood

NEIGHBOURHOODS = Scope(Neighbourhood, organisations=["organisation"], areas=["lsoas__local_authority"])


def visible(neighbourhoods, user):
    """The published ones, and the drafts within the person's reach."""
    return neighbourhoods.filter(published=True) | NEIGHBOURHOODS.filter(neighbourhoods, user, "neighbourhood.view_draft")


@object_rule("neighbourhood.view_draft")
def _view_draft(user, neighbourhood):
    if not NEIGHBOURHOODS.reaches(user, "neighbourhood.view_draft", neighbourhood):
        return "This neighbourhood is a draft of another organisation."


@object_rule("neighbourhood.change")
def _change(user, neighbourhood):
    # Analysts change the neighbourhoods they made; officers those within reach, whoever made them.
    if neighbourhood.created_by_id == user.pk:
        return None
    if can(user, "neighbourhood.change_others") and NEIGHBOURHOODS.reaches(user, "neighbourhood.change_others", neighbourhood):
        return None
    return "Only the analyst who made this neighbourhood, or an officer of a council it lies in, can change it."
