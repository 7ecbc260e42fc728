"""Importing insights from a survey export: upload, say what each column holds, preview, then confirm.

The file is held (healthyplaces.uploads) from the upload on, with its header and first values, so the
person can change the column choices and preview again without uploading it again; the confirmation
writes the rows the last preview read.
"""
from django.contrib import messages
from django.shortcuts import redirect, render

from healthyplaces.accounts.permissions import require
from healthyplaces.jobs import services as jobs
from healthyplaces.uploads import services as uploads

from .. import columns, importing
from ..forms import ColumnsForm, ImportForm, SavedColumnsForm
from ..models import Conversation
from ..permissions import CONVERSATIONS
from ..tasks import import_insights

SESSION_KEY = "insights_import"
SAMPLES = 3  # values shown under each column's choice


@require("insights.import")
def insight_import(request):
    conversations = CONVERSATIONS.filter(Conversation.objects.all(), request.user, "insights.import")
    step = request.POST.get("step") if request.method == "POST" else None
    if step in ("columns", "saved", "confirm"):
        held = uploads.held(request.user, "insights", request.session.get(SESSION_KEY))
        conversation = conversations.filter(pk=held.context["conversation"]).first() if held else None
        if conversation is None:
            messages.error(request, "That preview has expired; upload the file again.")
            return redirect("insights:import")
        if step == "confirm" and (held.parsed is None or not uploads.parsed(held).rows):
            messages.error(request, "Choose which columns hold the answers and preview the file first.")
            return _page(request, held, conversation, _columns_form(held))
        if step == "confirm":
            job = jobs.start(import_insights, request.user, title=f"Import insights from {held.filename}",
                             upload=str(held.token), by=request.user.pk)
            del request.session[SESSION_KEY]
            return redirect(jobs.job_url(job))
        return _columns_step(request, held, conversation, step)
    form = ImportForm(request.POST or None, request.FILES or None, conversations=conversations)
    if request.method == "POST" and form.is_valid():
        upload, conversation = form.cleaned_data["file"], form.cleaned_data["conversation"]
        data = upload.read()
        try:
            table = importing.read(data, upload.name)
        except importing.ImportRefused as error:
            for problem in error.problems[:50]:
                form.add_error("file", str(problem))
        else:
            header = importing.header_of(table)
            samples = [list(dict.fromkeys(str(cells[i]).strip()[:60] for _, cells in table.rows[:20]
                                          if i < len(cells) and str(cells[i]).strip()))[:SAMPLES]
                       for i in range(len(header))]
            held = uploads.hold(request.user, "insights", upload.name, data, conversation=conversation.pk,
                                header=header, samples=samples, encoding=table.encoding)
            request.session[SESSION_KEY] = str(held.token)
            guessed = columns.guess(header, table.rows)
            return _preview(request, held, conversation, guessed, _columns_form(held, initial=guessed))
    return render(request, "insights/import.html", {"form": form})


def _columns_form(held, data=None, initial=None):
    initial = {f"column_{n}": role for n, role in enumerate(initial.roles)} | {"kind": initial.kind} if initial else None
    return ColumnsForm(data, initial=initial, header=held.context["header"], samples=held.context["samples"])


def _columns_step(request, held, conversation, step):
    """The person changed the column choices, or chose saved ones: preview the held file with them."""
    saved = SavedColumnsForm(request.POST if step == "saved" else None, mappings=columns.saved_for(conversation.organisation))
    if step == "saved":
        if not saved.is_valid():
            return _page(request, held, conversation, _columns_form(held), saved)
        mapping = columns.from_saved(saved.cleaned_data["saved"], held.context["header"])
        return _preview(request, held, conversation, mapping, _columns_form(held, initial=mapping), saved)
    form = _columns_form(held, data=request.POST)
    if not form.is_valid():
        return _page(request, held, conversation, form, saved)
    mapping = form.mapping()
    if form.cleaned_data["save_as"]:
        columns.save(mapping, held.context["header"], form.cleaned_data["save_as"], conversation.organisation,
                     request.user)
        messages.success(request, f"Saved these choices as “{form.cleaned_data['save_as'].strip()}”.")
    return _preview(request, held, conversation, mapping, form, saved)


def _preview(request, held, conversation, mapping, form, saved=None):
    """Read the held file with these choices and hold what it read for the confirmation; choices that cannot
    be used yet (no answer column, no kind) show the columns form alone."""
    preview = None
    if not mapping.check():
        preview = importing.parse(bytes(held.content), held.filename, conversation, mapping)
        context = dict(held.context)
        uploads.release(held)
        held = uploads.hold(request.user, "insights", held.filename, bytes(held.content), parsed=preview, **context)
        request.session[SESSION_KEY] = str(held.token)
    return _page(request, held, conversation, form, saved, preview)


def _page(request, held, conversation, form, saved=None, preview=None):
    mappings = columns.saved_for(conversation.organisation)
    return render(request, "insights/import_columns.html", {
        "held": held, "conversation": conversation, "form": form, "preview": preview,
        "saved": (saved or SavedColumnsForm(mappings=mappings)) if mappings.exists() else None,
        "encoding": held.context.get("encoding") or "an Excel workbook"})
