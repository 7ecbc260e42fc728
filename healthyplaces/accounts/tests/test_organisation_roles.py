"""Issue 10, "Roles are not tied to the organisation that holds them": a person who is a partner at one
organisation and only a panel member at another may not edit the second's records or see its drafts.

Each test fails on the main before issue 10, where any membership of the record's organisation was
enough, whatever the role held there.
"""
from datetime import date

import pytest

from healthyplaces.accounts.models import Membership, Organisation, Role
from healthyplaces.accounts import permissions
from healthyplaces.accounts.permissions import can
from healthyplaces.accounts.services import create_person
from healthyplaces.testing import PASSWORD, SOURCE_DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hats(people):
    """Sam: a partner at Catalyst Stockton (with the partner of the `people` fixture), only a panel member at Hartlepool Voice."""
    catalyst = Organisation.objects.get(name="Catalyst Stockton")
    other = Organisation.objects.create(name="Hartlepool Voice", kind="vcse")
    sam, _ = create_person("sam", role=Role.PARTNER, organisation=catalyst, password=PASSWORD)
    Membership.objects.create(user=sam, organisation=other, role=Role.PANEL_MEMBER)
    colleague, _ = create_person("hartlepool-partner", role=Role.PARTNER, organisation=other, password=PASSWORD)
    return {"sam": sam, "own": catalyst, "other": other, "colleague": colleague}


def test_the_table_answers_per_organisation(two_hats):
    sam, own, other = two_hats["sam"], two_hats["own"], two_hats["other"]
    assert permissions.organisations_where(sam, "asset.change") == {own.pk}
    assert permissions.organisations_where(sam, "insights.view") == {own.pk, other.pk}  # panel members read insights
    assert can(sam, "asset.change")  # a partner somewhere: the page opens


def test_assets_of_the_other_organisation_are_neither_editable_nor_visible_as_drafts(two_hats, people, client_for):
    from healthyplaces.assets.models import Asset
    from healthyplaces.assets.tests.test_views import make

    theirs = make("Hartlepool draft group", two_hats["other"], published=False)
    ours = make("Catalyst draft group", two_hats["own"], published=False)
    client = client_for(two_hats["sam"])
    assert client.get(f"/assets/{theirs.pk}/edit/").status_code in (403, 404)
    assert client.post(f"/assets/{theirs.pk}/edit/", {"name": "Taken over"}).status_code in (403, 404)
    assert client.get(f"/assets/{theirs.pk}/").status_code == 404
    listing = client.get("/assets/?q=draft+group").content.decode()
    assert "Catalyst draft group" in listing and "Hartlepool draft group" not in listing
    assert client.get(f"/assets/{ours.pk}/edit/").status_code == 200
    import_choices = client.get("/assets/import/").content.decode()
    assert "Hartlepool Voice" not in import_choices
    # The other organisation's own partner, and officers, still may.
    assert client_for(two_hats["colleague"]).get(f"/assets/{theirs.pk}/edit/").status_code == 200
    assert client_for(people[Role.OFFICER]).get(f"/assets/{theirs.pk}/edit/").status_code == 200
    assert not Asset.objects.filter(name="Taken over").exists()


def test_insights_of_the_other_organisation_are_not_editable(two_hats, people, client_for):
    from healthyplaces.insights import services

    conversation = services.save_conversation(by=two_hats["colleague"], title="Hartlepool drop-in", kind="street",
                                               held_on=date(2026, 5, 1), lsoa_codes=["E01012187"])
    insight = services.save_insight(by=two_hats["colleague"], conversation=conversation, kind="need",
                                    summary="Call Jo on 07700 900123 about the damp in her flat")
    assert conversation.organisation == two_hats["other"]
    client = client_for(two_hats["sam"])
    data = {"summary": "Changed", "kind": "idea", "lsoas": "E01012187"}
    assert client.post(f"/insights/{insight.pk}/edit/", data).status_code == 403
    assert client.post(f"/insights/conversations/{conversation.pk}/insights/new/", data).status_code == 403
    assert "Hartlepool drop-in" not in client.get("/insights/import/").content.decode()
    insight.refresh_from_db()
    assert insight.summary.startswith("Call Jo")
    assert client_for(two_hats["colleague"]).post(f"/insights/{insight.pk}/edit/", data).status_code == 302


