"""Background jobs (issue 11, "Background work"): a job's progress, failure and retry, on its page,
run by django_tasks_db's real worker in this process."""
import re

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from healthyplaces.accounts.models import Role
from healthyplaces.jobs import services as jobs
from healthyplaces.jobs.models import Job
from healthyplaces.jobs.testing import database_backend, run_worker

seen = {}  # what the job's page said while the work ran, and how often each job was tried


@jobs.task("Count to four")
def count_to_four(progress, person_id):
    from healthyplaces.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=person_id))
    progress.stage("Counting sheep", total=4)
    for _ in range(2):
        progress.advance()
    job = Job.objects.get(task_path=count_to_four.module_path, status=Job.Status.RUNNING)
    seen["page"] = client.get(jobs.job_url(job)).content.decode()
    progress.advance(2)
    return jobs.Done("Counted four sheep.", url="/places/data/", link_text="See the sheep", counts={"Sheep": 4})


@jobs.task("Fail the first time")
def fail_the_first_time(progress, name):
    seen[name] = seen.get(name, 0) + 1
    if seen[name] == 1:
        raise jobs.Failed("The sheep were not in the field yet.")
    return jobs.Done(f"Found the sheep on try {seen[name]}.")


@jobs.task("Break")
def break_down(progress):
    raise RuntimeError("internal detail: KeyError in module healthyplaces.secret")


@jobs.task("Count three")
def count_three(progress):
    progress.stage("Counting lambs", total=3)
    for _ in range(3):
        progress.advance()
    return jobs.Done("Counted three.")


@pytest.fixture(autouse=True)
def save_every_step(monkeypatch):
    monkeypatch.setattr(jobs, "SAVE_EVERY", 0)


def test_a_jobs_progress_is_on_its_page_while_it_runs_and_its_result_after(people, client_for):
    """Issue 11, Background work: the page shows progress, then the result when it is done."""
    officer = people[Role.OFFICER]
    with database_backend():
        job = jobs.start(count_to_four, officer, person_id=officer.pk)
        assert job.status == Job.Status.WAITING
        waiting = client_for(officer).get(jobs.job_url(job)).content.decode()
        assert "Waiting to start" in waiting
        run_worker()
    assert "Counting sheep" in seen["page"] and "2 of 4 (50%)" in seen["page"]
    assert '<progress class="hp-progress" max="4" value="2"' in seen["page"]
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == (Job.Status.DONE, 4, 4, 1)
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"
    done = client_for(officer).get(jobs.job_url(job)).content.decode()
    assert "Counted four sheep." in done and '<a class="govuk-link" href="/places/data/">See the sheep</a>' in done
    assert re.search(r"Sheep</dt><dd[^>]*>4</dd>", done)


def test_a_running_job_refreshes_itself_with_javascript_and_without(people, client_for):
    """Issue 11, Background work: htmx polls the job while it runs; without JavaScript the page refreshes
    itself and has a Refresh link; a finished job stops asking."""
    officer = people[Role.OFFICER]
    client = client_for(officer)
    with database_backend():
        job = jobs.start(count_to_four, officer, person_id=officer.pk)
        page = client.get(jobs.job_url(job)).content.decode()
        assert f'hx-get="/jobs/{job.pk}/" hx-trigger="every 2s"' in page
        assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
        assert f'<a class="govuk-link" href="/jobs/{job.pk}/">Refresh</a>' in page
        fragment = client.get(jobs.job_url(job), headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in fragment and fragment.lstrip().startswith('<div id="job"')
        run_worker()
    page = client.get(jobs.job_url(job)).content.decode()
    assert "hx-get" not in page and "http-equiv" not in page and ">Refresh<" not in page


def test_a_failed_job_says_why_and_runs_again_from_its_page(people, client_for):
    """Issue 11, Background work: a failed task says why on its page; retry a failed job from its page."""
    partner = people[Role.PARTNER]
    client = client_for(partner)
    with database_backend():
        job = jobs.start(fail_the_first_time, partner, name="retry-test")
        run_worker()
        page = client.get(jobs.job_url(job)).content.decode()
        assert "The job stopped" in page and "The sheep were not in the field yet." in page
        assert f'action="/jobs/{job.pk}/again/"' in page
        assert client.post(f"/jobs/{job.pk}/again/").status_code == 302
        job.refresh_from_db()
        assert (job.status, job.failure) == (Job.Status.WAITING, "")
        run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result["message"]) == (Job.Status.DONE, 2, "Found the sheep on try 2.")
    assert seen["retry-test"] == 2
    assert "again/" not in client.get(jobs.job_url(job)).content.decode()  # a finished job is not run twice
    assert client.post(f"/jobs/{job.pk}/again/").status_code == 403


