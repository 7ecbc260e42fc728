"""Issue 16, "Done when": a peer advocate adds a participant, records goals, contacts and a SWEMWBS before and after,
and refers them to an asset; an officer sees the programme figures and the public summary with suppression.
axe-core on each page, in headless Chromium against a running server."""
import re
from datetime import date, timedelta

import pytest

from healthyplaces.testing import assert_accessible, command, sign_in

pytestmark = pytest.mark.e2e

SETUP = """
from healthyplaces.accounts.models import Organisation, User
from healthyplaces.assets.models import Asset
from healthyplaces.outcomes.models import Programme
from healthyplaces.places.models import Lsoa
council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
programme, _ = Programme.objects.get_or_create(slug="journey-peer-advocacy", defaults=dict(
    name="Journey peer advocacy", kind="peer_advocacy", organisation=council,
    measures=[{"measure": "swemwbs", "when": ["start", "end"]}]))
programme.providers.add(council)
programme.areas.add("E06000004")
programme.workers.add(User.objects.get(username="worker-person"))
programme.officers.add(User.objects.get(username="officer-person"))
Asset.objects.get_or_create(name="Journey recovery cafe", defaults=dict(
    category="association", partner=Organisation.objects.get(name="Catalyst Stockton"), published=True,
    lsoa=Lsoa.objects.get(code="E01012187", vintage=2011), lsoa_code="E01012187"))
"""


def _fill_date(page, prefix, on):
    page.fill(f"#id_{prefix}_day", str(on.day))
    page.fill(f"#id_{prefix}_month", str(on.month))
    page.fill(f"#id_{prefix}_year", str(on.year))


def _save(page, button="Save"):
    page.click(f"button:has-text('{button}')")
    page.wait_for_load_state("load")


def test_a_peer_advocate_records_a_participant_and_an_officer_sees_the_figures(page, browser, live_site, live_site_env):
    command(live_site_env, "shell", "-c", SETUP)
    joined = date.today() - timedelta(days=120)
    sign_in(page, "worker")
    page.goto("/outcomes/journey-peer-advocacy/")
    assert_accessible(page)
    page.click("text=Add a participant")
    assert_accessible(page)
    page.fill("#id_reference", "Jo Bloggs")  # a name typed into the reference is refused, the rest kept
    _fill_date(page, "joined_on", joined)
    page.select_option("#id_age_band", "35-49")
    _save(page, "Add the participant")
    assert "must not be a name" in page.locator(".govuk-error-summary").inner_text()
    assert page.input_value("#id_joined_on_day") == str(joined.day)
    assert_accessible(page)
    page.fill("#id_reference", "JOURNEY-001")
    _save(page, "Add the participant")
    page.wait_for_url(re.compile(r"/outcomes/journey-peer-advocacy/participants/\d+/$"))
    record = page.url
    assert "Participant JOURNEY-001" in page.locator("h1").inner_text()
    assert_accessible(page)

    page.click("text=Add a goal")
    assert_accessible(page)
    page.fill("#id_text", "Keep my flat and pay the rent on time")
    _fill_date(page, "set_on", joined + timedelta(days=7))
    page.check("input[name=progress][value=some]")
    _save(page)
    for week in range(3):
        page.click("text=Record a contact")
        _fill_date(page, "on", joined + timedelta(days=7 * week))
        page.check("input[name=kind][value=in_person]")
        page.fill("#id_minutes", "45")
        if week == 0:
            assert_accessible(page)
        _save(page)
    for taken_on, timepoint, answer in ((joined, "start", "2"), (joined + timedelta(days=84), "end", "4")):
        page.click("text=Record Short Warwick-Edinburgh")
        if timepoint == "start":
            assert "registration" in page.locator(".govuk-inset-text").inner_text().lower() or \
                "licen" in page.locator(".govuk-inset-text").inner_text().lower()
            assert_accessible(page)
        _fill_date(page, "taken_on", taken_on)
        page.check(f"input[name=timepoint][value={timepoint}]")
        for item in page.locator("input[type=radio][name^=item_]").evaluate_all(
                "inputs => [...new Set(inputs.map(i => i.name))]"):
            page.check(f"input[name={item}][value='{answer}']")
        _save(page, "Save and score")
        assert "recorded" in page.locator(".govuk-notification-banner").inner_text()
    page.click("text=Refer to a community asset")
    assert_accessible(page)
    page.select_option("#id_asset", label="Journey recovery cafe")
    _fill_date(page, "on", joined + timedelta(days=14))
    page.check("input[name=connected][value=yes]")
    _save(page)
    assert page.url == record
    text = page.locator("main").inner_text()
    for shown in ("Keep my flat", "In person", "SWEMWBS metric score", "Journey recovery cafe", "Connected"):
        assert shown in text, shown
    assert_accessible(page)

    officer = browser.new_context(base_url=live_site).new_page()
    sign_in(officer, "officer")
    officer.goto("/outcomes/journey-peer-advocacy/")
    assert "JOURNEY-001" in officer.locator("main").inner_text()
    officer.click("text=Programme figures")
    figures = officer.locator("main").inner_text()
    assert "People engaged" in figures and "1 of 1" in figures  # a goal set together, unsuppressed here
    assert "mean change of" in figures
    assert_accessible(officer)
    officer.click("text=public summary")
    summary = officer.locator("main").inner_text()
    assert "Not shown (small numbers)" in summary and "1 of 1" not in summary
    assert "Counts under 5 are not shown" in summary
    assert_accessible(officer)
    officer.context.close()
