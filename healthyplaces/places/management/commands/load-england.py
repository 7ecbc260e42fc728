from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from healthyplaces.importing import ImportRefused
from healthyplaces.jobs import services as jobs
from healthyplaces.places.tasks import load_england


class Command(BaseCommand):
    help = ("Load England's LSOAs, local authorities, wards, MSOAs, IoD2019, IoD2025 and postcodes from data/ "
            "(all or nothing).")

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=str(settings.DATA_DIR), help="folder holding the official files")
        parser.add_argument("--postcodes-dir", help="folder holding postcodes/ (default: settings.POSTCODES_DIR, the data folder)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, data_dir, postcodes_dir, no_progress, **options):
        try:
            done = jobs.run_here(load_england, data_dir=data_dir, postcodes_dir=postcodes_dir, stream=self.stderr._out,
                                 show_progress=not no_progress)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(self.style.SUCCESS(done.message))
