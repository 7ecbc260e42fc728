"""Issue 10, "Sessions: an idle timeout for signed-in users, password change and reset (by email,
Django's own views), and no way for a member to probe which user names exist"."""
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.assessments import services as assessments
from healthyplaces.assessments.frameworks import load_paths
from healthyplaces.testing import PASSWORD, SOURCE_DATA


def _at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.mark.django_db
def test_a_signed_in_person_is_signed_out_after_an_hour_without_a_request(people, client):
    """Issue 10 (sessions): each request pushes the expiry back; an hour idle ends the session."""
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    start = timezone.now()
    with _at(start):
        assert client.post("/account/sign-in/", {"username": "officer-person", "password": PASSWORD}).status_code == 302
    with _at(start + timedelta(minutes=50)):
        assert client.get("/account/").status_code == 200
    with _at(start + timedelta(minutes=100)):  # 100 minutes after signing in, but 50 after the last request
        assert client.get("/account/").status_code == 200
    with _at(start + timedelta(minutes=161)):
        response = client.get("/account/")
    assert response.status_code == 302 and response.url.startswith("/account/sign-in/")


@pytest.mark.django_db
def test_a_person_changes_their_password(people, client_for):
    """Issue 10 (sessions): Django's password change view, on a GOV.UK page, with its errors shown."""
    client = client_for(people[Role.PARTNER])
    page = client.get("/account/password/")
    assert page.status_code == 200 and b'type="password"' in page.content
    wrong = client.post("/account/password/", {"old_password": "not-it", "new_password1": "x", "new_password2": "y"})
    assert wrong.status_code == 200 and b"govuk-error-summary" in wrong.content
    new = "a-Different-passphrase-19"
    response = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response.url == "/account/password/changed/"
    assert client.get(response.url).status_code == 200  # still signed in here
    people[Role.PARTNER].refresh_from_db()
    assert people[Role.PARTNER].check_password(new)
    assert client_for(None).get("/account/password/").status_code == 302  # anonymous: sign in first


@pytest.mark.django_db
def test_a_password_reset_says_the_same_whether_or_not_the_address_has_an_account(client):
    """Issue 10 (sessions, probing): the reset page answers alike for a known and an unknown address."""
    user, _ = create_person("reset-me", role=Role.PARTNER, organisation="A charity", password=PASSWORD,
                            email="reset.me@example.org")
    known = client.post("/account/password-reset/", {"email": "reset.me@example.org"}, follow=True)
    unknown = client.post("/account/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/account/password-reset/sent/", 302)]
    assert known.content.replace(b"reset.me", b"") == unknown.content.replace(b"nobody", b"")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reset.me@example.org"]
    link = re.search(r"https?://testserver(/account/password-reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content and b'type="password"' in form.content
    new = "a-Fresh-passphrase-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert done.redirect_chain[-1][0] == "/account/password-reset/done/"
    user.refresh_from_db()
    assert user.check_password(new)
    again = client.get(link, follow=True)  # a link works once
    assert b"expired or has already been used" in again.content


@pytest.mark.django_db
def test_sign_in_errors_do_not_say_whether_the_user_name_exists(people, client):
    """Issue 10 (probing): a wrong password and an unknown name get the same page."""
    wrong_password = client.post("/account/sign-in/", {"username": "officer-person", "password": "wrong"})
    unknown_name = client.post("/account/sign-in/", {"username": "no-such-person", "password": "wrong"})
    strip = lambda response, name: re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content).replace(name, b"")  # noqa: E731
    assert strip(wrong_password, b"officer-person") == strip(unknown_name, b"no-such-person")


@pytest.mark.django_db
def test_an_invitation_cannot_be_used_to_find_who_has_an_account(people, client_for):
    """Issue 10 (probing): a partner inviting to an assessment gets the same answer for a person of an
    organisation it has nothing to do with as for a name no one has; colleagues can still be invited."""
    loaded, _ = load_paths(sorted((SOURCE_DATA / "frameworks").glob("*.yaml")))
    partner = people[Role.PARTNER]
    vcse = partner.memberships.first().organisation
    durham = {v.framework.key: v for v, _ in loaded}["county_durham_approach_to_wellbeing"]
    assessment = assessments.start(durham, vcse, "Our practice", "2026", by=partner)
    create_person("stranger", role=Role.OFFICER, organisation=Organisation.objects.create(name="Elsewhere", kind="council"))
    client = client_for(partner)

    def answer(username):
        response = client.post(f"/assessments/{assessment.pk}/invite/", {"username": username}, follow=True)
        return [str(m) for m in response.context["messages"]]

    assert answer("stranger") == ["No one you can invite has the user name 'stranger'."]
    assert answer("no-such-name") == ["No one you can invite has the user name 'no-such-name'."]
    assert answer("champion-person") == [f"{people[Role.CHAMPION]} can now see and rate this assessment."]  # same charity
    assert set(assessment.members.values_list("username", flat=True)) == {"partner-person", "champion-person"}
