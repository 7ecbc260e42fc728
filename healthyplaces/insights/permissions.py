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


@object_rule("insight.change")
def _change(user, record):
    if not scope_of(record).reaches(user, "insight.change", record):
        return "Only the organisation that recorded this, or an officer of the council it is in, can change it."


@object_rule("insight.view_unredacted")
def _view_unredacted(user, record):
    if not scope_of(record).reaches(user, "insight.view_unredacted", record):
        return "Only the organisation that recorded this, or the council it is in, reads what was said in full."


@object_rule("insight.confirm")
def _confirm(user, record):
    if not scope_of(record).reaches(user, "insight.confirm", record):
        return "Only the organisation that recorded this, or an officer of the council it is in, confirms its redaction."
