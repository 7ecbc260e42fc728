from django.core.management.base import BaseCommand, CommandError

from healthyplaces.exports import write_output
from healthyplaces.places.services import deprivation_summary

from ._area_options import add_area_options, resolve


class Command(BaseCommand):
    help = "How many of an area's LSOAs are in national decile 1 and deciles 1–2, and who lives there."

    def add_arguments(self, parser):
        add_area_options(parser)
        parser.add_argument("--all-domains", action="store_true", help="every domain of the edition, not just --domain")

    def handle(self, *args, area, edition, domain, format, all_domains, **options):
        try:
            summaries = deprivation_summary(resolve(area), edition=edition, domains=None if all_domains else [domain])
        except ValueError as error:
            raise CommandError(str(error)) from None
        columns = ["domain", "lsoas", "decile_1", "decile_1_share", "deciles_1_2", "deciles_1_2_share",
                   "population", "decile_1_population", "deciles_1_2_population", "mean_rank", "population_weighted_rank"]
        write_output(self.stdout, columns, [
            (s.domain, s.lsoa_count, s.decile1_count, f"{s.decile1_share:.3f}", s.decile1_2_count,
             f"{s.decile1_2_share:.3f}", s.population, s.decile1_population, s.decile1_2_population,
             f"{s.mean_rank:.1f}", "" if s.population_weighted_rank is None else f"{s.population_weighted_rank:.1f}")
            for s in summaries
        ], format)
