"""Helpers for the insights tests: a conversation and insights recorded through the services."""
from datetime import date

import pytest

from healthyplaces.accounts.models import Role
from healthyplaces.insights import services
from healthyplaces.insights.models import Community, Theme


@pytest.fixture
def record(people):
    """record(role, summary, **fields) saves an insight in a new conversation run by that role's organisation."""
    def make(role, summary, *, kind="need", quote="", quote_consent=False, themes=(), lsoas=("E01012187",),
             communities=("adults-16-59",), held_on=date(2026, 5, 1), title="A street conversation"):
        person = people[role]
        conversation = services.save_conversation(
            by=person, title=title, kind="street", held_on=held_on, lsoa_codes=list(lsoas),
            communities=list(Community.objects.filter(slug__in=communities)))
        return services.save_insight(by=person, conversation=conversation, summary=summary, kind=kind, quote=quote,
                                     quote_consent=quote_consent, themes=list(Theme.objects.filter(code__in=themes)))
    return make


@pytest.fixture
def partner_insight(record):
    return record(Role.PARTNER, "Call Jo on 07700 900123 about the damp in her flat",
                  quote="My name is Jo Smith and the mould is everywhere", quote_consent=True, themes=["L3_housing"])
