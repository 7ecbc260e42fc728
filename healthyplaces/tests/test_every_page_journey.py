"""Issue 11, "Done when": every page of the site, with JavaScript on and with it off, answers 200, passes axe-core,
fits a 1280 px window and runs without a JavaScript error or anything the Content-Security-Policy refuses.

The list of pages is checked against the URL conf: a new URL pattern with no entry here fails
`test_every_url_pattern_is_visited_or_says_why_not`, so no page escapes the check. Each page is visited by a
person whose role may see it, on records made by `page_samples.py` in the live site's database.
"""
import json
import re
import subprocess
import sys

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from healthyplaces.testing import PASSWORD, REPORT_CSP_VIOLATIONS, assert_accessible, sign_in

ASSET_FILE = b"name,category,postcode,latitude,longitude\nSample walking group,group,TS18 1AA,54.5683,-1.3187\n"


def _import_preview(page):
    """The import preview has a link of its own only once a file is uploaded."""
    page.goto("/assets/import/")
    page.set_input_files("#id_file", files=[{"name": "walks.csv", "mimeType": "text/csv", "buffer": ASSET_FILE}])
    with page.expect_navigation(url=re.compile(r"/assets/import/[0-9a-f-]+/$")) as navigation:
        page.click("button:has-text('Upload and preview')")
    return navigation.value


