"""Who may see and change what: a table of role × view, checked through real requests."""
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from healthyplaces.accounts.models import Role
from healthyplaces.accounts.permissions import RULES, can
from healthyplaces.places.services import save_neighbourhood

ALL = set(Role.values) | {None}
SIGNED_IN = set(Role.values)
STAFF = {Role.ADMIN, Role.OFFICER, Role.ANALYST}

# (url, roles that get the page, what everyone else gets). None is the anonymous visitor, who is
# sent to sign in (302) from pages that need a role; drafts and the API answer 404 so they reveal nothing.
TABLE = [
    ("/", ALL, None),
    ("/about/data/", ALL, None),
    ("/places/local-authority/E06000004/", ALL, None),
    ("/places/local-authority/E06000004/lsoas.csv", ALL, None),
    ("/places/local-authority/E06000004/lsoas.geojson", ALL, None),
    ("/places/lsoa/E01012187/", ALL, None),
    ("/places/neighbourhoods/", ALL, None),
    ("/places/neighbourhoods/published-place/", ALL, None),
    ("/places/neighbourhoods/draft-place/", STAFF, 404),
    ("/places/neighbourhoods/new/", STAFF, 403),
    ("/places/neighbourhoods/upload/", STAFF, 403),
    ("/places/neighbourhoods/draft-place/edit/", {Role.ADMIN, Role.OFFICER}, 403),
    ("/account/", SIGNED_IN, 403),
    ("/account/audit/", {Role.ADMIN}, 403),
    ("/places/data/", {Role.ADMIN, Role.ANALYST}, 403),
    ("/api/places/areas/E06000004/summary", ALL, None),
    ("/api/places/areas/draft-place/lsoas", STAFF, 404),
    ("/assets/", ALL, None),
    ("/assets/map.geojson", ALL, None),
    ("/assets/assets.csv", ALL, None),
    ("/assets/gaps/?area=E06000004", ALL, None),
    ("/assets/gaps.csv?area=E06000004", ALL, None),
    ("/assets/new/", {Role.ADMIN, Role.OFFICER, Role.PARTNER}, 403),
    ("/assets/import/", {Role.ADMIN, Role.OFFICER, Role.PARTNER}, 403),
    ("/assets/review/", {Role.ADMIN, Role.OFFICER, Role.PARTNER}, 403),
    ("/assets/duplicates/", {Role.ADMIN, Role.OFFICER}, 403),
    ("/api/oruk/services", ALL, None),
    # indicators (pages of one indicator: healthyplaces/indicators/tests/test_views.py)
    ("/indicators/", ALL, None),
    ("/indicators/life-expectancy/", ALL, None),
    ("/indicators/import/", {Role.ADMIN, Role.ANALYST}, 403),
    # insights: text beyond the recorder's organisation is redacted (tested in insights/tests)
    ("/insights/", STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER}, 403),
    ("/insights/conversations/", STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER}, 403),
    ("/insights/conversations/new/", STAFF | {Role.PARTNER, Role.CHAMPION}, 403),
    ("/insights/import/", STAFF | {Role.PARTNER}, 403),
    ("/insights/areas/E06000004/", STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER}, 403),
    ("/insights/communities/", STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER}, 403),
    ("/insights/communities/new/", {Role.ADMIN, Role.OFFICER}, 403),
    ("/insights/communities/sex-workers/", STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER}, 403),
    ("/api/insights/search?q=bus", STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER}, 404),
    # assessments (drafts: members, officers and administrators; HIAs: applicants their own only;
    # tested in assessments/tests)
    ("/assessments/", ALL, None),
    ("/assessments/frameworks/", ALL, None),
    ("/assessments/frameworks/load/", {Role.ADMIN}, 403),
    ("/assessments/self/", STAFF | {Role.PARTNER, Role.CHAMPION}, 403),
    ("/assessments/start/", STAFF | {Role.PARTNER, Role.CHAMPION}, 403),
    ("/assessments/compare/", STAFF | {Role.PARTNER, Role.CHAMPION}, 403),
    ("/assessments/over-time/", STAFF | {Role.PARTNER, Role.CHAMPION}, 403),
    ("/assessments/hia/", {Role.ADMIN, Role.OFFICER, Role.APPLICANT}, 403),
    ("/assessments/hia/new/", {Role.APPLICANT}, 403),
    ("/assessments/hia/report/", {Role.ADMIN, Role.OFFICER, Role.ANALYST}, 403),
    ("/api/assessments/frameworks", ALL, None),
]


@pytest.fixture
def neighbourhoods(people):
    save_neighbourhood("Published place", ["E01012187"], published=True)
    save_neighbourhood("Draft place", ["E01012188"], by=people[Role.OFFICER])


@pytest.mark.django_db
@pytest.mark.parametrize("url,allowed,refused", TABLE, ids=[t[0] for t in TABLE])
def test_each_role_sees_only_what_it_may(url, allowed, refused, people, neighbourhoods, client_for):
    for role in sorted(ALL, key=str):
        status = client_for(people[role] if role else None).get(url).status_code
        if role in allowed:
            expected = 200
        elif role is None and refused == 403:
            expected = 302
        else:
            expected = refused
        assert status == expected, f"{role or 'anonymous'} on {url}: expected {expected}, got {status}"


