"""Who may act on a programme and its participants (the table of roles is `accounts.permissions.RULES`).

A programme is the record of its lead provider and of every provider organisation, and lies in the local
authorities it serves (`Programme.areas`): a council's officers there reach it, as for any record. A participant's
record is narrower: besides holding the role within that reach, the person must be named on the programme, as a
worker (who records and reads participants, and alone reads identity) or as an officer (who reads them). Named
evaluators export the anonymised data without suppression. Administrators run the programme but read no
participant: the role table gives them none of those actions.
"""
from healthyplaces.accounts.permissions import Scope, object_rule

from .models import Participant, Programme

PROGRAMMES = Scope(Programme, organisations=["organisation", "providers"], areas=["areas"])
PARTICIPANTS = Scope(Participant, organisations=["programme__organisation", "programme__providers"],
                     areas=["programme__areas"])

# action: (the programme's lists of named people that allow it, the refusal)
NAMED = {
    "participant.view": (("workers", "officers"), "Only the programme's named workers and officers see its participants."),
    "participant.record": (("workers",), "Only the programme's named workers record its participants."),
    "identity.view": (("workers",), "Only the programme's named workers see who a participant is."),
    "programme.view_figures": (("workers", "officers", "evaluators"),
                               "Only the people named on the programme see its figures unsuppressed."),
    "programme.export": (("workers", "officers", "evaluators"),
                         "Only the people named on the programme export its data."),
    "programme.export_unsuppressed": (("evaluators",), "Only the programme's named evaluators export it unsuppressed."),
}


def programme_of(record):
    return record if isinstance(record, Programme) else record.programme


def named(user, programme, lists):
    """Is the person named on the programme in one of these lists (workers, officers, evaluators)?"""
    return any(getattr(programme, field).filter(pk=user.pk).exists() for field in lists)


def _named_rule(action, lists, reason):
    def rule(user, record):
        programme = programme_of(record)
        if not (PROGRAMMES.reaches(user, action, programme) and named(user, programme, lists)):
            return reason
    return rule


for _action, (_lists, _reason) in NAMED.items():
    object_rule(_action)(_named_rule(_action, _lists, _reason))

PROGRAMMES.rule("programme.view", "Only the programme's providers, and the council it serves, see this programme.")
PROGRAMMES.rule("programme.change", "Only an officer of the programme's provider or of the council it serves "
                                    "changes it.")


def participants_for(user, action, queryset=None):
    """The participants this person may see (or record): named on their programme, within its reach."""
    lists = NAMED[action][0]
    queryset = Participant.objects.all() if queryset is None else queryset
    programmes = PROGRAMMES.filter(Programme.objects.all(), user, action)
    from django.db.models import Q
    query = Q(pk__in=[])
    for field in lists:
        query |= Q(**{field: user})
    return queryset.filter(programme__in=programmes.filter(query))
