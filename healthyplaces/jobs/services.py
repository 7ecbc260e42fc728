"""Background jobs: long work run by a worker beside the web server, followed on a page.

A part declares each piece of long work once, in its `tasks.py`, as a function of a `progress` and
JSON-able arguments that returns `Done` (what it made):

    @jobs.task("Load England's reference data")
    def load_england(progress, data_dir):
        ...
        return jobs.Done(f"Loaded {rows:,} rows.", url=reverse("places:data_loads"), counts={"rows": rows})

A view starts it, `job = jobs.start(load_england, request.user, data_dir=...)`, and sends the person to
`job_url(job)`, which shows its progress and then its result or why it stopped. A command runs the
same function here and now with a progress bar: `jobs.run_here(load_england, data_dir=...)`.

The work says how far it has got with `progress.stage(text, total)` and `progress.advance(count)`, in
its users' words. It stops with ImportRefused (the page lists the problems) or `Failed(reason)`.
Anything else is a fault: the page says so in plain words and the task framework keeps the traceback
for administrators. Work writes in one transaction, so a job stopped half-way has written nothing and
can be run again (`retry`).

Each declared piece of work is a task of Django's tasks framework (the django-tasks backport on Django
5.2; `django.tasks` from Django 6), queued by the backend in settings.TASKS: the database, where a
worker (`healthyplaces db_worker`, or several on PostgreSQL) takes jobs in turn, or in tests the
immediate backend, which runs a job inside the request that starts it.
"""
import functools
import logging
import time
from dataclasses import dataclass, field

import django_tasks
from django_tasks.base import Task
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from tqdm import tqdm

from healthyplaces.accounts import audit
from healthyplaces.importing import ImportRefused

from .models import Job

log = logging.getLogger(__name__)

SHOWN_PROBLEMS = 200  # a refused file's problems kept for its page; the count says if there were more
SAVE_EVERY = 0.5  # seconds between saves of a job's progress

FAULT = ("Something went wrong on the server, so the job stopped before it finished; nothing it was "
         "writing was saved. Try again; if it stops again, tell an administrator, who can see the details.")
INTERRUPTED = ("The job was stopped before it finished (its worker was shut down); nothing it was writing "
               "was saved. Start it again.")


@dataclass
class Done:
    """What a job made: a sentence, a link to it, and counts (e.g. {"new": 12, "updated": 3})."""

    message: str
    url: str = ""
    link_text: str = ""
    counts: dict = field(default_factory=dict)


class Failed(Exception):
    """The work cannot be done, for a reason its users can act on (said on the job's page)."""


class Progress:
    """How far a piece of work has got. The work calls `stage` and `advance`; what hears them differs."""

    def stage(self, text, total=None):
        """A new stage in users' words ("Checking the rows"), with how many steps it has, if known."""

    def advance(self, count=1):
        """`count` more steps of this stage are done."""


class _JobProgress(Progress):
    """Saved on the job for its page, at most every SAVE_EVERY seconds.

    Never inside the work's own transaction: what it writes there is not seen until it commits (and
    not at all on a rollback), so the page shows the stage the work was at when it began writing.
    """

    def __init__(self, job):
        self.job = job
        self.depth = len(connection.atomic_blocks)
        self.saved_at = 0.0

    def stage(self, text, total=None):
        self.job.stage, self.job.total, self.job.done = text[:200], total, 0
        self._save(force=True)

    def advance(self, count=1):
        self.job.done += count
        self._save()

    def _save(self, force=False):
        if len(connection.atomic_blocks) > self.depth:
            return
        if not force and time.monotonic() - self.saved_at < SAVE_EVERY:
            return
        Job.objects.filter(pk=self.job.pk).update(stage=self.job.stage, done=self.job.done, total=self.job.total,
                                                  updated_at=timezone.now())
        self.saved_at = time.monotonic()


class _BarProgress(Progress):
    """A command's progress bar (tqdm) on standard error."""

    def __init__(self, stream, disable):
        self.bar = tqdm(total=None, file=stream, disable=disable, unit="step")

    def stage(self, text, total=None):
        self.bar.reset(total=total)
        self.bar.set_description(text)

    def advance(self, count=1):
        self.bar.update(count)


