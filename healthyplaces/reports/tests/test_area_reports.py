"""The neighbourhood profile, the board summary and the public community summary: what each says, that none shows
what people said unredacted or a person's details, and who may build and read them (the pages)."""
from datetime import date

import pytest
from django.urls import reverse

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.actions.models import Action
from healthyplaces.insights import services as insights
from healthyplaces.places.services import save_neighbourhood
from healthyplaces.reports import services
from healthyplaces.reports.models import ReportVersion
from healthyplaces.testing import PASSWORD

from .test_we_said_we_did import pdf_text

pytestmark = pytest.mark.django_db

HOOD = "Stockton town centre and Portrack"
TOWN_CENTRE = ["E01012187", "E01012188"]
PHONE = "07700 900123"


@pytest.fixture
def council(people):
    return Organisation.objects.get(name="Stockton-on-Tees Borough Council")


@pytest.fixture
def hood(people):
    return save_neighbourhood(HOOD, TOWN_CENTRE, published=True)


@pytest.fixture
def said(people, hood):
    """An insight naming a person, with a shared quote, confirmed for sharing (its redaction)."""
    partner = people[Role.PARTNER]
    conversation = insights.save_conversation(by=partner, title="Drop-in at the library", kind="street",
                                              held_on=date(2026, 5, 1), lsoa_codes=TOWN_CENTRE[:1])
    insight = insights.save_insight(by=partner, conversation=conversation, kind="need", quote_consent=True,
                                    summary=f"Call Jo Smith on {PHONE} about the damp in her flat",
                                    quote="The buses stop before the evening clinic")
    insights.confirm_as_system([conversation, insight])
    return insight


@pytest.fixture
def actions(council, hood):
    late = Action.objects.create(title="Open a warm space at the library", owner=council, lead="Sam Leadbetter",
                                 status=Action.Status.AT_RISK, start_date=date(2025, 1, 1), due_date=date(2025, 6, 1))
    late.neighbourhoods.set([hood])
    late.progress.create(date=date(2025, 3, 1), text="Room booked for Tuesdays", organisation=council)
    borough = Action.objects.create(title="Healthy food in every school", owner=council, status=Action.Status.DONE,
                                    due_date=date(2025, 1, 1))
    return late, borough


def test_the_neighbourhood_profile_puts_deprivation_assets_insights_and_actions_together(people, said, actions):
    version = services.build("neighbourhood-profile", by=people[Role.OFFICER], area=HOOD)
    text = pdf_text(version.pdf)
    for heading in ("Deprivation", "Health indicators against England", "Community assets and gaps",
                    "What people said", "Whose voice is missing", "Actions"):
        assert heading in text
    assert "E01012187" in text and "E01012188" in text
    assert "Open a warm space at the library" in text and "At risk, overdue" in text
    assert "Healthy food in every school" not in text  # the borough's, not this neighbourhood's
    assert "The buses stop before the evening clinic" in text
    # the map: one shape per LSOA, drawn in the page itself (so it prints)
    assert version.html.count("<path d=") == 2 and version.html.count("<rect x=") >= 10  # the deciles' bars
    for private in ("Jo Smith", PHONE):
        assert private not in version.html and private not in text
    assert version.local_authority_id == "E06000004" and not version.public