# URL name: (who visits, the address with sample values in braces, or a function that reaches the page).
PAGES = {
    "home": ("anonymous", "/?q=Stockton"),
    "about_data": ("anonymous", "/about/data/"),
    "accounts:login": ("anonymous", "/account/sign-in/"),
    "accounts:my_account": ("officer", "/account/"),
    "accounts:audit_log": ("admin", "/account/audit/"),
    "accounts:who_saw": ("admin", "/account/audit/who-saw/"),
    "accounts:password_change": ("officer", "/account/password/"),
    "accounts:password_change_done": ("officer", "/account/password/changed/"),
    "accounts:password_reset": ("anonymous", "/account/password-reset/"),
    "accounts:password_reset_done": ("anonymous", "/account/password-reset/sent/"),
    "accounts:password_reset_confirm": ("anonymous", "/account/password-reset/{uidb64}/{reset_token}/"),
    "accounts:password_reset_complete": ("anonymous", "/account/password-reset/done/"),
    "places:local_authority": ("anonymous", "/places/local-authority/{code}/"),
    "places:lsoa": ("anonymous", "/places/lsoa/{lsoa}/"),
    "places:lsoa_correspondence": ("anonymous", "/places/local-authority/{code}/lsoas-2011-2021/"),
    "places:data_loads": ("admin", "/places/data/"),
    "places:neighbourhood_list": ("anonymous", "/places/neighbourhoods/"),
    "places:neighbourhood_create": ("officer", "/places/neighbourhoods/new/?authority={code}"),
    "places:neighbourhood_upload": ("officer", "/places/neighbourhoods/upload/"),
    "places:neighbourhood": ("anonymous", "/places/neighbourhoods/{neighbourhood}/"),
    "places:neighbourhood_edit": ("officer", "/places/neighbourhoods/{neighbourhood}/edit/"),
    "indicators:list": ("anonymous", "/indicators/"),
    "indicators:import": ("analyst", "/indicators/import/"),
    "indicators:life_expectancy": ("anonymous", "/indicators/life-expectancy/"),
    "indicators:detail": ("anonymous", "/indicators/{indicator}/"),
    "indicators:composite_new": ("analyst", "/indicators/composite/new/"),
    "indicators:composite": ("anonymous", "/indicators/composite/{composite}/"),
    "assets:directory": ("anonymous", "/assets/?area={code}"),
    "assets:create": ("partner", "/assets/new/"),
    "assets:review": ("officer", "/assets/review/"),
    "assets:import": ("partner", "/assets/import/"),
    "assets:import_preview": ("partner", _import_preview),
    "assets:duplicates": ("officer", "/assets/duplicates/"),
    "assets:duplicate": ("officer", "/assets/duplicates/{duplicate}/"),
    "assets:gaps": ("officer", "/assets/gaps/?area={code}"),
    "assets:detail": ("anonymous", "/assets/{asset}/"),
    "assets:edit": ("officer", "/assets/{asset}/edit/"),
    "insights:search": ("officer", "/insights/?q=park"),
    "insights:conversation_list": ("officer", "/insights/conversations/"),
    "insights:conversation_create": ("officer", "/insights/conversations/new/"),
    "insights:conversation": ("officer", "/insights/conversations/{conversation}/"),
    "insights:conversation_redact": ("officer", "/insights/conversations/{conversation}/redact/"),
    "insights:insight_create": ("officer", "/insights/conversations/{conversation}/insights/new/"),
    "insights:import": ("officer", "/insights/import/"),
    "insights:queue": ("officer", "/insights/confirm/"),
    "insights:similar": ("admin", "/insights/similar/"),
    "insights:area": ("officer", "/insights/areas/{code}/"),
    "insights:community_list": ("officer", "/insights/communities/"),
    "insights:community_create": ("officer", "/insights/communities/new/"),
    "insights:community": ("officer", "/insights/communities/{community}/"),
    "insights:insight": ("officer", "/insights/{insight}/"),
    "insights:insight_edit": ("officer", "/insights/{insight}/edit/"),
    "insights:insight_redact": ("officer", "/insights/{insight}/redact/"),
    "insights:insight_assets": ("officer", "/insights/{insight}/assets/"),
    "assessments:index": ("officer", "/assessments/"),
    "assessments:list": ("officer", "/assessments/self/"),
    "assessments:start": ("officer", "/assessments/start/"),
    "assessments:compare": ("officer", "/assessments/compare/?framework={framework}"),
    "assessments:over_time": ("officer", "/assessments/over-time/?framework={framework}"),
    "assessments:detail": ("officer", "/assessments/{assessment}/"),
    "assessments:rate": ("officer", "/assessments/{open_assessment}/rate/"),
    "assessments:actions": ("officer", "/assessments/{assessment}/actions/"),
    "assessments:feedback_results": ("officer", "/assessments/{assessment}/feedback/"),
    "assessments:feedback_form": ("anonymous", "/assessments/feedback/{feedback_token}/"),
    "assessments:frameworks": ("officer", "/assessments/frameworks/"),
    "assessments:framework_load": ("admin", "/assessments/frameworks/load/"),
    "assessments:framework": ("officer", "/assessments/frameworks/{framework}/"),
    "assessments:hia_list": ("officer", "/assessments/hia/"),
    "assessments:hia_create": ("applicant", "/assessments/hia/new/"),
    "assessments:hia_report": ("officer", "/assessments/hia/report/"),
    "assessments:hia_detail": ("officer", "/assessments/hia/{submitted_hia}/"),
    "assessments:hia_answers": ("applicant", "/assessments/hia/{hia}/answers/"),
    "assessments:hia_review": ("officer", "/assessments/hia/{submitted_hia}/review/"),
    "actions:list": ("officer", "/actions/?status=on_track&status=not_started"),
    "actions:action": ("officer", "/actions/{action}/"),
    "outcomes:programme_list": ("officer", "/outcomes/"),
    "outcomes:programme": ("worker", "/outcomes/{programme}/"),
    "outcomes:figures": ("officer", "/outcomes/{programme}/figures/"),
    "outcomes:summary": ("anonymous", "/outcomes/{programme}/summary/"),
    "outcomes:participant_create": ("worker", "/outcomes/{programme}/participants/new/"),
    "outcomes:participant": ("worker", "/outcomes/{programme}/participants/{participant}/"),
    "outcomes:goal_create": ("worker", "/outcomes/{programme}/participants/{participant}/goals/new/"),
    "outcomes:goal_edit": ("worker", "/outcomes/{programme}/participants/{participant}/goals/{goal}/"),
    "outcomes:contact_create": ("worker", "/outcomes/{programme}/participants/{participant}/contacts/new/"),
    "outcomes:outcome_create": ("worker", "/outcomes/{programme}/participants/{participant}/outcomes/new/"),
    "outcomes:score_create": ("worker", "/outcomes/{programme}/participants/{participant}/measures/swemwbs/new/"),
    "outcomes:referral_create": ("worker", "/outcomes/{programme}/participants/{participant}/referrals/new/"),
    "actions:create": ("officer", "/actions/new/"),
    "actions:edit": ("officer", "/actions/{action}/edit/"),
    "actions:record_progress": ("officer", "/actions/{action}/progress/"),
    "grants:call_out_list": ("anonymous", "/grants/"),
    "grants:call_out": ("anonymous", "/grants/call-outs/{call_out}/"),
    "grants:apply": ("partner", "/grants/call-outs/{call_out}/apply/"),
    "grants:application_list": ("partner", "/grants/applications/"),
    "grants:application": ("partner", "/grants/applications/{grant_draft}/"),
    "grants:application_edit": ("partner", "/grants/applications/{grant_draft}/edit/"),
    "grants:panel_list": ("panel_member", "/grants/panels/"),
    "grants:fund_list": ("admin", "/grants/funds/"),
    "grants:fund": ("admin", "/grants/funds/{fund}/"),
    "grants:call_out_create": ("admin", "/grants/funds/{fund}/call-outs/new/"),
    "grants:contribution_create": ("admin", "/grants/funds/{fund}/contributions/new/"),
    "grants:lot_create": ("admin", "/grants/funds/{fund}/lots/new/"),
    "grants:round_create": ("admin", "/grants/funds/{fund}/rounds/new/"),
    "grants:panel_member_add": ("admin", "/grants/rounds/{grants_round}/panel/members/new/"),
    "actions:commitment_frameworks": ("officer", "/actions/commitments/"),
    "actions:commitments": ("partner", "/actions/commitments/county_durham_approach_to_wellbeing/"),
    "actions:commitment_new": ("partner", "/actions/commitments/county_durham_approach_to_wellbeing/new/"),
    "actions:commitment_change": ("partner", "/actions/commitment/{commitment}/change/"),
    "grants:panel": ("panel_member", "/grants/panels/{grants_round}/"),
    "grants:panel_application": ("panel_member", "/grants/panels/applications/{grant_application}/"),
    "grants:declare_conflict": ("panel_member", "/grants/panels/applications/{grant_application}/conflict/"),
    "grants:moderate": ("admin", "/grants/panels/applications/{grant_application}/moderate/"),
    "grants:recommendation": ("admin", "/grants/panels/{grants_round}/recommendation/"),
    "grants:vote_list": ("anonymous", "/grants/votes/"),
    "grants:vote": ("anonymous", "/grants/votes/{vote}/"),
    "grants:voted": ("anonymous", "/grants/votes/{vote}/voted/"),
    "grants:paper_ballots": ("officer", "/grants/votes/{vote}/paper/"),
    "grants:check_ballot": ("officer", "/grants/votes/ballots/{paper_ballot}/check/"),
    "grants:results": ("anonymous", "/grants/votes/{counted_vote}/results/"),
    "grants:make_awards": ("officer", "/grants/rounds/{counted_vote}/awards/"),
    "grants:award_list": ("officer", "/grants/awards/"),
    "actions:logic_models": ("officer", "/actions/logic-models/"),
    "actions:logic_model_new": ("officer", "/actions/logic-models/new/"),
    "actions:logic_model": ("officer", "/actions/logic-models/{logic_model}/"),
    "actions:logic_model_change": ("officer", "/actions/logic-models/{logic_model}/change/"),
    "actions:import_upload": ("officer", "/actions/import/"),
    "jobs:job": ("admin", "/jobs/{job}/"),
    "reports:versions": ("anonymous", "/reports/"),
    "reports:build": ("officer", "/reports/build/"),
    "reports:version": ("officer", "/reports/{report}/"),
    "reports:read": ("officer", "/reports/{report}/report.html"),
    "api:openapi-view": ("anonymous", "/api/docs"),
}

