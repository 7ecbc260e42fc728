"""Who may act on an insight or a conversation (the table of roles is `accounts.permissions.RULES`).

An insight and its conversation are the record of the organisation that recorded them. A conversation lies
in the local authorities of its LSOAs (a neighbourhood's, or its venue's, copied in when it is saved); an
insight in those of its own LSOAs and of its conversation's. A council's officers act on the insights and
conversations in its areas: they read the unredacted text, change and confirm them (its analysts do not:
accounts.permissions.OFFICERS_ONLY_IN_AREAS). Beyond
that reach an insight is seen only once its redaction is confirmed, and then redacted (insights/sharing.py).
Themes and communities are shared by everyone.
"""
from healthyplaces.accounts.permissions import Scope, object_rule

from .models import Conversation, Insight

INSIGHTS = Scope(Insight, organisations=["organisation"],
                 areas=["lsoas__local_authority", "conversation__lsoas__local_authority"])
CONVERSATIONS = Scope(Conversation, organisations=["organisation"], areas=["lsoas__local_authority"])


def scope_of(record):
    """Where an insight or a conversation (or either model) belongs."""
    model = record if isinstance(record, type) else type(record)
    return CONVERSATIONS if issubclass(model, Conversation) else INSIGHTS


REFUSALS = {
    "insight.change": "Only the organisation that recorded this, or an officer of the council it is in, can change it.",
    "insight.view_unredacted": "Only the organisation that recorded this, or the council it is in, reads what was "
                               "said in full.",
    "insight.confirm": "Only the organisation that recorded this, or an officer of the council it is in, confirms "
                       "its redaction.",
}


def _within_reach(action, reason):
    def rule(user, record):
        if not scope_of(record).reaches(user, action, record):
            return reason
    return rule


for _action, _reason in REFUSALS.items():
    object_rule(_action)(_within_reach(_action, _reason))
