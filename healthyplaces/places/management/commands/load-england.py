import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from healthyplaces.places.loading import ImportRefused, load_england


class Command(BaseCommand):
    help = "Load England's LSOAs, local authorities, wards, MSOAs, IoD2019 and IoD2025 from data/ (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=str(settings.DATA_DIR), help="folder holding the official files")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, data_dir, no_progress, **options):
        steps = ["authorities", "imd2019", "imd2025", "lookups", "boundaries", "areas", "lsoas", "deprivation"]
        started = time.monotonic()
        with tqdm(total=len(steps), desc="Loading England", unit="step", disable=no_progress,
                  file=self.stderr._out) as bar:
            def progress(step):
                bar.set_postfix_str(step)
                bar.update(1)

            try:
                load = load_england(data_dir, progress=progress)
            except ImportRefused as refused:
                raise CommandError(str(refused)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {load.rows:,} rows from {len(load.files)} files in {time.monotonic() - started:.1f} s."))
