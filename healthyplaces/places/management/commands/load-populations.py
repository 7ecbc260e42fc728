from django.core.management.base import BaseCommand, CommandError

from healthyplaces.importing import ImportRefused
from healthyplaces.places import population_loading


class Command(BaseCommand):
    help = ("Load ONS's small-area (LSOA) mid-year population estimates by sex and age, as ONS publishes them "
            "(the .xlsx, every 'Mid-YYYY' sheet or --year's; or one sheet saved as CSV with --year), replacing "
            "those held for the years loaded; all or nothing, with line-numbered errors. Deaths imported by LSOA "
            "without a population column take these.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="e.g. sapelsoasyoa20222024.xlsx")
        parser.add_argument("--year", type=int, help="only this mid-year (a CSV: the mid-year it holds)")
        parser.add_argument("--sex", choices=["male", "female"], default="",
                            help="a CSV of ONS's older layout (a sheet per sex): whose ages it gives")

    def handle(self, *args, file, year, sex, **options):
        try:
            rows, loaded = population_loading.load_file(file, year, sex)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        except FileNotFoundError:
            raise CommandError(f"{file}: file not found") from None
        said = ", ".join(f"mid-{y} (LSOA {v})" for v, y in loaded)
        self.stdout.write(self.style.SUCCESS(f"Loaded {rows:,} populations by LSOA, sex and age band: {said}."))