# URL names that are not pages a person reads, and why.
NOT_PAGES = {
    "healthz": "JSON for load balancers",
    "favicon": "the site's icon, redirected to its static file",
    "accounts:logout": "signing out is a POST from the header's button",
    "places:local_authority_csv": "a CSV download", "places:local_authority_geojson": "a map's data",
    "places:neighbourhood_csv": "a CSV download", "places:neighbourhood_geojson": "a map's data",
    "indicators:csv": "a CSV download", "indicators:geojson": "a map's data",
    "indicators:composite_csv": "a CSV download", "indicators:composite_geojson": "a map's data",
    "assets:map": "a map's data", "assets:csv": "a CSV download", "assets:gaps_csv": "a CSV download",
    "assets:gaps_geojson": "a map's data",
    "assessments:invite": "a POST from the assessment's page, which it redirects to",
    "assessments:complete": "a POST from the assessment's page, which it redirects to",
    "assessments:copy": "a POST from the assessment's page, which it redirects to",
    "jobs:retry": "a POST from the job's page, which it redirects to",
    "grants:count": "a POST from the paper ballots' page, which redirects to the results",
    "grants:results_pabulib": "a Pabulib (.pb) download", "grants:awards_360giving_json": "a 360Giving JSON download",
    "grants:awards_360giving_csv": "a 360Giving CSV download",
    "outcomes:referral_connected": "a POST from the participant's page, which it redirects to",
    "outcomes:identity_erase": "a POST from the participant's page, which it redirects to",
    "outcomes:export": "a CSV download",
    "reports:download": "a PDF or HTML download",
    "actions:export": "a CSV or Excel download of the actions list",
    "actions:import_preview": "reached only by uploading a file (actions/tests/test_importing.py walks it)",
}
NOT_PAGE_NAMESPACES = {
    "admin": "Django's own admin site, not the platform's pages",
    "api": "JSON for programs (the API's documentation page is in PAGES)",
}


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (pattern.namespace or namespace)
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_is_visited_or_says_why_not():
    names = set(_url_names(get_resolver().url_patterns))
    unlisted = {n for n in names - set(PAGES) - set(NOT_PAGES) if n.split(":")[0] not in NOT_PAGE_NAMESPACES}
    assert not unlisted, f"Add these URL names to PAGES (or NOT_PAGES, with why): {sorted(unlisted)}"
    assert not (set(PAGES) | set(NOT_PAGES)) - names, "Entries for URL names the URL conf no longer has"


