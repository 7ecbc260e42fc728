"""Commitments against a framework's principles: an organisation records and changes only its own; the officers
of the framework's council see every partner's, principle by principle."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.actions import commitments, strategies
from healthyplaces.actions.models import Commitment, Strategy
from healthyplaces.testing import PASSWORD

pytestmark = pytest.mark.django_db

DURHAM = "county_durham_approach_to_wellbeing"


@pytest.fixture
def durham_framework(db):
    strategies.load_paths()
    return Strategy.objects.get(key=DURHAM)


@pytest.fixture
def vcse(people):
    return Organisation.objects.get(name="Catalyst Stockton")


@pytest.fixture
def durham_officer(db):
    council = Organisation.objects.create(name="Durham County Council", kind="council")
    council.areas.set(["E06000047"])
    return create_person("durham-officer", role=Role.OFFICER, organisation=council, password=PASSWORD)[0]


def commit(organisation, principle, text="Co-design our services with the people who use them", **fields):
    return Commitment.objects.create(organisation=organisation, principle=principle, text=text, **fields)


def form_data(principle, **fields):
    data = {"principle": principle.pk, "kind": "organisational", "person": "", "progress": "planned",
            "text": "Hold our planning meetings in the community centre", "progress_note": "",
            "made_on_day": "2", "made_on_month": "12", "made_on_year": "2026"}
    return {**data, **fields}


def test_a_partner_records_its_own_commitment_and_the_page_shows_it_under_its_principle(
        people, client_for, vcse, durham_framework):
    p5 = durham_framework.principles.get(key="p5")
    client = client_for(people[Role.PARTNER])
    page = client.get(f"/actions/commitments/{DURHAM}/new/?principle=p5")
    assert page.status_code == 200 and page.context["form"]["principle"].value() == p5.pk
    response = client.post(f"/actions/commitments/{DURHAM}/new/", form_data(p5, organisation=vcse.pk))
    assert response.status_code == 302
    saved = Commitment.objects.get()
    assert (saved.organisation, saved.principle, saved.made_on, saved.created_by) == (
        vcse, p5, date(2026, 12, 2), people[Role.PARTNER])
    page = client.get(f"/actions/commitments/{DURHAM}/")
    shown = dict(page.context["principles"])
    assert [c.text for c in shown[p5]] == ["Hold our planning meetings in the community centre"]
    assert [p.key for p, _ in page.context["principles"]] == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert page.context["uncommitted"] == 5
    assert "1 commitment from 1 organisation; 5 principles have none yet." in page.content.decode()


def test_the_frameworks_council_sees_every_partners_commitments_and_another_council_does_not(
        people, client_for, vcse, durham_framework, durham_officer):
    p1 = durham_framework.principles.get(key="p1")
    commit(vcse, p1, text="Catalyst's commitment")
    durham = Organisation.objects.get(name="Durham County Council")
    commit(durham, p1, text="Durham's own commitment")
    seen = client_for(durham_officer).get(f"/actions/commitments/{DURHAM}/").context["principles"]
    assert [c.text for c in dict(seen)[p1]] == ["Catalyst's commitment", "Durham's own commitment"]  # by name
    # Stockton's officers cover neither Catalyst (no areas) nor Durham's framework
    seen = client_for(people[Role.OFFICER]).get(f"/actions/commitments/{DURHAM}/").context["principles"]
    assert dict(seen)[p1] == []
    seen = client_for(people[Role.PARTNER]).get(f"/actions/commitments/{DURHAM}/").context["principles"]
    assert [c.text for c in dict(seen)[p1]] == ["Catalyst's commitment"]
    assert client_for(None).get(f"/actions/commitments/{DURHAM}/").status_code == 302  # sign in first


def test_an_organisation_changes_only_its_own_commitments(people, client_for, vcse, durham_framework, durham_officer):
    p2 = durham_framework.principles.get(key="p2")
    theirs = commit(vcse, p2)
    officer = client_for(durham_officer)
    page = officer.get(f"/actions/commitments/{DURHAM}/")
    assert page.status_code == 200 and f"/actions/commitment/{theirs.pk}/change/" not in page.content.decode()
    refused = officer.post(f"/actions/commitment/{theirs.pk}/change/", form_data(p2, text="Changed by Durham"))
    assert refused.status_code == 403 and "Only the organisation that made this commitment" in refused.content.decode()
    with pytest.raises(ValidationError) as error:
        theirs.text = "Changed by Durham"
        commitments.save_commitment(theirs, durham_officer)
    assert "Only the organisation" in error.value.message_dict["organisation"][0]
    # nor records one in another organisation's name
    durham_council = Organisation.objects.get(name="Durham County Council")
    with pytest.raises(ValidationError, match="only for your own organisation"):
        commitments.save_commitment(Commitment(organisation=vcse, principle=p2, text="In their name"), durham_officer)
    response = officer.post(f"/actions/commitments/{DURHAM}/new/", form_data(p2, organisation=vcse.pk))
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert Commitment.objects.get().text == "Co-design our services with the people who use them"
    assert list(Commitment.objects.values_list("organisation", flat=True)) == [vcse.pk]
    # its own organisation changes it, with its progress
    client = client_for(people[Role.PARTNER])
    page = client.get(f"/actions/commitment/{theirs.pk}/change/")
    response = client.post(f"/actions/commitment/{theirs.pk}/change/", form_data(
        p2, progress="under_way", progress_note="Two meetings held there", version=page.context["version"]))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.progress, theirs.progress_note, theirs.organisation) == ("under_way", "Two meetings held there", vcse)
    assert durham_council.commitments.count() == 0


def test_a_personal_commitment_names_who_makes_it_and_the_form_keeps_what_was_entered(
        people, client_for, vcse, durham_framework):
    p3 = durham_framework.principles.get(key="p3")
    client = client_for(people[Role.PARTNER])
    response = client.post(f"/actions/commitments/{DURHAM}/new/", form_data(
        p3, organisation=vcse.pk, kind="personal", text="Spend a day a month in the food bank", made_on_month="13"))
    form = response.context["form"]
    assert response.status_code == 200 and not Commitment.objects.exists()
    assert set(form.errors) == {"person", "made_on"}
    assert "Spend a day a month in the food bank" in response.content.decode()
    response = client.post(f"/actions/commitments/{DURHAM}/new/", form_data(
        p3, organisation=vcse.pk, kind="personal", text="Spend a day a month in the food bank"))
    assert response.context["form"].errors == {"person": ["Say who makes this personal commitment: a name or a post."]}
    response = client.post(f"/actions/commitments/{DURHAM}/new/", form_data(p3, organisation=vcse.pk, text=""))
    assert list(response.context["form"].errors) == ["text"]
    assert not Commitment.objects.exists()
    client.post(f"/actions/commitments/{DURHAM}/new/", form_data(
        p3, organisation=vcse.pk, kind="personal", person="Chief executive", text="Spend a day a month in the food bank"))
    assert Commitment.objects.get().person == "Chief executive"
