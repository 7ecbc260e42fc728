"""Issue 11, "A first-time user's pages": what a newcomer met on the pages, each point proved on its own."""
import pytest

from healthyplaces.accounts.models import Role
from healthyplaces.places.services import AreaNotFound, find_area

pytestmark = pytest.mark.django_db


# A typo or an unsupported area gets the form again, with a message and suggestions.


@pytest.mark.parametrize("typed, meant", [("Stokton", "E06000004"), ("Middlesborough", "E06000002"),
                                          ("durham", "E06000047"), ("Hartlepol", "E06000001")])
def test_a_mistyped_area_suggests_the_authority_meant(typed, meant):
    with pytest.raises(AreaNotFound) as error:
        find_area(typed)
    assert [a.code for a in error.value.suggestions][:1] == [meant]
    assert "Did you mean" in str(error.value)


def test_nothing_like_any_area_suggests_nothing():
    with pytest.raises(AreaNotFound) as error:
        find_area("Qwxyzzy")
    assert error.value.suggestions == [] and "Did you mean" not in str(error.value)


def test_gap_analysis_of_a_mistyped_area_shows_the_form_with_suggestions(client_for, people):
    """Issue 11: `/assets/gaps/?area=Stokton` was a bare 404."""
    response = client_for(people[Role.OFFICER]).get("/assets/gaps/?area=Stokton")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="gap-form"' in page and 'value="Stokton"' in page
    assert "There is a problem" in page and "Did you mean" in page
    assert 'href="?area=E06000004"' in page


def test_gap_analysis_of_a_ward_suggests_its_local_authority(client_for, people):
    """A ward is an area the platform knows but gap analysis does not cover: say so, and offer its authority."""
    from healthyplaces.places.models import Ward

    ward = Ward.objects.filter(local_authority_id="E06000004").order_by("code").first()
    response = client_for(people[Role.OFFICER]).get("/assets/gaps/", {"area": ward.code})
    page = response.content.decode()
    assert response.status_code == 200
    assert "is a ward" in page and 'href="?area=E06000004"' in page


def test_the_directory_and_insight_search_suggest_too(client_for, people):
    """Every page that takes an area name in its query says what was probably meant."""
    client = client_for(people[Role.OFFICER])
    for url in ("/assets/?area=Stokton", "/insights/?area=Stokton"):
        page = client.get(url, follow=True).content.decode()
        assert "Did you mean Stockton-on-Tees (E06000004)?" in page, url


def test_a_place_search_lists_every_place_it_counts(client):
    """Issue 11: `/?q=Stockton` said 24 results and listed 20. Now the count is every match, listed a page at a time."""
    import re

    from healthyplaces.places.models import Lsoa

    first = client.get("/?q=Stockton").content.decode()
    count = int(re.search(r"([\d,]+) places match", first).group(1).replace(",", ""))
    # Stockton-on-Tees's own LSOAs alone are more than the old page's 24.
    assert count > Lsoa.objects.filter(vintage=2011, name__startswith="Stockton-on-Tees").count()
    listed, number = [], 1
    while True:
        page = client.get(f"/?q=Stockton&page={number}").content.decode()
        listed += re.findall(r'<span class="govuk-hint govuk-!-display-inline">(\S+) ·', page)
        if f'page={number + 1}" rel="next"' not in page:
            break
        number += 1
    assert len(listed) == len(set(listed)) == count
    assert number > 1 and "Showing 1 to 20." in first


# Developer text in front of users: said in users' words, the file's own names shown only to administrators.


@pytest.fixture
def frameworks(db):
    from healthyplaces.assessments.frameworks import load_paths
    from healthyplaces.testing import SOURCE_DATA

    return {v.framework.key: v for v, _ in load_paths(sorted((SOURCE_DATA / "frameworks").glob("*.yaml")))[0]}


