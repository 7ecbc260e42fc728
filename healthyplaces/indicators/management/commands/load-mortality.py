from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from healthyplaces.indicators.importing import ImportRefused, load_ons_mortality


class Command(BaseCommand):
    help = ("Load ONS deaths (all causes) and populations by deprivation decile, sex and 5-year age band, "
            "2001–2015, from data/mortality/ (all or nothing; loading again changes nothing).")

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=str(settings.DATA_DIR / "mortality"),
                            help="folder holding deaths_by_imd.csv and pops_by_imd.csv")

    def handle(self, *args, data_dir, **options):
        try:
            result = load_ons_mortality(data_dir)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(self.style.SUCCESS(f"Loaded deaths and populations by deprivation decile: {result}."))