@pytest.fixture(scope="module")
def samples(live_site, live_site_env):
    """Sample records of every kind in the live site's database, and the values its URLs need."""
    made = subprocess.run([sys.executable, "-m", "healthyplaces.tests.page_samples", PASSWORD], env=live_site_env,
                          check=True, capture_output=True, text=True)
    return json.loads(made.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def signed_in(browser, live_site):
    """Each role's signed-in browser state, made once (signing in for every page would double the time)."""
    states = {}

    def state(role):
        if role not in states:
            context = browser.new_context(base_url=live_site)
            sign_in(context.new_page(), role)
            states[role] = context.storage_state()
            context.close()
        return states[role]
    return state


@pytest.mark.e2e
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_works_and_is_accessible(name, javascript, browser, live_site, samples, signed_in):
    role, where = PAGES[name]
    context = browser.new_context(base_url=live_site, viewport={"width": 1280, "height": 900},
                                  storage_state=None if role == "anonymous" else signed_in(role))
    refused, errors = [], []
    context.expose_function("reportCspViolation", lambda text: refused.append(text))  # Playwright wraps a Python function, not a builtin
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    if not javascript:  # what Playwright's java_script_enabled=False does, undone after loading for axe-core
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        response = where(page) if callable(where) else page.goto(where.format(**samples))
        page.wait_for_load_state("load")
        assert response.status == 200, f"{name}: {response.status} at {page.url}"
        if not javascript:
            assert page.evaluate("() => typeof htmx") == "undefined"  # the page's own scripts did not run
            cdp.send("Emulation.setScriptExecutionDisabled", {"value": False})
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{name} is {width} px wide in a 1280 px window"  # e.g. the HIA's deprivation table
        assert not errors, f"JavaScript errors on {page.url}: {errors}"
        assert not refused, "The Content-Security-Policy refused:\n" + "\n".join(refused)
    finally:
        context.close()
