"""The indicators part's background jobs: writing an imported file that the page has read and checked."""
from django.urls import reverse

from healthyplaces.importing import MAX_PROBLEMS
from healthyplaces.jobs import services as jobs
from healthyplaces.uploads import services as uploads

from . import importing, services


@jobs.task("Import indicators")
def import_indicators(progress, upload, by):
    """Write the rows the page read and checked (held with the upload), in one transaction."""
    held = jobs.held_upload(by, "indicators", upload)
    options = held.context
    progress.stage(f"Saving the values in {held.filename}")
    parsed = uploads.parsed(held)
    result = importing.write_file(options["kind"], parsed, held.filename, user=held.uploaded_by,
                                  polarity=options["polarity"], method=options["method"],
                                  dataset_name=options["dataset_name"], group_kind=options["group_kind"])
    uploads.release(held)
    first = result.indicators[0]
    if options["kind"] == "mortality":
        url, link = reverse("indicators:life_expectancy") + f"?dataset={first.slug}", "See the life expectancy gap"
    elif len(result.indicators) == 1:
        query = services.file_slice(parsed[1])
        url, link = reverse("indicators:detail", args=[first.code]) + (f"?{query}" if query else ""), f"See {first.name}"
    else:
        url, link = reverse("indicators:list"), "See the indicators"
    counts = {"New values": result.created, "Changed": result.updated, "Unchanged": result.unchanged}
    message = f"Imported {held.filename}: {result}."
    if result.left_out:
        counts["Lines left out"] = len(result.left_out)
        message += " Left out, each for its reason: " + " ".join(f"{p}." for p in result.left_out[:MAX_PROBLEMS])
        if len(result.left_out) > MAX_PROBLEMS:
            message += f" (The first {MAX_PROBLEMS} are listed.)"
    return jobs.Done(message, url=url, link_text=link, counts=counts)


@jobs.task("Build a composite index")
def build_composite(progress, name, components, within, by):
    """Build the index the page checked (components: [{indicator, method, direction, weight}]), in one transaction."""
    from django.contrib.auth import get_user_model

    from healthyplaces.places.services import AreaNotFound, find_area

    from . import composite
    from .models import Indicator

    user = get_user_model().objects.filter(pk=by).first()
    progress.stage(f"Standardising and ranking {name}")
    try:
        area = find_area(within, user) if within else None
        index = composite.build(name, [composite.Component(Indicator.objects.get(pk=c["indicator"]), c["method"],
                                                           c["direction"], c["weight"]) for c in components], area, user)
    except (AreaNotFound, Indicator.DoesNotExist, composite.IndexRefused) as refused:
        raise jobs.Failed(f"The index was not built: {refused}")
    return jobs.Done(f"Built {name} for {index.lsoas:,} LSOAs.", url=reverse("indicators:composite", args=[index.indicator.code]),
                     link_text=f"See {name}", counts={"LSOAs ranked": index.lsoas, "LSOAs left out": index.left_out})
