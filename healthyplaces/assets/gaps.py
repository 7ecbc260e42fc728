"""Gap analysis: published assets per 1,000 residents in each LSOA of an area, beside deprivation."""
import statistics
from dataclasses import dataclass

from django.db.models import Count

from healthyplaces.places import services as places
from healthyplaces.places.models import DEFAULT_EDITION, Deprivation

from .models import Asset, Category


@dataclass
class GapRow:
    lsoa: object
    population: int | None
    imd_decile: int | None
    counts: dict
    total: int

    @property
    def per_thousand(self):
        return self.total * 1000 / self.population if self.population else None

    def category_per_thousand(self, category):
        return self.counts.get(category, 0) * 1000 / self.population if self.population else None


def gap_analysis(area):
    """Per LSOA of the area: published assets per 1,000 residents by category, beside the IMD decile."""
    lsoas = list(area.lsoas(DEFAULT_EDITION).order_by("code"))
    codes = [lsoa.code for lsoa in lsoas]
    populations = places.populations_by_code(codes)
    deciles = dict(Deprivation.objects.filter(edition=DEFAULT_EDITION, lsoa__in=lsoas).values_list("lsoa__code", "imd_decile"))
    counts = {}
    for code, category, n in (Asset.objects.public().filter(lsoa_code__in=codes)
                              .values_list("lsoa_code", "category").annotate(n=Count("pk")).order_by()):
        counts.setdefault(code, {})[category] = n
    return [GapRow(lsoa, populations.get(lsoa.code), deciles.get(lsoa.code), counts.get(lsoa.code, {}),
                   sum(counts.get(lsoa.code, {}).values())) for lsoa in lsoas]


def high_need_low_asset(rows):
    """LSOAs in the most deprived fifth nationally (IMD decile 1–2) with fewer assets per 1,000 than the area's median."""
    rates = [r.per_thousand for r in rows if r.per_thousand is not None]
    if not rates:
        return []
    median = statistics.median(rates)
    found = [r for r in rows if r.imd_decile in (1, 2) and r.per_thousand is not None and r.per_thousand < median]
    return sorted(found, key=lambda r: (r.per_thousand, r.imd_decile, r.lsoa.code))


GAP_COLUMNS = (["lsoa_code", "lsoa_name", "population_2015", "imd_decile_2019", "assets", "assets_per_1000"]
               + [f"{c}_per_1000" for c in Category.values] + ["high_need_low_asset"])


def gap_csv_rows(rows):
    flagged = {r.lsoa.code for r in high_need_low_asset(rows)}
    for r in rows:
        yield ([r.lsoa.code, r.lsoa.name, r.population, r.imd_decile, r.total, _round(r.per_thousand)]
               + [_round(r.category_per_thousand(c)) for c in Category.values] + ["yes" if r.lsoa.code in flagged else "no"])


def _round(value):
    return None if value is None else round(value, 2)