def test_unredacted_text_needs_a_role_that_reads_insights_in_the_recording_organisation(two_hats, people, client_for):
    """An applicant role at the recording organisation is no reason to read its unredacted insights."""
    from healthyplaces.insights import services

    conversation = services.save_conversation(by=two_hats["colleague"], title="Hartlepool drop-in", kind="street",
                                              held_on=date(2026, 5, 1), lsoa_codes=["E01012187"])
    insight = services.save_insight(by=two_hats["colleague"], conversation=conversation, kind="need",
                                    summary="Call Jo on 07700 900123 about the damp in her flat")
    partner_elsewhere = people[Role.PARTNER]
    Membership.objects.create(user=partner_elsewhere, organisation=two_hats["other"], role=Role.APPLICANT)
    assert not can(partner_elsewhere, "insight.view_unredacted", insight)
    page = client_for(partner_elsewhere).get(f"/insights/{insight.pk}/").content.decode()
    assert "07700 900123" not in page
    assert can(two_hats["sam"], "insight.view_unredacted", insight)  # a panel member there reads it, as the table says


def test_a_draft_assessment_of_the_other_organisation_is_closed_even_to_a_member(two_hats, people, client_for):
    from healthyplaces.assessments import services
    from healthyplaces.assessments.frameworks import load_paths

    load_paths(sorted((SOURCE_DATA / "frameworks").glob("*.yaml")))
    version = services.rated_frameworks().order_by("key").first().current
    draft = services.start(version, two_hats["other"], "Hartlepool team", "2026", two_hats["colleague"])
    draft.members.add(two_hats["sam"])  # added before the rule, or by hand
    client = client_for(two_hats["sam"])
    assert client.get(f"/assessments/{draft.pk}/").status_code == 404
    criterion = version.criteria()[0]
    assert client.post(f"/assessments/{draft.pk}/rate/", {f"value-{criterion.key}": "5"}).status_code == 404
    assert "Hartlepool team" not in client.get("/assessments/self/").content.decode()
    assert "Hartlepool Voice" not in client.get("/assessments/start/").content.decode()
    create_person("hartlepool-reader", role=Role.PANEL_MEMBER, organisation=two_hats["other"], password=PASSWORD)
    with pytest.raises(services.AssessmentInvalid, match="holds no role at Hartlepool Voice"):
        services.invite(draft, "hartlepool-reader", two_hats["colleague"])
    assert client_for(two_hats["colleague"]).get(f"/assessments/{draft.pk}/").status_code == 200


def test_an_hia_of_the_other_organisation_is_closed(two_hats, people, client_for):
    """An applicant at a developer who is only a panel member at another developer sees none of the second's HIAs."""
    from healthyplaces.assessments import hia as hias
    from healthyplaces.assessments.frameworks import load_paths

    load_paths(sorted((SOURCE_DATA / "frameworks").glob("*.yaml")))
    applicant = people[Role.APPLICANT]  # at Tees Homes Ltd
    rival = Organisation.objects.create(name="Wynyard Estates", kind="developer")
    Membership.objects.create(user=applicant, organisation=rival, role=Role.PANEL_MEMBER)
    rival_applicant, _ = create_person("wynyard-applicant", role=Role.APPLICANT, organisation=rival, password=PASSWORD)
    theirs = hias.create(name="Wynyard Park", site="Land at Wynyard", lsoas="E01012187", size="50 homes",
                         type="residential", by=rival_applicant)
    assert theirs.development.organisation == rival
    client = client_for(applicant)
    assert client.get(f"/assessments/hia/{theirs.pk}/").status_code == 404
    assert client.get(f"/assessments/hia/{theirs.pk}/answers/").status_code == 404
    assert "Wynyard Park" not in client.get("/assessments/hia/").content.decode()
    assert theirs not in set(hias.visible_hias(applicant))
    assert client_for(rival_applicant).get(f"/assessments/hia/{theirs.pk}/").status_code == 200
    assert client_for(people[Role.OFFICER]).get(f"/assessments/hia/{theirs.pk}/").status_code == 200


def test_a_record_is_made_for_an_organisation_where_the_person_may_make_it(two_hats):
    """Sam's first organisation by name holds only a panel member role there: Sam's conversations go to
    Catalyst Stockton, where Sam is a partner, not to the first membership found."""
    from healthyplaces.insights import services

    late = Organisation.objects.create(name="Aaa Readers", kind="community_group")
    Membership.objects.create(user=two_hats["sam"], organisation=late, role=Role.PANEL_MEMBER)
    conversation = services.save_conversation(by=two_hats["sam"], title="Market stall", kind="street",
                                              held_on=date(2026, 5, 1), lsoa_codes=["E01012187"])
    assert conversation.organisation == two_hats["own"]


def test_a_councils_officers_reach_every_organisations_records_in_its_areas(two_hats, people):
    from healthyplaces.assets.models import Asset
    from healthyplaces.assets.permissions import ASSETS
    from healthyplaces.assets.tests.test_views import make

    make("Hartlepool draft group", two_hats["other"], published=False)  # at a point in Stockton-on-Tees
    assert ASSETS.filter(Asset.objects.all(), people[Role.OFFICER], "asset.change").filter(partner=two_hats["other"]).exists()
    assert not ASSETS.filter(Asset.objects.all(), two_hats["sam"], "asset.change").exists()