def test_a_framework_page_speaks_to_people_and_shows_its_file_names_only_to_administrators(frameworks, client_for, people):
    """Issue 11: "Platform-defined The rating scale “rating_1_5” is ours" and the framework file's names on the page."""
    url = "/assessments/frameworks/county_durham_approach_to_wellbeing/"
    officer = client_for(people[Role.OFFICER]).get(url).content.decode()
    for developer_text in ("rating_1_5", "agree_5", "Platform-defined", "platform_defined", ".yaml", "SOURCES.md", "PLATFORM-DEFINED"):
        assert developer_text not in officer, developer_text
    assert "From “Not started” to “Fully embedded”" in officer and "Written for Healthy Places" in officer
    admin = client_for(people[Role.ADMIN]).get(url).content.decode()
    assert "rating_1_5" in admin and "county_durham_wellbeing_principles.yaml" in admin


def test_an_assessment_names_its_scale_in_words(frameworks, client_for, people):
    from healthyplaces.accounts.models import Organisation
    from healthyplaces.assessments import services

    officer = people[Role.OFFICER]
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    assessment = services.start(frameworks["county_durham_approach_to_wellbeing"], council, "Wellbeing team", "2026", officer)
    page = client_for(officer).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "rating_1_5" not in page and "is ours" not in page and "Platform-defined" not in page
    assert "The scale from “Not started” to “Fully embedded” is not from the framework's source" in page


def test_hia_topics_are_named_without_editorial_notes(frameworks, client_for, people):
    """Issue 11: "(earlier editions: …)" was part of a HIA topic's name, so it showed on every HIA page."""
    version = frameworks["hudu_rapid_hia"]
    names = [section.name for section in version.sections.all()]
    assert "Housing design and affordability" in names
    assert not [n for n in names if "edition" in n or "(" in n]
    page = client_for(people[Role.OFFICER]).get("/assessments/frameworks/hudu_rapid_hia/").content.decode()
    assert "earlier editions" not in page and "earlier:" not in page


# Numbers.


def test_indicator_csv_writes_whole_counts_as_whole_numbers(client):
    """Issue 11: indicator CSVs printed counts as `20600.0`."""
    import csv
    import io

    _fingertips("93088,Walking,E06000004,UA,Persons,19+ yrs,,,2022/23,17.5,16,19,20600,121000")
    rows = list(csv.DictReader(io.StringIO(client.get("/indicators/93088/values.csv").content.decode())))
    assert (rows[0]["count"], rows[0]["denominator"], rows[0]["value"]) == ("20600", "121000", "17.5")


# The favicon and the API's documentation.


def test_every_page_links_a_favicon_of_its_own(client):
    """Issue 11: no favicon. The icon is the platform's (not GOV.UK's crown) and is served."""
    import re

    for url in ("/", "/api/docs"):
        icons = re.findall(r'<link rel="icon"[^>]* href="([^"]+)"', client.get(url).content.decode())
        assert icons and all("healthyplaces/favicon" in href for href in icons), url
        for href in icons:
            response = client.get(href)
            assert response.status_code == 200 and response["Content-Type"].startswith("image/"), href