def test_a_fault_is_told_in_plain_words_and_its_traceback_kept_for_administrators(people, client_for):
    """Issue 11, Background work: a failure gives a reason in users' words, never a traceback on the page."""
    analyst = people[Role.ANALYST]
    with database_backend():
        job = jobs.start(break_down, analyst)
        run_worker()
    job.refresh_from_db()
    page = client_for(analyst).get(jobs.job_url(job)).content.decode()
    assert job.status == Job.Status.FAILED and "Something went wrong on the server" in page
    assert "Traceback" not in page and "internal detail" not in page and "RuntimeError" not in page
    task_result = DBTaskResult.objects.get(id=job.task_result_id)
    assert task_result.status == "FAILED" and "internal detail" in task_result.traceback


def test_only_who_started_a_job_and_administrators_see_it(people, client_for):
    """Issue 11, Background work: a job is visible only to who started it (and administrators)."""
    job = jobs.start(fail_the_first_time, people[Role.ANALYST], name="visibility-test")
    url = jobs.job_url(job)
    assert client_for(people[Role.ANALYST]).get(url).status_code == 200
    assert client_for(people[Role.ADMIN]).get(url).status_code == 200
    assert client_for(people[Role.OFFICER]).get(url).status_code == 403
    assert client_for(people[Role.OFFICER]).post(url + "again/").status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_a_command_runs_the_same_work_here_with_a_progress_bar(db):
    """Issue 11, Background work: a command runs the same work in the foreground, keeping its progress bar."""
    import io

    bar = io.StringIO()
    done = jobs.run_here(count_three, stream=bar)
    assert done.message == "Counted three."
    assert "Counting lambs" in bar.getvalue() and "3/3" in bar.getvalue()
    assert not Job.objects.exists()


def test_prune_forgets_old_finished_jobs_and_keeps_running_and_recent_ones(people):
    """Issue 11 (left open): nothing pruned job records. `healthyplaces jobs prune --older-than DAYS` forgets jobs
    finished before then, with the task framework's record of their run, and keeps waiting, running and recent ones."""
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    officer = people[Role.OFFICER]
    with database_backend():
        jobs_run = [jobs.start(count_three, officer) for _ in range(2)]
        run_worker()
    old_done, recent_done = jobs_run
    long_ago, yesterday = timezone.now() - timedelta(days=40), timezone.now() - timedelta(days=1)
    Job.objects.filter(pk=old_done.pk).update(finished_at=long_ago)
    Job.objects.filter(pk=recent_done.pk).update(finished_at=yesterday)
    old_failed = Job.objects.create(task_path="x", title="Old stop", status=Job.Status.FAILED, finished_at=long_ago)
    running = Job.objects.create(task_path="x", title="Still running", status=Job.Status.RUNNING, started_at=long_ago)
    waiting = Job.objects.create(task_path="x", title="Waiting", status=Job.Status.WAITING)
    old_done.refresh_from_db()
    assert DBTaskResult.objects.filter(id=old_done.task_result_id).exists()

    out = StringIO()
    call_command("jobs", "prune", "--older-than", "30", "--dry-run", stdout=out)
    assert "Would forget 2 job(s)" in out.getvalue() and Job.objects.filter(pk=old_failed.pk).exists()

    call_command("jobs", "prune", "--older-than", "30", stdout=out)
    assert "Forgot 2 job(s) finished more than 30 day(s) ago." in out.getvalue()
    assert set(Job.objects.values_list("pk", flat=True)) == {recent_done.pk, running.pk, waiting.pk}
    assert not DBTaskResult.objects.filter(id=old_done.task_result_id).exists()
    recent_done.refresh_from_db()
    assert DBTaskResult.objects.filter(id=recent_done.task_result_id).exists()
