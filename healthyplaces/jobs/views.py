"""The page of one job: its progress while it runs (it refreshes itself), then what it made or why it stopped."""
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from healthyplaces.accounts.permissions import can, check, require

from . import services
from .models import Job


def _job(request, pk, action):
    job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    check(request.user, action, job)
    return job


@require("job.view")
def job(request, pk):
    job = _job(request, pk, "job.view")
    template = "jobs/_job.html" if request.headers.get("HX-Request") else "jobs/job.html"
    return render(request, template, {"job": job, "can_retry": can(request.user, "job.retry", job)})


@require("job.retry")
@require_POST
def job_retry(request, pk):
    job = _job(request, pk, "job.retry")
    services.retry(job)
    return redirect("jobs:job", pk=job.pk)
