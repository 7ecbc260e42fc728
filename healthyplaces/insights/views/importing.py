"""Importing insights from a spreadsheet: a preview, then the commit."""
from django.contrib import messages
from django.shortcuts import redirect, render

from healthyplaces.accounts.permissions import require
from healthyplaces.jobs import services as jobs
from healthyplaces.uploads import services as uploads

from .. import importing
from ..forms import ImportForm
from ..models import Conversation
from ..permissions import CONVERSATIONS
from ..tasks import import_insights


@require("insights.import")
def insight_import(request):
    conversations = CONVERSATIONS.filter(Conversation.objects.all(), request.user, "insights.import")
    form = ImportForm(request.POST or None, request.FILES or None, conversations=conversations)
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        held = uploads.held(request.user, "insights", request.session.get("insights_import"))
        conversation = conversations.filter(pk=held.context["conversation"]).first() if held else None
        if conversation is None:
            messages.error(request, "That preview has expired; upload the file again.")
            return redirect("insights:import")
        job = jobs.start(import_insights, request.user, title=f"Import insights from {held.filename}",
                         upload=str(held.token), by=request.user.pk)
        del request.session["insights_import"]
        return redirect(jobs.job_url(job))
    elif request.method == "POST" and form.is_valid():
        upload, conversation = form.cleaned_data["file"], form.cleaned_data["conversation"]
        data = upload.read()
        try:
            preview = importing.parse(data, upload.name, conversation)
        except importing.ImportRefused as error:
            for problem in error.problems[:50]:
                form.add_error("file", str(problem))
        else:
            for problem in preview.problems[:50]:
                form.add_error("file", problem)
            if not preview.problems:
                held = uploads.hold(request.user, "insights", upload.name, data, parsed=preview,
                                    conversation=conversation.pk)
                request.session["insights_import"] = str(held.token)
    return render(request, "insights/import.html", {"form": form, "preview": preview,
                                                    "columns": importing.COLUMNS})
