"""Composite indices: an analyst combines LSOA indicators the platform holds into one index (methods.composite_index),
ranks and maps it, compares it with the IMD and exports it. The index is stored as an indicator like any other (its
values are LSOA values, so the indicator page, profiles and API show it), with its method beside it.
"""
from dataclasses import dataclass

import pandas as pd
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from healthyplaces import methods
from healthyplaces.importing import insert, row_of
from healthyplaces.methods.composite import groups_of
from healthyplaces.places.models import DEFAULT_EDITION, Deprivation, Lsoa

from .models import AreaKind, CompositeComponent, CompositeIndex, Indicator, IndicatorValue, Polarity, ValueType

CODE_PREFIX = "composite-"


@dataclass
class Component:
    """An indicator chosen for an index, and how it goes in."""
    indicator: Indicator
    method: str  # CompositeComponent.Method
    direction: int  # +1: a higher value raises the index; -1: lowers it
    weight: float


class IndexRefused(Exception):
    """What is wrong with the choices, as (component's indicator id or None, reason in users' words)."""

    def __init__(self, problems):
        super().__init__("; ".join(reason for _, reason in problems))
        self.problems = problems


def code_for(name):
    return (CODE_PREFIX + slugify(name))[:40]


def candidates():
    """Every indicator, each with `lsoa_period`: the latest period of its LSOA values ("" where it has none)."""
    indicators = list(Indicator.objects.order_by("name"))
    for indicator in indicators:
        indicator.lsoa_period = (_latest_slice(_lsoa_values(indicator)) or ("",))[0]
    return indicators


def _lsoa_values(indicator):
    return IndicatorValue.objects.filter(indicator=indicator, area_kind=AreaKind.LSOA, category_type="", value__isnull=False)


def _latest_slice(values):
    """(period, sex, age) of the latest period, persons and all ages where held; None without values."""
    slices = sorted(set(values.values_list("period_order", "period", "sex", "age")),
                    key=lambda s: (s[0], s[2] == "Persons", s[3] == "All ages"))
    return slices[-1][1:] if slices else None


def latest_lsoa_values(indicator, codes=None):
    """The indicator's LSOA values in its latest period (persons and all ages where held): (period, {code: value})."""
    values = _lsoa_values(indicator)
    if codes is not None:
        values = values.filter(area_code__in=codes)
    latest = _latest_slice(values)
    if latest is None:
        return "", {}
    period, sex, age = latest
    return period, dict(values.filter(period=period, sex=sex, age=age).values_list("area_code", "value"))


def check(name, components, area=None):
    """Every reason the index cannot be built from these choices, as IndexRefused; else the values to use:
    {indicator id: (period, {LSOA code: value})} over the area's LSOAs (all held where no area is given)."""
    problems = []
    if not components:
        problems.append((None, "Choose at least one indicator for the index."))
    held = Indicator.objects.filter(name=name).exclude(code=code_for(name)).first()
    if held is not None:
        problems.append((None, f"An indicator named \u201c{name}\u201d is held already ({held.code}): choose another name."))
    codes = list(area.lsoas(DEFAULT_EDITION).values_list("code", flat=True)) if area is not None else None
    values = {}
    for component in components:
        if not component.weight > 0:
            problems.append((component.indicator.pk, f"{component.indicator.name}: the weight must be more than 0."))
        period, by_lsoa = latest_lsoa_values(component.indicator, codes)
        if not by_lsoa:
            where = f" in {area.name}" if area is not None else ""
            problems.append((component.indicator.pk, f"{component.indicator.name}: no LSOA values are held{where}."))
        elif component.method == CompositeComponent.Method.Z_SCORE and len(set(by_lsoa.values())) < 2:
            problems.append((component.indicator.pk, f"{component.indicator.name}: every LSOA has the same value, "
                                                     "so it cannot be a z-score; rank it, or leave it out."))
        values[component.indicator.pk] = (period, by_lsoa)
    if not problems:
        shared = set.intersection(*(set(v) for _, v in values.values()))
        if len(shared) < 2:
            problems.append((None, "Fewer than two LSOAs have a value for every indicator chosen, so there is nothing "
                                   "to rank: choose indicators held for the same LSOAs."))
    if problems:
        raise IndexRefused(problems)
    return values


