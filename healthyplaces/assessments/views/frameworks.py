"""Pages of the frameworks assessments are made against: the list, one framework, loading one."""
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces.accounts.permissions import can, require
from healthyplaces.importing import ImportRefused
from healthyplaces.uploads.handlers import TooLargeUpload

from ..frameworks import load_texts, read_sources
from ..models import Framework


@require("frameworks.view")
def framework_list(request):
    return render(request, "assessments/framework_list.html", {
        "frameworks": Framework.objects.prefetch_related("versions"), "can_load": can(request.user, "frameworks.load")})


@require("frameworks.view")
def framework_detail(request, key):
    framework = get_object_or_404(Framework, key=key)
    version = framework.versions.filter(number=request.GET.get("version") or 0).first() or framework.current
    sections = version.sections.prefetch_related("criteria")
    return render(request, "assessments/framework_detail.html", {
        "framework": framework, "version": version, "sections": sections, "versions": framework.versions.all()})


@require("frameworks.load")
def framework_load(request):
    """Load new frameworks or new versions from YAML: the page twin of `healthyplaces frameworks load`."""
    problems, skipped = [], []
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            problems = ["Choose at least one YAML file."]
        else:
            files = []
            for upload in uploads:
                if isinstance(upload, TooLargeUpload):
                    problems.append(f"{upload.name}: {upload.problem}")
                    continue
                try:
                    files.append((upload.name, upload.read().decode("utf-8-sig")))
                except UnicodeDecodeError:
                    problems.append(f"{upload.name}: the file is not UTF-8 text")
            if not problems:
                try:
                    loaded, skipped = load_texts(files, by=request.user, facts=read_sources(settings.DATA_DIR / "frameworks"))
                except ImportRefused as refused:
                    problems = [str(p) for p in refused.problems]
                else:
                    for version, created in loaded:
                        messages.success(request, f"{'Loaded' if created else 'Unchanged'}: {version.name}, version {version.number}.")
                    if not skipped:
                        return redirect("assessments:frameworks")
    return render(request, "assessments/framework_load.html", {"problems": problems, "skipped": skipped})
