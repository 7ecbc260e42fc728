import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from healthyplaces.accounts.models import AuditEvent, Role
from healthyplaces.accounts.services import create_person, ensure_admin
from healthyplaces.testing import PASSWORD


@pytest.mark.django_db
def test_five_failed_sign_ins_lock_the_account(people, client):
    page = client.post("/account/sign-in/", {"username": "officer-person", "password": "wrong"}).content.decode()
    assert '<a href="#id_username">Enter a correct username and password.' in page  # the error summary points at it
    for _ in range(4):
        response = client.post("/account/sign-in/", {"username": "officer-person", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post("/account/sign-in/", {"username": "officer-person", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Your account is locked" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_correct_sign_in_works_and_is_audited(people, client):
    response = client.post("/account/sign-in/", {"username": "officer-person", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", actor=people[Role.OFFICER]).exists()


def test_weak_passwords_are_refused_by_django_validators():
    for weak in ("password", "12345678901", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak)


@pytest.mark.django_db
def test_changes_to_people_and_neighbourhoods_are_in_the_audit_log(people, client_for):
    officer = people[Role.OFFICER]
    client = client_for(officer)
    response = client.post("/places/neighbourhoods/new/", {"name": "Portrack", "lsoas": ["E01012187", "E01012188"]})
    assert response.status_code == 302
    created = AuditEvent.objects.get(model="places.Neighbourhood", action="create")
    assert created.actor == officer and created.changes["name"] == [None, "Portrack"]
    response = client.post("/places/neighbourhoods/portrack/edit/", {"name": "Portrack and Tilery", "lsoas": ["E01012187"]})
    assert response.status_code == 302
    changes = {k for e in AuditEvent.objects.filter(model="places.Neighbourhood", action="update") for k in e.changes}
    assert {"name", "lsoas"} <= changes
    admin_page = client_for(people[Role.ADMIN]).get("/account/audit/")
    assert b"Portrack and Tilery" in admin_page.content


@pytest.mark.django_db
def test_passwords_never_appear_in_the_audit_log():
    user, _ = create_person("newcomer", role=Role.PARTNER, organisation="A charity")
    user.set_password("another-Long-passphrase-7")
    user.save()
    for event in AuditEvent.objects.filter(model="accounts.User"):
        assert "password" not in event.changes


@pytest.mark.django_db
def test_the_first_administrator_is_made_once():
    password = ensure_admin()
    assert password and len(password) >= 12
    assert ensure_admin() is None


@pytest.mark.django_db
def test_unknown_role_is_refused():
    with pytest.raises(ValueError, match="Unknown role"):
        create_person("someone", role="wizard", organisation="Anywhere")
