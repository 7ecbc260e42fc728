"""Journeys in headless Chromium against a running server, each page checked with axe-core."""
import re

import pytest

from healthyplaces.testing import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

PRINCIPLES = ["p1", "p2", "p3", "p4", "p5", "p6"]


def _complete_durham(page, role, title, ratings):
    sign_in(page, role)
    page.goto("/assessments/")
    assert_accessible(page)
    page.click("a:has-text('Your team')")
    page.click("text=Start an assessment")
    assert_accessible(page)
    page.select_option("#id_framework", "county_durham_approach_to_wellbeing")
    page.fill("#id_title", title)
    page.fill("#id_period", "2026")
    page.click("button:has-text('Start')")
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    page.click("text=Rate the criteria")
    assert_accessible(page)
    for key, value in zip(PRINCIPLES, ratings):
        page.check(f"input[name=value-{key}][value='{value}']")
        page.fill(f"textarea[name=evidence-{key}]", f"{title}: evidence for {key}")
        page.fill(f"textarea[name=action-{key}]", f"{title}: next step for {key}")
    page.click("button:has-text('Save ratings')")
    page.wait_for_selector("#ratings")
    assert_accessible(page)
    page.click("button:has-text('Complete and lock')")
    assert page.locator("#status").inner_text() == "Completed"
    assert page.locator("svg[role=img] polygon").count() == 6
    assert "Rate the criteria" not in page.content()


def test_two_teams_complete_the_durham_principles_and_compare(page, browser, live_site):
    _complete_durham(page, "officer", "Council wellbeing team", [2, 3, 2, 4, 3, 2])
    other = browser.new_context(base_url=live_site).new_page()
    _complete_durham(other, "partner", "Catalyst wellbeing team", [5, 4, 4, 3, 5, 4])
    other.goto("/assessments/compare/?framework=county_durham_approach_to_wellbeing")
    table = other.locator("#comparison").inner_text()
    assert "Stockton-on-Tees Borough Council" in table and "Catalyst Stockton" in table
    assert other.locator("#compare-radar polygon[fill-opacity]").count() >= 2
    assert_accessible(other)
    other.click("text=Over time")
    assert_accessible(other)
    other.context.close()


def test_a_developer_submits_an_hia_an_officer_asks_for_more_and_accepts_the_revision(page, browser, live_site):
    sign_in(page, "applicant")
    page.goto("/assessments/hia/")
    assert_accessible(page)
    page.click("text=Start a Health Impact Assessment")
    page.fill("#id_name", "Portrack Lane homes")
    page.fill("#id_site", "Former works, Portrack Lane, Stockton")
    page.fill("#id_lsoas", "E01012187 E01012188")
    page.fill("#id_size", "80 homes")
    page.select_option("#id_type", "residential")
    assert_accessible(page)
    page.click("button:has-text('Continue')")
    page.wait_for_url(re.compile(r"/answers/$"))
    topics = [t.replace("topic-", "") for t in page.locator("[id^=topic-]").evaluate_all("els => els.map(e => e.id)")]
    assert len(topics) == 11
    for key in topics[:-1]:
        page.check(f"input[name=impact-{key}][value={'negative' if key == 't7_healthy_food' else 'positive'}]")
        page.fill(f"textarea[name=evidence-{key}]", f"Our evidence on {key}")
    page.fill("textarea[name=mitigation-t7_healthy_food]", "Restrict hot food takeaways near the school")
    page.click("button:has-text('Submit for review')")
    errors = page.locator(".govuk-error-summary__list li")
    assert errors.all_inner_texts() == ["Choose the potential health impact of Climate change",
                                        "Give the evidence for Climate change"]
    assert "saved as a draft" in page.locator("#saved-as-draft").inner_text()
    assert_accessible(page)
    page.check("input[name=impact-t11_climate_change][value=uncertain]")
    page.fill("textarea[name=evidence-t11_climate_change]", "Energy strategy to follow")
    page.click("button:has-text('Submit for review')")
    assert page.locator("#hia-status").inner_text() == "Submitted for review"
    hia_url = page.url

    officer = browser.new_context(base_url=live_site).new_page()
    sign_in(officer, "officer")
    officer.goto(hia_url)
    officer.click("text=Review this HIA")
    assert officer.locator("#site-lsoas tbody tr").count() == 2
    assert_accessible(officer)
    for key in topics:
        officer.check(f"input[name=outcome-{key}][value=accepted]")
    officer.check("input[name=outcome-t11_climate_change][value=needs_more]")
    officer.fill("textarea[name=comment-t11_climate_change]", "Give the energy strategy now")
    officer.click("button:has-text('Save the review')")
    assert officer.locator("#hia-status").inner_text() == "Revisions requested"

    page.goto(hia_url)
    page.click("text=Revise the answers")
    assert "Give the energy strategy now" in page.locator("#review-t11_climate_change").inner_text()
    page.check("input[name=impact-t11_climate_change][value=positive]")
    page.fill("textarea[name=evidence-t11_climate_change]", "Energy strategy: heat pumps and solar on every home")
    page.click("button:has-text('Submit for review')")
    assert page.locator("#hia-status").inner_text() == "Submitted for review"
    assert page.locator("#version-1").count() == 1 and page.locator("#version-2").count() == 1

    officer.goto(hia_url)
    officer.click("text=Review this HIA")
    for key in topics:
        officer.check(f"input[name=outcome-{key}][value=accepted]")
    officer.click("button:has-text('Save the review')")
    assert officer.locator("#hia-status").inner_text() == "Accepted"
    assert_accessible(officer)
    officer.goto("/assessments/hia/report/")
    assert "Portrack Lane homes" in officer.locator("#report-mitigations").inner_text()
    assert "Stockton-on-Tees" in officer.locator("#report-areas").inner_text()
    assert_accessible(officer)
    with officer.expect_download() as download:
        officer.click("text=Download the report (CSV)")
    assert download.value.suggested_filename == "hia-report.csv"
    officer.goto("/places/lsoa/E01012187/")
    assert "Portrack Lane homes" in officer.locator("#profile-hias").inner_text()
    officer.context.close()


def test_framework_pages_and_community_feedback_form(page, browser, live_site):
    page.goto("/assessments/frameworks/")
    assert_accessible(page)
    page.click("text=County Durham Approach to Wellbeing")
    assert "Written for Healthy Places" in page.locator("main").inner_text()
    assert_accessible(page)
    sign_in(page, "officer")
    page.goto("/assessments/start/")
    page.fill("#id_title", "Feedback journey team")
    page.fill("#id_period", "2026")
    page.click("button:has-text('Start')")
    page.click("text=Community feedback")
    page.fill("#id_count", "1")
    page.click("button:has-text('Make links')")
    link = page.locator("#new-links code").inner_text()
    assert_accessible(page)
    public = browser.new_context().new_page()
    public.goto(link)
    assert "Did you feel involved in decisions that affect you?" in public.locator("main").inner_text()
    assert_accessible(public)
    public.check("input[name=p1][value=\"4\"]")
    public.click("button:has-text('Send my answers')")
    assert "Thank you" in public.locator("h1").inner_text()
    public.goto(link)
    assert "already been used" in public.locator("h1").inner_text()
    public.context.close()
    page.goto(page.url)
    assert "1 link made, 1 used" in page.locator("#link-counts").inner_text()
