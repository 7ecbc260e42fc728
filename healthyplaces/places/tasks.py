"""The places part's background jobs: loading England's reference data (the page and `load-england`), and a
postcode directory (`load-postcodes`)."""
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from healthyplaces.jobs import services as jobs

from . import loading, postcode_loading


@jobs.task("Load England's reference data")
def load_england(progress, data_dir, postcodes_dir=None):
    """Check every official file, then save them all in one transaction (loading.load_england); then England's
    postcodes from `postcodes_dir` (settings.POSTCODES_DIR by default), unless those files are loaded already."""
    progress.stage("Checking the official files", total=5)

    def step_done(step):
        progress.advance()
        if step == "boundaries":  # the last file checked: the writing starts
            progress.stage("Saving about 170,000 rows", total=3)

    load = loading.load_england(data_dir, progress=step_done)
    postcodes, loaded = _postcodes(progress, lambda step: postcode_loading.load_shipped(postcodes_dir or settings.POSTCODES_DIR, step))
    told = (f"{postcodes.rows:,} postcodes loaded" if loaded else f"the {postcodes.rows:,} postcodes held already "
            "come from these files")
    return jobs.Done(f"Loaded {load.rows:,} rows from {len(load.files)} files in {load.seconds} s; {told}.",
                     url=reverse("places:data_loads"), link_text="See the reference data's loads",
                     counts={"Rows": f"{load.rows:,}", "Files": len(load.files), "Postcodes": f"{postcodes.rows:,}"})


def _postcodes(progress, load):
    progress.stage("Reading and checking England's postcodes (about 2.3 million)", total=3)

    def step_done(step):
        progress.advance()
        if step == "placed":
            progress.stage("Saving the postcodes", total=1)
    return load(step_done)


@jobs.task("Load a postcode directory")
def load_postcodes(progress, path):
    """The ONS Postcode Directory as ONS publishes it, replacing the postcodes held (postcode_loading)."""
    load, _ = _postcodes(progress, lambda step: (postcode_loading.load_directory(path, step), True))
    return jobs.Done(f"Loaded {load.rows:,} postcodes in England from {Path(path).name} in {load.seconds} s.",
                     url=reverse("places:data_loads"), link_text="See the reference data's loads",
                     counts={"Postcodes": f"{load.rows:,}"})
