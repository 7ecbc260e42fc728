"""The indicators part's background jobs: writing an imported file that the page has read and checked."""
from django.urls import reverse

from healthyplaces.jobs import services as jobs
from healthyplaces.uploads import services as uploads

from . import importing


@jobs.task("Import indicators")
def import_indicators(progress, upload, by):
    """Write the rows the page read and checked (held with the upload), in one transaction."""
    held = jobs.held_upload(by, "indicators", upload)
    options = held.context
    progress.stage(f"Saving the values in {held.filename}")
    result = importing.write_file(options["kind"], uploads.parsed(held), held.filename, user=held.uploaded_by,
                                  polarity=options["polarity"], method=options["method"],
                                  dataset_name=options["dataset_name"], group_kind=options["group_kind"])
    uploads.release(held)
    first = result.indicators[0]
    if options["kind"] == "mortality":
        url, link = reverse("indicators:life_expectancy") + f"?dataset={first.slug}", "See the life expectancy gap"
    elif len(result.indicators) == 1:
        url, link = reverse("indicators:detail", args=[first.code]), f"See {first.name}"
    else:
        url, link = reverse("indicators:list"), "See the indicators"
    return jobs.Done(f"Imported {held.filename}: {result}.", url=url, link_text=link,
                     counts={"New values": result.created, "Changed": result.updated, "Unchanged": result.unchanged})
