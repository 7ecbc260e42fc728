"""Issue 10, "API edge cases that give a 500": numbers a client sends that the database cannot hold.

Every API list endpoint (and the HTML pages that page) is asked for them; each must answer 422 with a
message naming the parameter, never a 500.
"""
import pytest

from healthyplaces.accounts.models import Role

HUGE = "99999999999999999999"  # more than a 64-bit integer
INT64_MAX = "9223372036854775807"  # fits, but (page - 1) * per_page does not

# (endpoint, its integer parameters, its number-with-a-fraction parameters)
LIST_ENDPOINTS = [
    ("/api/places/areas/E06000004/lsoas", ["limit", "offset"], []),
    ("/api/insights/search?q=bus", ["limit", "offset"], []),
    ("/api/oruk/services", ["page", "per_page"], ["minimum_age", "maximum_age"]),
    ("/api/oruk/service_at_locations", ["page", "per_page"], ["minimum_age", "maximum_age"]),
    ("/api/oruk/taxonomies", ["page", "per_page"], []),
    ("/api/oruk/taxonomy_terms", ["page", "per_page"], []),
    ("/api/assessments/frameworks/csa", ["version"], []),
]
CASES = [(url, name, value) for url, ints, floats in LIST_ENDPOINTS
         for name, values in ((n, (HUGE, INT64_MAX, "-" + HUGE)) for n in ints)
         for value in values] + \
        [(url, name, value) for url, _, floats in LIST_ENDPOINTS for name in floats for value in ("nan", "1e400", "-inf")]


def _with(url, name, value):
    return f"{url}{'&' if '?' in url else '?'}{name}={value}"


@pytest.mark.django_db
@pytest.mark.parametrize("url,name,value", CASES, ids=[f"{u} {n}={v}" for u, n, v in CASES])
def test_out_of_range_numbers_are_a_422_naming_the_parameter(url, name, value, people, client_for):
    """Issue 10: page=99999999999999999999, page=9223372036854775807, minimum_age=nan, minimum_age=1e400
    and offset=99999999999999999999 gave a 500; each is a 422 with a message."""
    response = client_for(people[Role.OFFICER]).get(_with(url, name, value))
    assert response.status_code == 422, response.content[:300]
    problems = response.json()["detail"]
    assert any(p["loc"][-1] == name and p["msg"] for p in problems), problems
    open_api = url.startswith("/api/oruk/")  # its refusals stay readable from other sites, as its answers are
    assert (response.headers.get("Access-Control-Allow-Origin") == "*") == open_api


@pytest.mark.django_db
@pytest.mark.parametrize("url,name", [("/api/places/areas/E06000004/lsoas", "offset"), ("/api/oruk/services", "page"),
                                      ("/api/oruk/services", "minimum_age")])
def test_ordinary_numbers_still_work(url, name, people, client_for):
    response = client_for(people[Role.OFFICER]).get(_with(url, name, "2"))
    assert response.status_code == 200


PAGED_PAGES = ["/places/local-authority/E06000004/", "/places/neighbourhoods/", "/assets/", "/assessments/self/",
               "/insights/", "/insights/conversations/", "/account/audit/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGED_PAGES)
@pytest.mark.parametrize("value", [HUGE, INT64_MAX, "nan", "1e400", "-1"])
def test_html_pages_show_a_page_whatever_page_is_asked_for(url, value, people, client_for):
    """Issue 10 (API edge cases, "also check the HTML pages' ?page="): the same values on a paged page."""
    response = client_for(people[Role.ADMIN]).get(f"{url}?page={value}")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["nan", "1e400", "-5", "far"])
def test_a_proximity_that_is_not_a_distance_is_refused_with_a_message(value, client):
    """Issue 10 (API edge cases): the ORUK proximity search takes a distance, not nan or infinity."""
    response = client.get(f"/api/oruk/service_at_locations?postcode=TS201AB&proximity={value}")
    assert response.status_code == 400
    assert "proximity must be a distance in metres" in response.json()["detail"]
