"""For tests: queue jobs in the database and run them with django_tasks_db's own worker, in this process."""
from contextlib import contextmanager
from unittest import mock

from django.test import override_settings

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@contextmanager
def database_backend():
    """Jobs started inside wait in the database for `run_worker()` (the tests' default runs them at once)."""
    with override_settings(TASKS=DATABASE_TASKS):
        yield


def run_worker(max_tasks=None):
    """Run every waiting job, or `max_tasks` of them, as `healthyplaces db_worker --batch` would.

    The worker closes connections it finds in a transaction; a test runs inside one, so that step is skipped.
    """
    from django_tasks_db.management.commands import db_worker

    worker = db_worker.Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                              startup_delay=False, max_tasks=max_tasks, worker_id="test-worker",
                              excluded_queue_names=[])
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()