def task(title, **options):
    """Declare a function as a job's work: `work(progress, **arguments) -> Done`, titled in users' words.

    Returns the task of Django's tasks framework that runs it for a Job; `start` queues it and
    `run_here` calls the work itself.
    """

    def declare(work):
        @functools.wraps(work)  # the task is found again by the work's own module and name
        def run(job_id):
            return _run(job_id, work)

        run.work, run.title = work, title
        return django_tasks.task(run, **options)

    return declare


def start(task, user, *, title="", **arguments):
    """Queue the task's work for this person; returns its Job (already finished with the immediate backend)."""
    job = Job.objects.create(task_path=task.module_path, title=(title or task.func.title)[:200], started_by=user,
                             arguments=arguments)
    _enqueue(task, job)
    job.refresh_from_db()
    return job


def run_here(task, *, stream=None, show_progress=True, **arguments):
    """Run the task's work in this process with a progress bar (a command), returning its Done."""
    progress = _BarProgress(stream, disable=not show_progress)
    try:
        return task.func.work(progress, **arguments)
    finally:
        progress.bar.close()


def retry(job):
    """Queue a stopped job again, with the same arguments (a failed import still holds its file)."""
    Job.objects.filter(pk=job.pk).update(status=Job.Status.WAITING, stage="", done=0, total=None, result={},
                                         failure="", problems=[], started_at=None, finished_at=None,
                                         updated_at=timezone.now())
    _enqueue(_task_of(job), job)
    job.refresh_from_db()
    return job


def prune(older_than, *, dry_run=False):
    """Forget the jobs that finished (done or stopped) longer ago than `older_than` (a timedelta), with the task
    framework's records of their runs; a job waiting or running, or finished since, is kept. Returns how many."""
    cutoff = timezone.now() - older_than
    old = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff)
    count = old.count()
    if not dry_run:
        from django_tasks_db.models import DBTaskResult

        with transaction.atomic():
            runs = list(old.exclude(task_result_id="").values_list("task_result_id", flat=True))
            DBTaskResult.objects.finished().filter(pk__in=runs).delete()
            old.delete()
    return count


def held_upload(by, purpose, token):
    """The upload a job imports, held for the person who started it (`by`, their id) since its preview."""
    from healthyplaces.accounts.models import User
    from healthyplaces.uploads import services as uploads

    held = uploads.held(User.objects.filter(pk=by).first(), purpose, token)
    if held is None:
        raise Failed("The uploaded file is no longer held (a file is kept for a day after its preview), "
                     "so nothing was imported. Upload it again.")
    return held


def job_url(job):
    return reverse("jobs:job", args=[job.pk])


def _task_of(job):
    found = import_string(job.task_path)
    if not isinstance(found, Task) or not hasattr(found.func, "work"):
        raise ValueError(f"{job.task_path} is not a job's task")
    return found


def _enqueue(task, job):
    result = task.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))


def _finish(job, status, **fields):
    Job.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), updated_at=timezone.now(),
                                         **fields)


def _run(job_id, work):
    """Run the work for one Job, keeping its progress, result or failure on the Job."""
    job = Job.objects.select_related("started_by").get(pk=job_id)
    job.attempts += 1
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=job.attempts, started_at=timezone.now(),
                                         updated_at=timezone.now(), stage="Starting")
    try:
        with audit.acting_as(job.started_by):
            done = work(_JobProgress(job), **job.arguments)  # keeps the last progress on `job`
    except ImportRefused as refused:
        problems = [str(problem) for problem in refused.problems]
        _finish(job, Job.Status.FAILED, problems=problems[:SHOWN_PROBLEMS], failure=(
            f"The file was refused, so nothing was changed: {len(problems):,} "
            f"problem{'s' if len(problems) != 1 else ''} to correct before trying again."))
        return {"refused": len(problems)}
    except Failed as failed:
        _finish(job, Job.Status.FAILED, failure=str(failed))
        return {"failed": str(failed)}
    except Exception:
        log.exception("Job %s (%s) failed", job.pk, job.task_path)
        _finish(job, Job.Status.FAILED, failure=FAULT)
        raise  # the task framework keeps the traceback (the admin's task results)
    except BaseException:  # the worker was told to stop while it ran (Ctrl+C twice, or its shutdown)
        _finish(job, Job.Status.FAILED, failure=INTERRUPTED)
        raise
    _finish(job, Job.Status.DONE, stage="Done", done=job.done, total=job.total, result={
        "message": done.message, "url": done.url, "link_text": done.link_text, "counts": done.counts})
    return {"done": done.message}
