"""The reports part's background job: building a report (the page's build form)."""
from django.urls import reverse

from healthyplaces.accounts.models import Organisation, User
from healthyplaces.jobs import services as jobs

from . import services


@jobs.task("Build a report")
def build_report(progress, kind, by, organisation, year=None, area="", theme=""):
    """Build the report for the person (`by`, their id) in their organisation, and keep it as a new version."""
    person = User.objects.filter(pk=by).first()
    if person is None:
        raise jobs.Failed("The person who asked for this report no longer has an account, so it was not built.")
    try:
        version = services.build(kind, by=person, year=year, area=area, theme=theme,
                                 organisation=Organisation.objects.get(pk=organisation), progress=progress)
    except services.ReportRefused as refused:
        raise jobs.Failed(str(refused)) from None
    return jobs.Done(f"Built {version.title}.", url=reverse("reports:version", args=[version.pk]),
                     link_text="Read the report and download it")
