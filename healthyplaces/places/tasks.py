"""The places part's background jobs: loading England's reference data (the page and `load-england`)."""
from django.urls import reverse

from healthyplaces.jobs import services as jobs

from . import loading


@jobs.task("Load England's reference data")
def load_england(progress, data_dir):
    """Check every official file, then save them all in one transaction (loading.load_england)."""
    progress.stage("Checking the official files", total=5)

    def step_done(step):
        progress.advance()
        if step == "boundaries":  # the last file checked: the writing starts
            progress.stage("Saving about 170,000 rows", total=3)

    load = loading.load_england(data_dir, progress=step_done)
    return jobs.Done(f"Loaded {load.rows:,} rows from {len(load.files)} files in {load.seconds} s.",
                     url=reverse("places:data_loads"), link_text="See the reference data's loads",
                     counts={"Rows": f"{load.rows:,}", "Files": len(load.files)})
