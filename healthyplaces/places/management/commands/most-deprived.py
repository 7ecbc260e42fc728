from django.core.management.base import BaseCommand, CommandError

from healthyplaces.exports import write_output
from healthyplaces.places.services import decile_of, rank_of, ranked_lsoas

from ._area_options import add_area_options, resolve


class Command(BaseCommand):
    help = "An area's LSOAs by national deprivation rank, most deprived first."

    def add_arguments(self, parser):
        add_area_options(parser)
        parser.add_argument("--limit", type=int, default=None, help="show only the first N")

    def handle(self, *args, area, edition, domain, format, limit, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more")
        try:
            rows = ranked_lsoas(resolve(area), edition=edition, domain=domain)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if limit:
            rows = rows[:limit]
        columns = ["lsoa_code", "lsoa_name", "local_authority", "rank", "decile"]
        write_output(self.stdout, columns, [
            (r.lsoa.code, r.lsoa.name, r.lsoa.local_authority.name, rank_of(r, domain), decile_of(r, domain))
            for r in rows
        ], format)
