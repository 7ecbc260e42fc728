"""Issue 15, "Done when": a resident verifies by postcode and votes; an officer enters a paper ballot, and the same
person's online vote is refused; a second officer checks the paper ballot; the vote is counted and its results
and awards are published. axe-core on each page, in headless Chromium against a running server."""
import json
import re

import pytest

from healthyplaces.testing import assert_accessible, command, sign_in

pytestmark = pytest.mark.e2e

SETUP = """
import json
from healthyplaces.accounts.models import Organisation
from healthyplaces.grants.tests.vote_sample import vote_round
round_ = vote_round(Organisation.objects.get(name="Stockton-on-Tees Borough Council"), "Journey vote", slug="journey-vote")
print(json.dumps(round_.pk))
"""


def _fill_voter(page, name, postcode="TS18 1AA"):
    page.fill("#id_name", name)
    page.fill("#id_date_of_birth_day", "27")
    page.fill("#id_date_of_birth_month", "3")
    page.fill("#id_date_of_birth_year", "1980")
    page.fill("#id_postcode", postcode)


def _click(page, button):
    page.click(f"button:has-text('{button}')")
    page.wait_for_load_state("load")


def test_residents_vote_online_and_on_paper_once_and_the_results_and_awards_are_published(page, live_site_env):
    vote = json.loads(command(live_site_env, "shell", "-c", SETUP).stdout.strip().splitlines()[-1])

    # A resident: a terminated postcode says why; their own places them in Stockton-on-Tees' ballot.
    page.goto(f"/grants/votes/{vote}/")
    assert_accessible(page)
    page.fill("#id_postcode", "TS15 0WY")
    _click(page, "Continue")
    assert "terminated in June 2008" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.fill("#id_postcode", "ts18 1aa")
    _click(page, "Continue")
    assert "Your ballot for Stockton-on-Tees" in page.locator("h1").inner_text()
    assert_accessible(page)
    _fill_voter(page, "Sam Smith")
    for title in ("Benches on the high street", "Community garden", "Mural at the underpass"):
        page.check(f"label:has-text('{title}')")
    _click(page, "Cast my vote")
    assert "this vote allows up to 2" in page.locator(".govuk-error-summary").inner_text()
    assert page.input_value("#id_name") == "Sam Smith"  # the ballot is kept as it was
    page.uncheck("label:has-text('Mural at the underpass')")
    _click(page, "Cast my vote")
    assert "Your vote is recorded" in page.locator("h1").inner_text()
    assert_accessible(page)

    # An officer enters a paper ballot; the same person then trying online is refused.
    sign_in(page, "officer")
    page.goto(f"/grants/votes/{vote}/paper/")
    assert_accessible(page)
    _fill_voter(page, "Pat Lee")
    page.fill("#id_paper_number", "P-17")
    page.check("label:has-text('Mural at the underpass')")
    _click(page, "Enter the ballot")
    assert "Paper ballot P-17 entered" in page.inner_text("body")
    assert "Another officer checks it" in page.locator("#waiting-ballots").inner_text()
    page.context.clear_cookies()
    page.goto(f"/grants/votes/{vote}/")
    page.fill("#id_postcode", "TS18 1AA")
    _click(page, "Continue")
    _fill_voter(page, "pat lee")
    page.check("label:has-text('Community garden')")
    _click(page, "Cast my vote")
    assert "already voted in this round (on a paper ballot)" in page.locator(".govuk-error-summary").inner_text()

    # A second officer (here the platform's administrator) checks it; the officer counts the vote.
    sign_in(page, "admin")
    page.goto(f"/grants/votes/{vote}/paper/")
    page.click("text=Check ballot P-17")
    assert "Mural at the underpass" in page.locator("#ticked").inner_text()
    assert_accessible(page)
    page.check("input[name=correct][value=yes]")
    _click(page, "Save the check")
    assert "Checked: the ballot counts." in page.inner_text("body")
    page.context.clear_cookies()
    sign_in(page, "officer")
    page.goto(f"/grants/votes/{vote}/paper/")
    assert "2 ballots count" in page.locator("#ballot-totals").inner_text()
    _click(page, "Close and count the vote")
    page.wait_for_url(re.compile(rf"/grants/votes/{vote}/results/$"))
    # Benches 1 vote (£4,000), garden 1 (£3,000), mural 1 (£5,000): level, so the lower cost first; the mural does not
    # fit the £3,000 left.
    text = page.inner_text("main")
    assert "2 ballots counted. £7,000.00 of £10,000.00 funded" in text
    assert "Ties go to more votes, then lower cost" in text
    assert_accessible(page)

    page.click("text=Make the awards of this round")
    assert_accessible(page)
    page.fill("#id_award_date_day", "1")
    page.fill("#id_award_date_month", "4")
    page.fill("#id_award_date_year", "2026")
    _click(page, "Make the awards")
    awards = page.locator("#awards").inner_text()
    assert "Community garden" in awards and "Benches on the high street" in awards
    assert "Mural at the underpass" not in awards
    assert_accessible(page)
    page.context.clear_cookies()
    page.goto(f"/grants/votes/{vote}/results/")  # public
    assert "Funded (1)" in page.inner_text("main")
    assert_accessible(page)