def test_the_community_summary_is_public_plain_and_names_no_one(people, said, actions, client_for):
    version = services.build("community-summary", by=people[Role.OFFICER], area=HOOD)
    text = pdf_text(version.pdf)
    assert version.public and "You said" in text and "We did" in text
    assert "Open a warm space at the library" in text and "under way, with some difficulties" in text
    assert "The buses stop before the evening clinic" in text
    for private in ("Jo Smith", PHONE, "Sam Leadbetter", people[Role.OFFICER].username):
        assert private not in version.html and private not in text
    anonymous = client_for(None)
    assert version.title in anonymous.get(reverse("reports:versions")).content.decode()
    pdf = anonymous.get(reverse("reports:download", args=[version.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(version.pdf)


def test_the_board_summary_counts_actions_by_status_and_focus_area_and_lists_the_overdue(people, actions):
    version = services.build("board-summary", by=people[Role.OFFICER], area="E06000004")
    text = pdf_text(version.pdf)
    assert "2 actions, 1 of them overdue" in text
    assert "Open a warm space at the library" in text.split("Overdue actions")[1].split("What changed")[0]
    assert "Healthy food in every school" not in text.split("Overdue actions")[1]
    assert "No focus area given 0 0 1 0 1 0 2" in text  # not started, on track, at risk, off track, done, dropped


def test_only_staff_read_an_internal_report_in_its_organisation_or_council_area(people, actions, client_for):
    version = services.build("board-summary", by=people[Role.OFFICER], area="E06000004")
    durham = Organisation.objects.create(name="Durham County Council", kind="council")
    durham.areas.set(["E06000047"])
    elsewhere = create_person("durham-officer", role=Role.OFFICER, organisation=durham, password=PASSWORD)[0]
    for url in (reverse("reports:version", args=[version.pk]), reverse("reports:read", args=[version.pk]),
                reverse("reports:download", args=[version.pk, "pdf"])):
        assert client_for(people[Role.ANALYST]).get(url).status_code == 200
        for refused in (None, people[Role.PARTNER], people[Role.CHAMPION], elsewhere):
            assert client_for(refused).get(url).status_code == 403, (url, refused)
    assert version.title not in client_for(None).get(reverse("reports:versions")).content.decode()
    assert version.title not in client_for(elsewhere).get(reverse("reports:versions")).content.decode()


def test_the_build_form_says_what_is_wrong_on_its_field_and_keeps_what_was_entered(people, hood, client_for):
    build = reverse("reports:build")
    assert client_for(None).get(build).status_code == 302  # to sign in
    assert client_for(people[Role.PARTNER]).get(build).status_code == 403
    officer = client_for(people[Role.OFFICER])
    page = officer.post(build, {"kind": "neighbourhood-profile", "area": "Stockton town centre and Portrak"})
    body = page.content.decode()
    assert page.status_code == 200 and "No local authority, neighbourhood" in body
    assert 'value="Stockton town centre and Portrak"' in body and not ReportVersion.objects.exists()
    page = officer.post(build, {"kind": "we-said-we-did", "year": ""})
    assert "Give the year" in page.content.decode()
    # a good request runs as a job (at once in tests), whose page links to the version
    page = officer.post(build, {"kind": "community-summary", "area": HOOD}, follow=True)
    version = ReportVersion.objects.get()
    assert reverse("reports:version", args=[version.pk]) in page.content.decode()
    page = officer.get(reverse("reports:version", args=[version.pk])).content.decode()
    assert "Download the PDF" in page and reverse("reports:download", args=[version.pk, "pdf"]) in page
    html = officer.get(reverse("reports:download", args=[version.pk, "html"]))
    assert html["Content-Disposition"].startswith("attachment;") and b"<style>" in html.content


def test_the_theme_deep_dive_gathers_what_was_said_the_assets_and_the_actions_of_one_theme(people, hood, council):
    from healthyplaces.assets.models import Asset
    from healthyplaces.insights.models import Theme

    partner = people[Role.PARTNER]
    conversation = insights.save_conversation(by=partner, title="Tenants' meeting", kind="street",
                                              held_on=date(2026, 5, 1), lsoa_codes=TOWN_CENTRE[:1])
    damp = insights.save_insight(by=partner, conversation=conversation, kind="need", quote_consent=True,
                                 summary=f"Call Jo Smith on {PHONE} about the damp in her flat",
                                 quote="Half the flats on our street have mould", themes=[Theme.objects.get(code="L3_housing")])
    buses = insights.save_insight(by=partner, conversation=conversation, kind="need", quote_consent=True,
                                  summary="No bus after six", quote="The last bus leaves at six")
    insights.confirm_as_system([conversation, damp, buses])
    vcse = Organisation.objects.get(name="Catalyst Stockton")
    Asset.objects.create(name="Tenants' repair cafe", category="association", themes="L3_housing", partner=vcse,
                         lsoa_code=TOWN_CENTRE[0], published=True)
    Asset.objects.create(name="Evening bus club", category="association", themes="X_built_environment", partner=vcse,
                         lsoa_code=TOWN_CENTRE[0], published=True)
    on_it = Action.objects.create(title="Damp survey of the Portrack flats", owner=council, source_insight=damp)
    on_it.neighbourhoods.set([hood])
    Action.objects.create(title="Timetable review", owner=council, source_insight=buses).neighbourhoods.set([hood])
    version = services.build("theme-deep-dive", by=people[Role.OFFICER], area=HOOD, theme="housing")
    text = pdf_text(version.pdf)
    assert version.title == f"Deep dive: Housing in {HOOD}"
    assert "Half the flats on our street have mould" in text and "The last bus leaves at six" not in text
    assert "Tenants' repair cafe" in text and "Evening bus club" not in text
    assert "Damp survey of the Portrack flats" in text and "Timetable review" not in text
    for private in ("Jo Smith", PHONE):
        assert private not in version.html and private not in text
    with pytest.raises(services.ReportRefused, match="Several themes"):
        services.build("theme-deep-dive", by=people[Role.OFFICER], area=HOOD, theme="conditions")
    with pytest.raises(services.ReportRefused, match="No theme is called"):
        services.build("theme-deep-dive", by=people[Role.OFFICER], area=HOOD, theme="weather")
