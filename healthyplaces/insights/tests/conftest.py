"""Helpers for the insights tests: a conversation and insights recorded through the services."""
from datetime import date

import pytest

from healthyplaces.accounts.models import Role
from healthyplaces.insights import services
from healthyplaces.insights.models import Community, Theme


@pytest.fixture
def record(people):
    """record(role, summary, **fields) saves an insight in a new conversation run by that role's organisation;
    both are confirmed as the recorder (shared beyond the organisation) unless confirmed=False."""
    def make(role, summary, *, kind="need", quote="", quote_consent=False, themes=(), lsoas=("E01012187",),
             communities=("adults-16-59",), held_on=date(2026, 5, 1), title="A street conversation", tags="",
             confirmed=True):
        person = people[role]
        conversation = services.save_conversation(
            by=person, title=title, kind="street", held_on=held_on, lsoa_codes=list(lsoas),
            communities=list(Community.objects.filter(slug__in=communities)))
        insight = services.save_insight(by=person, conversation=conversation, summary=summary, kind=kind, quote=quote,
                                        quote_consent=quote_consent, themes=list(Theme.objects.filter(code__in=themes)),
                                        tags=services.tags_from_text(tags))
        if confirmed:
            services.confirm(by=person, insights=[insight.pk], conversations=[conversation.pk])
            insight.refresh_from_db()
        return insight
    return make


@pytest.fixture
def partner_insight(record):
    """Not yet confirmed: only the partner's organisation and officers see it."""
    return record(Role.PARTNER, "Call Jo on 07700 900123 about the damp in her flat",
                  quote="My name is Jo Smith and the mould is everywhere", quote_consent=True, themes=["L3_housing"],
                  confirmed=False)
