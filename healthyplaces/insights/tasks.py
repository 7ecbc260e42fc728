"""The insights part's background jobs: writing an import its person previewed and confirmed, and
computing the vectors behind "similar insights" (the page and `insights embed`)."""
from django.urls import reverse

from healthyplaces.jobs import services as jobs
from healthyplaces.uploads import services as uploads

from . import embeddings, importing, services
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
    left_out = len(preview.lines_left_out)
    message = (f"Imported {added} insight{'s' if added != 1 else ''} from {held.filename}." if added
               else f"Nothing new: every row of {held.filename} was imported before.")
    if left_out:
        message += f" {left_out} line{'s' if left_out != 1 else ''} with problems {'were' if left_out != 1 else 'was'} left out."
    return jobs.Done(message, url=reverse("insights:conversation", args=[conversation.pk]),
                     link_text="See the conversation", counts={"Insights added": added} | ({"Lines left out": left_out} if left_out else {}))


@jobs.task("Compute similar insights")
def embed_insights(progress):
    """Embed every insight that has no vector yet, batch by batch (services.embed_missing)."""
    if not embeddings.available():
        raise jobs.Failed(embeddings.status())
    progress.stage("Computing the vectors of insights that have none yet", total=services.waiting_for_vectors())
    done = services.embed_missing(progress=progress.advance)
    return jobs.Done(f"Computed the vectors of {done:,} insight{'s' if done != 1 else ''}: each now shows the "
                     "insights most like it.", counts={"Insights": done})
