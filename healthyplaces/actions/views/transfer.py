"""Actions to and from a spreadsheet: the list's download with its filters (CSV or Excel), and an import with a
preview and one commit, through the same service as the command line (actions.importing)."""
from django import forms
from django.contrib import messages
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import require
from healthyplaces.importing import ImportRefused
from healthyplaces.uploads import services as uploads
from healthyplaces.uploads.handlers import refuse_too_large

from .. import importing, transfer
from ..forms import ActionFilterForm
from ..models import Action
from ..permissions import visible
from .actions import _filtered

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require("actions.view")
def export(request):
    """The actions the list shows with the same filters (every page of them), only those the person may see."""
    seen = visible(Action.objects.all(), request.user)
    form = ActionFilterForm(
        request.GET or None, owners=Organisation.objects.filter(pk__in=seen.values("owner")),
        years=seen.exclude(report_year=None).values_list("report_year", flat=True).distinct())
    actions = _filtered(form, seen, request.user).order_by(F("due_date").asc(nulls_last=True), "id")
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(transfer.xlsx_bytes(actions), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="actions.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="actions.csv"'
    transfer.write_csv(response, actions)
    return response


class ImportForm(forms.Form):
    file = forms.FileField(validators=[refuse_too_large], label="File",
                           widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
                           help_text="CSV (UTF-8) or Excel (.xlsx), with the download's columns; at most 10 MB")


@require("actions.create")
def import_upload(request):
    """Upload a file: every line is checked (actions.importing.read) and any problem is listed, nothing kept."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            importing.read(data, upload.name, request.user)
        except ImportRefused as refused:
            for problem in refused.problems:
                form.add_error("file", str(problem))
        else:
            held = uploads.hold(request.user, "actions", upload.name, data)
            return redirect("actions:import_preview", token=held.token)
    return render(request, "actions/import_upload.html", {"form": form, "columns": transfer.COLUMNS})


@require("actions.create")
def import_preview(request, token):
    """What the file holds; confirming checks it again (the same function) and writes it in one transaction."""
    held = uploads.held(request.user, "actions", token)
    if held is None:
        raise Http404("No upload of yours is waiting under that link; it may have expired. Upload the file again.")
    try:
        rows = importing.read(bytes(held.content), held.filename, request.user)
    except ImportRefused as refused:
        uploads.release(held)
        return render(request, "actions/import_upload.html", {
            "form": ImportForm(), "columns": transfer.COLUMNS, "problems": refused.problems})
    if request.method == "POST":
        made = importing.commit(rows, request.user)
        uploads.release(held)
        messages.success(request, f"Imported {len(made)} action{'s' if len(made) != 1 else ''} from {held.filename}.")
        return redirect("actions:list")
    return render(request, "actions/import_preview.html", {"held": held, "rows": rows})
