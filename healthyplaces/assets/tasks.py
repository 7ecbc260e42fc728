"""The assets part's background jobs: writing an import its person previewed and confirmed."""
from django.urls import reverse

from healthyplaces.accounts.models import Organisation
from healthyplaces.jobs import services as jobs
from healthyplaces.uploads import services as uploads

from . import importing


@jobs.task("Import assets")
def import_assets(progress, upload, by):
    """Write the rows the preview read (held with the upload), matched again against what is held now."""
    held = jobs.held_upload(by, "assets", upload)
    partner = Organisation.objects.get(pk=held.context["partner"])
    rows = uploads.parsed(held)
    progress.stage(f"Saving {len(rows):,} rows of {held.filename} for {partner}")
    result = importing.commit_rows(rows, held.filename, partner, by=held.uploaded_by)
    uploads.release(held)
    counts = result.counts
    return jobs.Done(
        f"Imported {held.filename} for {partner}.", url=reverse("assets:directory"),
        link_text="See the community assets",
        counts={"New assets": counts["new"], "Updated": counts["updated"], "Unchanged": counts["unchanged"],
                "Probable duplicates flagged for review": counts["duplicate"],
                "Invalid rows left out": counts["invalid"]})
