"""The insights part's background jobs: writing an import its person previewed and confirmed."""
from django.urls import reverse

from healthyplaces.jobs import services as jobs
from healthyplaces.uploads import services as uploads

from . import importing
from .models import Conversation


@jobs.task("Import insights")
def import_insights(progress, upload, by):
    """Embed and write the rows the preview read (held with the upload); rows imported before are left out."""
    held = jobs.held_upload(by, "insights", upload)
    conversation = Conversation.objects.get(pk=held.context["conversation"])
    preview = uploads.parsed(held)
    progress.stage(f"Saving the insights in {held.filename}")
    added = importing.commit_preview(preview, conversation, held.uploaded_by)
    uploads.release(held)
    return jobs.Done(f"Imported {added} insight{'s' if added != 1 else ''} from {held.filename}." if added
                     else f"Nothing new: every row of {held.filename} was imported before.",
                     url=reverse("insights:conversation", args=[conversation.pk]), link_text="See the conversation",
                     counts={"Insights added": added})

