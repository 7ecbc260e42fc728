"""The public call-out pages: the list of open call-outs and each call-out's page."""
from datetime import timedelta

import pytest
from django.utils import timezone

from healthyplaces.grants.models import CallOut

pytestmark = pytest.mark.django_db


def test_the_list_shows_open_and_coming_call_outs_but_not_drafts_or_closed_ones(pot, client_for):
    now = timezone.now()
    coming = CallOut.objects.get(pk=pot.pk)
    coming.pk, coming.slug, coming.title = None, "coming-soon", "Growing food together"
    coming.opens_at = now + timedelta(days=3)
    coming.closes_at = now + timedelta(days=30)
    coming.save()
    for slug, title, status, closes in (("draft-one", "A draft call", CallOut.Status.DRAFT, now + timedelta(days=5)),
                                        ("closed-one", "A closed call", CallOut.Status.PUBLISHED, now - timedelta(days=1))):
        CallOut.objects.create(round=pot.round, lot=pot.lot, title=title, slug=slug, status=status, summary="x",
                               max_amount=100, opens_at=now - timedelta(days=9), closes_at=closes)
    page = client_for(None).get("/grants/").content.decode()
    assert "Tackling loneliness" in page and "Growing food together" in page
    assert page.index("Tackling loneliness") < page.index("Opening soon") < page.index("Growing food together")
    assert "A draft call" not in page and "A closed call" not in page
    assert "up to £2,000" in page


def test_with_nothing_open_the_list_says_so(db, client_for):
    page = client_for(None).get("/grants/").content.decode()
    assert "No call-out is open for applications at the moment." in page
