"""Who may act on an action (the table of roles is `accounts.permissions.RULES`).

An action is its owner organisation's. It lies in its owner's areas (a council's own actions) and in the
local authorities of its places: those it names, its LSOAs' and its neighbourhoods' LSOAs'. A council's
officers change the actions in its areas and record their progress; a partner changes, and records progress
on, its own organisation's actions only. The partner organisations named on an action see it. Strategies,
their focus areas and principles are shared by everyone.

A commitment is its organisation's: only that organisation changes it. It is seen there and by the officers and
analysts of the councils covering the organisation's areas or the area of the framework it answers (Durham's
officers see every partner's commitments to Durham's principles).

A logic model is its organisation's, and lies in the area its outcomes are followed in: seen there and by the
staff and partners of the councils covering that area; changed by its organisation's officers and those councils'.
"""
from healthyplaces.accounts.permissions import Scope

from .models import Action, Commitment, LogicModel

AREAS = ["owner__areas", "local_authorities", "lsoas__local_authority", "neighbourhoods__lsoas__local_authority"]

# Seen by its owner, its partners and the officers and analysts of the councils it lies in.
SEEN = Scope(Action, organisations=["owner", "partners"], areas=AREAS)
# Changed by its owner and the officers of the councils it lies in.
OWNED = Scope(Action, organisations=["owner"], areas=AREAS)

SEEN.rule("action.view", "This action belongs to another organisation, outside your council's areas.")
OWNED.rule("action.change", "Only the organisation that owns this action, or an officer of the council it is "
                            "in, can change it.")
OWNED.rule("action.record_progress", "This is another organisation's action: only its owner, or an officer of "
                                     "the council it is in, records its progress.")


def visible(actions, user):
    """The actions a person may see, for a list."""
    return SEEN.filter(actions, user, "action.view")


COMMITMENT_SEEN = Scope(Commitment, organisations=["organisation"],
                        areas=["organisation__areas", "principle__strategy__local_authority"])
COMMITMENT_OWNED = Scope(Commitment, organisations=["organisation"])

COMMITMENT_SEEN.rule("commitment.view", "This commitment belongs to another organisation, outside your council's areas.")
COMMITMENT_OWNED.rule("commitment.change", "Only the organisation that made this commitment can change it.")


def visible_commitments(commitments, user):
    """The commitments a person may see, for the page by principle."""
    return COMMITMENT_SEEN.filter(commitments, user, "commitment.view")


LOGIC_MODEL_AREAS = ["organisation__areas", "local_authority", "neighbourhood__lsoas__local_authority"]
LOGIC_MODEL_SEEN = Scope(LogicModel, organisations=["organisation"], areas=LOGIC_MODEL_AREAS)
LOGIC_MODEL_SEEN.rule("logic_model.view", "This logic model belongs to another organisation, outside your council's areas.")
LOGIC_MODEL_SEEN.rule("logic_model.change", "Only the organisation that made this logic model, or an officer of the "
                                            "council it is in, can change it.")


def visible_logic_models(models, user):
    return LOGIC_MODEL_SEEN.filter(models, user, "logic_model.view")
