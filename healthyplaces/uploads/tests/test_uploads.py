"""Held uploads: only the person who uploaded may take the file back, and only for a day."""
from datetime import timedelta

import pytest
from django.utils import timezone

from healthyplaces.accounts.models import Role
from healthyplaces.uploads import services
from healthyplaces.uploads.models import HeldUpload

pytestmark = pytest.mark.django_db


def test_a_held_upload_comes_back_only_to_its_uploader_for_its_purpose(people):
    held = services.hold(people[Role.PARTNER], "assets", "survey.csv", b"name\nHall\n", partner=7)
    again = services.held(people[Role.PARTNER], "assets", str(held.token))
    assert bytes(again.content) == b"name\nHall\n" and again.context == {"partner": 7}
    assert services.held(people[Role.OFFICER], "assets", held.token) is None
    assert services.held(people[Role.PARTNER], "insights", held.token) is None
    for token in ("not-a-token", None, ""):
        assert services.held(people[Role.PARTNER], "assets", token) is None
    services.release(again)
    assert services.held(people[Role.PARTNER], "assets", held.token) is None


def test_uploads_nobody_confirmed_within_a_day_expire(people):
    old = services.hold(people[Role.PARTNER], "assets", "old.csv", b"x")
    HeldUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert services.held(people[Role.PARTNER], "assets", old.token) is None
    services.hold(people[Role.PARTNER], "assets", "new.csv", b"y")  # holding another clears the expired
    assert list(HeldUpload.objects.values_list("filename", flat=True)) == ["new.csv"]