@pytest.mark.django_db
def test_only_staff_may_create_and_only_officers_or_the_maker_may_change(people, client_for):
    hood = save_neighbourhood("Analyst's place", ["E01012187"], by=people[Role.ANALYST])
    assert can(people[Role.ANALYST], "neighbourhood.change", hood)
    other = save_neighbourhood("Officer's place", ["E01012188"], by=people[Role.OFFICER])
    assert not can(people[Role.ANALYST], "neighbourhood.change", other)
    assert can(people[Role.OFFICER], "neighbourhood.change", hood)
    for role in (Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER, Role.APPLICANT):
        client = client_for(people[role])
        response = client.post("/places/neighbourhoods/new/", {"name": "Sneaky", "lsoas": ["E01012187"]})
        assert response.status_code == 403
        response = client.post(f"/places/neighbourhoods/{hood.slug}/edit/", {"name": "Renamed", "lsoas": ["E01012187"]})
        assert response.status_code == 403
    hood.refresh_from_db()
    assert hood.name == "Analyst's place"
    response = client_for(people[Role.ANALYST]).post(f"/places/neighbourhoods/{other.slug}/edit/",
                                                     {"name": "Renamed", "lsoas": ["E01012188"]})
    assert response.status_code == 403


def _views(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


# Views that need no role by design: the site chrome and its icon, sign in and out, and Django's admin (staff only).
# The API's own views (its docs and schema) serve no data; its operations are checked below.
OPEN_BY_DESIGN = ("", "healthz", "favicon.ico", "about/data/", "account/sign-in/", "account/sign-out/")


def _api_operations():
    from healthyplaces.api import api

    for prefix, router in api._routers:
        for path, operations in router.path_operations.items():
            for operation in operations.operations:
                yield f"api{prefix}{path.lstrip('/')}", operation.view_func


def test_every_view_declares_the_action_it_needs():
    unchecked = [route for route, view in _views(get_resolver())
                 if not route.startswith(("admin/", "api/")) and route not in OPEN_BY_DESIGN
                 and not hasattr(view, "required_action")]
    assert not unchecked, f"views without a permissions check: {unchecked}"
    for route, view in _views(get_resolver()):
        if hasattr(view, "required_action"):
            assert view.required_action in RULES


def test_every_api_operation_declares_its_action_and_checks_it(monkeypatch):
    """Issue 11, "the test that every view declares its action covers the API too": each operation is decorated
    with `require`, and a person the table refuses gets a 404 before the operation runs."""
    from django.http import Http404
    from django.test import RequestFactory

    from healthyplaces.accounts import permissions

    operations = list(_api_operations())
    assert len(operations) > 10  # the routers were found
    unchecked = [route for route, view in operations if getattr(view, "required_action", None) not in RULES]
    assert not unchecked, f"API operations without a permissions check: {unchecked}"
    monkeypatch.setattr(permissions, "refusal", lambda user, action, obj=None: "Refused by the test.")
    for route, view in operations:
        request = RequestFactory().get("/" + route)
        request.user = None
        with pytest.raises(Http404):
            view(request)  # refused before the operation reads its arguments


# A role is tested only in the permissions table. These patterns are what a role test looks like in code:
# a role constant, a membership's role, the memberships themselves, Django's staff flags, the table's
# own look-ups of roles.
ROLE_TEST_IN_CODE = re.compile(r"\bRole\.[A-Z]|\.role\b|\bmemberships\b|\bis_superuser\b|\bis_staff\b"
                               r"|\broles_of\(|\broles_by_organisation\(")
ROLE_TEST_IN_TEMPLATE = re.compile(r"\.role\b|\broles\b|\bmemberships\b|\bis_superuser\b|\bis_staff\b|\bRole\b")
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")  # words people read, inside a tag


def _tests_a_role(tag):
    return ROLE_TEST_IN_TEMPLATE.search(QUOTED.sub("", tag))
PACKAGE = Path(__file__).resolve().parents[2]
# Where roles are defined, given or tested by design: the table itself, the models, making people (services,
# the admin's membership form, createadmin) and the test suite's people.
MAY_NAME_ROLES = {"accounts/permissions.py", "accounts/models.py", "accounts/services.py", "accounts/admin.py",
                  "conftest.py", "e2e_people.py"}


def _code_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if not ({"tests", "migrations", "settings"} & set(path.parts)) and relative not in MAY_NAME_ROLES:
            yield relative, path.read_text()


def test_no_view_template_or_service_tests_a_role_itself():
    """Issue 11, "no role test left in a view, template, context processor or service": every one asks `can`."""
    found = []
    for relative, text in _code_files():
        for number, line in enumerate(text.splitlines(), 1):
            if ROLE_TEST_IN_CODE.search(line.split("#")[0]):
                found.append(f"{relative}:{number}: {line.strip()}")
    for path in sorted(PACKAGE.rglob("*.html")):
        text = path.read_text()
        for tag in TEMPLATE_TAG.finditer(text):
            if _tests_a_role(tag.group()):
                number = text.count("\n", 0, tag.start()) + 1
                found.append(f"{path.relative_to(PACKAGE).as_posix()}:{number}: {tag.group()}")
    assert not found, "role tests outside accounts/permissions.py:\n" + "\n".join(found)


def test_the_role_test_finder_finds_role_tests():
    """The finder above would see the role tests that issue 11 removed."""
    for line in ('if Role.OFFICER in roles_of(request.user):', 'organisation = by.memberships.first().organisation',
                 'if request.user.is_superuser:', 'if membership.role == "officer":'):
        assert ROLE_TEST_IN_CODE.search(line), line
    for tag in ('{% if user.is_staff %}', '{% if "officer" in roles %}', '{% if m.role == "admin" %}'):
        assert _tests_a_role(tag), tag
    for tag in ('{{ m.get_role_display }}', '{{ reason|default:"Your role does not allow this." }}',
                '{% block role %}'):  # an ARIA role, in the form renderer
        assert not _tests_a_role(tag), tag


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown action"):
        can(None, "places.fly")
