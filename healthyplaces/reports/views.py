"""Reports' pages: the versions kept, the build form (the build runs in the background: its job's page shows how
far it has got), one version, and its HTML and PDF."""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces.accounts.permissions import can, check, organisation_for, require
from healthyplaces.jobs import services as jobs

from . import services, tasks
from .forms import BuildForm
from .models import Kind, ReportVersion
from .permissions import visible


@require("reports.view")
def versions(request):
    found = visible(ReportVersion.objects.select_related("organisation", "built_by").defer("html", "pdf"), request.user)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        found = found.filter(kind=kind)
    return render(request, "reports/versions.html", {
        "versions": found[:200], "kinds": Kind.choices, "kind": kind, "can_build": can(request.user, "reports.build")})


@require("reports.build")
def build(request):
    form = BuildForm(request.POST or None, user=request.user, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        organisation = organisation_for(request.user, "reports.build")
        data = form.cleaned_data
        job = jobs.start(tasks.build_report, request.user, title=f"Build a report: {Kind(data['kind']).label}",
                         kind=data["kind"], by=request.user.pk, organisation=organisation.pk, year=data["year"],
                         area=data["area"].strip(), theme=data["theme"].strip())
        return redirect(jobs.job_url(job))
    return render(request, "reports/build.html", {"form": form})


def _version(request, pk):
    version = get_object_or_404(ReportVersion.objects.select_related("organisation", "built_by"), pk=pk)
    check(request.user, "report.view", version)
    return version


@require("report.view")
def version(request, pk):
    version = _version(request, pk)
    others = visible(ReportVersion.objects.filter(kind=version.kind, year=version.year, area_name=version.area_name)
                     .exclude(pk=version.pk).defer("html", "pdf"), request.user)[:50]
    return render(request, "reports/version.html", {"version": version, "others": others})


@require("report.view")
def read(request, pk):
    """The report as a web page: the HTML kept, with its style sheet linked (the site's CSP allows no inline style)."""
    return HttpResponse(_version(request, pk).html, content_type="text/html; charset=utf-8")


@require("report.view")
def download(request, pk, extension):
    version = _version(request, pk)
    if extension == "pdf":
        response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    elif extension == "html":
        response = HttpResponse(services.standalone(version.html), content_type="text/html; charset=utf-8")
    else:
        raise Http404("A report is downloaded as PDF or HTML.")
    response["Content-Disposition"] = f'attachment; filename="{version.filename(extension)}"'
    return response
