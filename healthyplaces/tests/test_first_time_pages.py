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
