from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.exports import write_output
from healthyplaces.importing import ImportRefused
from healthyplaces.places.models import Neighbourhood
from healthyplaces.places.services import NeighbourhoodInvalid, lsoa_codes_from_csv, save_neighbourhood


class Command(BaseCommand):
    help = "Create, list or show neighbourhoods (named sets of 2011 LSOAs)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a neighbourhood")
        create.add_argument("name")
        create.add_argument("--lsoa", nargs="+", default=[], metavar="CODE", help="LSOA 2011 codes")
        create.add_argument("--csv", help="a CSV file with a column lsoa_code")
        create.add_argument("--description", default="")
        create.add_argument("--publish", action="store_true", help="make it visible to everyone")
        sub.add_parser("list", help="list neighbourhoods")
        show = sub.add_parser("show", help="the LSOAs of a neighbourhood")
        show.add_argument("name")
        for p in sub.choices.values():
            p.add_argument("--format", default="table", choices=["table", "csv"])

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _create(self, name, lsoa, csv, description, publish, **options):
        codes = list(lsoa)
        try:
            if csv:
                path = Path(csv)
                if not path.exists():
                    raise CommandError(f"{csv}: file not found")
                codes += lsoa_codes_from_csv(path.read_bytes(), path.name)
            hood = save_neighbourhood(name, codes, description=description, published=publish)
        except (ImportRefused, NeighbourhoodInvalid) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {hood.name!r} ({hood.slug}) with {hood.lsoas.count()} LSOAs."))

    def _list(self, format, **options):
        rows = [(n.slug, n.name, n.lsoas.count(), "yes" if n.published else "no") for n in Neighbourhood.objects.all()]
        write_output(self.stdout, ["slug", "name", "lsoas", "published"], rows, format)

    def _show(self, name, format, **options):
        hood = Neighbourhood.objects.filter(name__iexact=name).first() or Neighbourhood.objects.filter(slug=name).first()
        if hood is None:
            raise CommandError(f"No neighbourhood is called {name!r}.")
        rows = [(l.code, l.name, l.local_authority.name) for l in hood.lsoas.select_related("local_authority")]
        write_output(self.stdout, ["lsoa_code", "lsoa_name", "local_authority"], rows, format)