def test_the_site_root_favicon_leads_to_the_platforms_icon(client):
    """Issue 11 (left open): `/favicon.ico`, which browsers ask for whatever a page links, was a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and "healthyplaces/favicon" in response.url
    icon = client.get(response.url)
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/")


def test_the_api_documentation_has_a_language_a_main_landmark_and_a_table_without_javascript(client):
    """Issue 11: `/api/docs` had no language or main landmark (its contrast is checked in the every-page journey)."""
    page = client.get("/api/docs").content.decode()
    assert '<html lang="en-GB">' in page and '<main class="hp-api-docs">' in page
    assert "healthyplaces/api_docs.css" in page
    noscript = page[page.index("<noscript>"):page.index("</noscript>")]
    assert "<code>/api/places/areas/{code}/summary</code>" in noscript


def _fingertips(*rows):
    from healthyplaces.indicators.importing import import_fingertips

    header = ("Indicator ID,Indicator Name,Area Code,Area Type,Sex,Age,Category Type,Category,Time period,Value,"
              "Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator")
    import_fingertips("\n".join([header, *rows]).encode(), "walking.csv", polarity="high")


def test_a_trend_table_has_no_row_without_a_figure(client):
    """Issue 11: a trend table showed a row with nothing in it (a period held only for other areas)."""
    import re

    _fingertips(*[f"93088,Walking,{code},x,Persons,19+ yrs,,,{period},{value},{value - 1},{value + 1},,"
                  for code, period, value in (("E06000004", "2020/21", 17), ("E92000001", "2020/21", 20),
                                              ("E06000004", "2022/23", 18), ("E92000001", "2022/23", 21),
                                              ("E01012187", "2021/22", 12))])
    page = client.get("/indicators/93088/?trend=E06000004").content.decode()
    table = page[page.index('id="trend-table"'):]
    table = table[:table.index("</table>")]
    assert re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', table) == ["2020/21", "2022/23"]


def test_the_edition_choice_fits_its_box(client):
    """Issue 11: the edition dropdown was cut off ("English Indices of Deprivation 2019" in a third of the page).
    The label names the indices, so each choice is just its year."""
    for url, select in (("/places/local-authority/E06000004/", "id_edition"), ("/places/lsoa/E01012187/", "edition")):
        page = client.get(url).content.decode()
        assert f'for="{select}">English Indices of Deprivation</label>' in page, url
        box = page[page.index(f'id="{select}"'):]
        box = box[:box.index("</select>")]
        assert ">2019</option>" in box and ">2025</option>" in box and "Indices" not in box, url


def test_the_hia_review_names_deprivation_domains_briefly_with_counts_separated(frameworks, client_for, people):
    """Issue 11: the HIA's deprivation table overflowed at 1280 px (every domain's full name as a heading); its width
    in the browser is checked by the every-page journey. Populations have thousands separators."""
    import re

    from healthyplaces.assessments import hia

    applicant = people[Role.APPLICANT]
    review = hia.create(name="Portrack homes", site="Portrack Lane", lsoas="E01012187", size="120 homes", type="residential",
                        by=applicant)
    hia.save_answers(review, {t.key: ("positive", "Evidence", "") for t in review.version.sections.all()}, applicant)
    hia.submit(review, applicant)
    page = client_for(people[Role.OFFICER]).get(f"/assessments/hia/{review.pk}/review/").content.decode()
    table = page[page.index('id="site-lsoas"'):page.index("</table>", page.index('id="site-lsoas"'))]
    assert '<abbr title="Income Deprivation Affecting Children Index">Children (IDACI)</abbr>' in table
    assert 'class="govuk-table hp-table--compact"' in page
    population = re.findall(r"(\d[\d,]*)</td></tr>", table)[0]
    assert int(population.replace(",", "")) >= 1000 and "," in population


def test_every_count_and_population_on_a_page_has_thousands_separators():
    """Issue 11: numbers had no thousands separators. Every count, total or population a template prints as text
    goes through humanize's `intcomma` (in an attribute, such as a progress bar's maximum, it stays a plain number)."""
    import re
    from pathlib import Path

    printed = re.compile(r'(?<!=")\{\{ ((?!forloop)[\w.]*(?:population|count(?!ing)|total)[\w.]*) *(\|[^}]*)?\}\}')
    bare = [f"{path.relative_to(path.parents[3])}: {m.group(0)}"
            for path in Path(__file__).resolve().parents[1].glob("**/templates/**/*.html")
            for m in printed.finditer(path.read_text()) if "intcomma" not in (m.group(2) or "")
            and not (m.group(2) or "").startswith(("|pluralize", "|default:\"\"|pluralize"))]
    assert not bare, "\n".join(bare)