def build(name, components, area=None, user=None):
    """Standardise, weight and rank; store the index as an indicator with its method (a re-build of the same name
    replaces it). LSOAs without a value for every component are left out, and counted."""
    values = check(name, components, area)
    table = pd.DataFrame({pk: pd.Series(by_lsoa) for pk, (_, by_lsoa) in values.items()})
    used = table.dropna()
    result = methods.composite_index(used, [c.method for c in components], [c.direction for c in components],
                                     [c.weight for c in components])
    names = dict(Lsoa.objects.filter(vintage=2011, code__in=list(used.index)).values_list("code", "name"))
    now = timezone.localtime()
    with transaction.atomic():
        indicator, _ = Indicator.objects.update_or_create(code=code_for(name), defaults={
            "name": name, "polarity": Polarity.NO_JUDGEMENT, "value_type": ValueType.OTHER,
            "source": "Composite index built on this platform"})
        indicator.values.all().delete()
        insert(IndicatorValue, (row_of(IndicatorValue(
            indicator=indicator, area_code=code, area_type="LSOA", area_kind=AreaKind.LSOA, area_name=names.get(code, code),
            period=f"Built {now:%Y-%m-%d}", period_order=int(f"{now:%Y%m%d}"), value=float(row["index"]),
            value_note=f"Rank {row['rank']} of {len(result)}", computed=True)) for code, row in result.iterrows()))
        index, _ = CompositeIndex.objects.update_or_create(indicator=indicator, defaults={
            "within_code": area.code if area is not None else "", "within_name": area.name if area is not None else "",
            "built_by": user, "lsoas": len(used), "left_out": len(table) - len(used)})
        index.components.all().delete()
        CompositeComponent.objects.bulk_create(CompositeComponent(
            index=index, source=c.indicator, period=values[c.indicator.pk][0], method=c.method, direction=c.direction,
            weight=c.weight) for c in components)
    return index


@dataclass
class Ranked:
    rank: int
    code: str
    name: str
    value: float
    quintile: int  # of the index, 1 = highest
    imd_rank: int | None
    imd_decile: int | None


def ranked(index):
    """The index's LSOAs, highest first, each with its IMD 2019 rank and decile (1 = most deprived)."""
    rows = list(index.indicator.values.filter(area_kind=AreaKind.LSOA).values_list("area_code", "area_name", "value"))
    rows.sort(key=lambda r: (-r[2], r[0]))
    imd = {code: (rank, decile) for code, rank, decile in Deprivation.objects.filter(
        edition=DEFAULT_EDITION, lsoa__vintage=2011, lsoa__code__in=[r[0] for r in rows])
        .values_list("lsoa__code", "imd_rank", "imd_decile")}
    ranks = pd.Series([r[2] for r in rows]).rank(ascending=False, method="min").astype(int).tolist()
    quintiles = groups_of(ranks, len(rows), 5)
    return [Ranked(rank, code, name, value, int(quintile), *imd.get(code, (None, None)))
            for rank, quintile, (code, name, value) in zip(ranks, quintiles, rows)]


def compare_with_imd(rows):
    """How far the index agrees with the IMD: Spearman's correlation of the index's rank with the IMD 2019 rank
    (both 1 = most in need or most deprived, so agreement is positive), and the LSOAs counted by the index's
    quintile against their national IMD quintile."""
    held = [r for r in rows if r.imd_rank is not None]
    if len(held) < 3:
        return None
    rho, p = methods.rank_correlation([r.rank for r in held], [r.imd_rank for r in held])
    table = [[sum(1 for r in held if r.quintile == q and (r.imd_decile + 1) // 2 == d) for d in range(1, 6)]
             for q in range(1, 6)]
    return {"rho": rho, "p": p, "lsoas": len(held), "cross": [{"quintile": q, "counts": counts, "total": sum(counts)}
                                                              for q, counts in enumerate(table, start=1)]}
