"""Issue 11: a job's page followed in a real browser while the job runs and when it ends, with JavaScript on
(htmx asks again every two seconds) and off (the page refreshes itself and has a Refresh link).

The live site runs its tasks at once, so the running job is written into the site's database by a command
in its own process, as a worker would, and moved on the same way."""
import re

import pytest

from healthyplaces.testing import assert_accessible, command, sign_in

pytestmark = pytest.mark.e2e


def _job_in_site(env, code):
    """Run Python against the live site's database; the last line it prints (the shell says first what it imported)."""
    setup = ("from healthyplaces.jobs.models import Job\n"
             "from healthyplaces.accounts.models import User\n")
    printed = command(env, "shell", "-c", setup + code).stdout.strip().splitlines()
    return printed[-1] if printed else ""


def test_a_running_job_is_followed_to_its_result_with_javascript_on_and_off(page, browser, live_site, live_site_env,
                                                                             csp_violations):
    job_id = _job_in_site(live_site_env, (
        "job = Job.objects.create(task_path='healthyplaces.places.tasks.load_england', title='Loading England',"
        " started_by=User.objects.get(username='admin-person'), status='running', stage='Loading postcodes',"
        " done=300, total=1200)\nprint(job.pk)"))

    off = browser.new_context(base_url=live_site, java_script_enabled=False)
    plain = off.new_page()
    sign_in(plain, "admin")
    plain.goto(f"/jobs/{job_id}/")
    assert re.search(r"Running\s+Loading postcodes", plain.locator("#job").inner_text())
    assert "300 of 1,200 (25%)" in plain.locator("#job").inner_text()
    assert plain.locator("noscript meta[http-equiv=refresh]").count() == 1
    assert plain.get_by_role("link", name="Refresh").count() == 1

    sign_in(page, "admin")
    page.goto(f"/jobs/{job_id}/")
    page.wait_for_selector("text=300 of 1,200 (25%)")
    assert_accessible(page)
    _job_in_site(live_site_env, f"Job.objects.filter(pk='{job_id}').update(done=900)")
    page.wait_for_selector("text=900 of 1,200 (75%)", timeout=10000)  # htmx's next ask, no reload
    _job_in_site(live_site_env, (
        f"Job.objects.filter(pk='{job_id}').update(status='done', done=1200,"
        " result={'message': 'England is loaded.', 'url': '/places/', 'link_text': 'See the places'})"))
    page.wait_for_selector(".govuk-panel__title:has-text('Done')", timeout=10000)
    assert page.get_by_role("link", name="See the places").count() == 1
    assert_accessible(page)

    plain.get_by_role("link", name="Refresh").click()
    assert "England is loaded." in plain.locator(".govuk-panel").inner_text()
    assert plain.locator("noscript meta[http-equiv=refresh]").count() == 0
    off.close()
    assert csp_violations == []
