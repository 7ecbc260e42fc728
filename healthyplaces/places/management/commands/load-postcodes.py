from django.core.management.base import BaseCommand, CommandError

from healthyplaces.importing import ImportRefused
from healthyplaces.jobs import services as jobs
from healthyplaces.places.tasks import load_postcodes


class Command(BaseCommand):
    help = ("Load England's postcodes from the ONS Postcode Directory as ONS publishes it (.zip, .csv or .csv.gz), "
            "replacing those held; all or nothing, with line-numbered errors.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the directory file, e.g. ONSPD_NOV_2025.zip")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file, no_progress, **options):
        try:
            done = jobs.run_here(load_postcodes, path=file, stream=self.stderr._out, show_progress=not no_progress)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(self.style.SUCCESS(done.message))
