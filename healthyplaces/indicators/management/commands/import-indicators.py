from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.indicators.forms import GROUP_KINDS, METHODS
from healthyplaces.indicators.importing import ImportRefused, run_import
from healthyplaces.indicators.models import Polarity


class Command(BaseCommand):
    help = ("Import a Fingertips export, a file of counts, or deaths and populations (all or nothing; "
            "the same service as the import page).")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["fingertips", "counts", "mortality"])
        parser.add_argument("file")
        parser.add_argument("--polarity", choices=Polarity.values,
                            help="whether a higher value is better (high, low or none); by default as the file's own "
                                 "'Compared to England' column shows, else as already held")
        parser.add_argument("--method", choices=[m for m, _ in METHODS], default="proportion",
                            help="counts: how the value is computed")
        parser.add_argument("--name", default="", help="mortality: the data set's name")
        parser.add_argument("--group-kind", choices=[g for g, _ in GROUP_KINDS], default="decile",
                            help="mortality: the group column holds deciles or area codes")
        parser.add_argument("--authority", default="",
                            help="mortality by LSOA: the local authority (code or name) every LSOA must lie in")

    def handle(self, *args, kind, file, polarity, method, name, group_kind, authority, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: file not found")
        try:
            result = run_import(kind, path.read_bytes(), path.name, polarity=polarity, method=method,
                                dataset_name=name, group_kind=group_kind, authority=authority)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        for problem in getattr(result, "left_out", []):
            self.stderr.write(self.style.WARNING(str(problem)))
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {result}."))
