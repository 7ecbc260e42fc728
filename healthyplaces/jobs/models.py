import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# A job still "running" with no word from its worker for this long has lost its worker (stopped
# without a chance to say so, e.g. its machine restarted): it may be started again.
STALLED_AFTER = timedelta(minutes=30)


class Job(models.Model):
    """One piece of long work someone started (an import, a load, embedding), as they follow it.

    The task framework's own record (django_tasks_db's DBTaskResult) keeps what a developer needs,
    the traceback included; this one keeps what the person who started it reads: how far it has got
    in their words, what it made, or why it stopped.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Stopped"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_path = models.CharField(max_length=200, help_text="the task that does the work, as Python names it")
    title = models.CharField(max_length=200, help_text="what the work is, in the words of the person who started it")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    arguments = models.JSONField(default=dict, blank=True, help_text="what the work needs: names and ids, never a file")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    stage = models.CharField(max_length=200, blank=True, help_text="what it is doing now")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True, help_text="what it made: a message, a link, counts")
    failure = models.TextField(blank=True, help_text="why it stopped, in users' words")
    problems = models.JSONField(default=list, blank=True, help_text="a refused file's problems, each with its line")
    attempts = models.PositiveIntegerField(default=0)
    task_result_id = models.CharField(max_length=64, blank=True, help_text="the task framework's record of the last run")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stalled(self):
        return self.status == self.Status.RUNNING and timezone.now() - self.updated_at > STALLED_AFTER

    @property
    def may_run_again(self):
        """A stopped job, or one whose worker was lost, may be started again with the same arguments."""
        return self.status == self.Status.FAILED or self.stalled

    @property
    def percent(self):
        """How far through, 0–100, or None when the work cannot say."""
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
