"""Who may follow a background job (the table of roles is `accounts.permissions.RULES`).

A job's page tells what someone's import or load did: it is theirs to see and start again, and the platform's
administrators'. Jobs belong to a person, not to an organisation or an area.
"""
from healthyplaces.accounts.permissions import can, object_rule


@object_rule("job.view")
def _view(user, job):
    if job.started_by_id != user.pk and not can(user, "jobs.view_all"):
        return "Only the person who started a job, and administrators, can see it."


@object_rule("job.retry")
def _retry(user, job):
    if refused := _view(user, job):
        return refused
    if not job.may_run_again:
        return "This job is still running or has finished: there is nothing to start again."
