"""What every indicator import shares: the strict CSV file, area codes, period order and the write of values."""
import re
from dataclasses import dataclass, field

from django.db import transaction

from healthyplaces.accounts import audit
from healthyplaces.importing import Written, upsert

from .. import areas
from ..models import Indicator, IndicatorValue

AREA_CODE = re.compile(r"^[EWSNK]\d{8}$")
STARTAGES = [0, 1, *range(5, 95, 5)]  # the 20 life table bands: <1, 1-4, 5-9 … 85-89, 90+
MAX_ROWS = 250_000  # rows of one uploaded file; a 10 MB Fingertips export holds about 30,000


@dataclass
class ImportResult(Written):
    """The values written, the indicators (or the mortality data set) they belong to, and the lines left out."""

    indicators: list = field(default_factory=list)
    left_out: list = field(default_factory=list)  # a Problem for each line refused on its own

    def __str__(self):
        written = super().__str__()
        if not self.left_out:
            return written
        lines = len(self.left_out)
        return f"{written}; {lines} line{'s' if lines != 1 else ''} left out"


def _period_order(period, sortable=None):
    """Time order of a period label: Fingertips' sortable form where given, else its first year."""
    if sortable:
        try:
            return int(float(sortable))
        except ValueError:
            pass
    years = re.findall(r"\d{2,4}", period)
    if not years:
        return 0
    first = int(years[0])
    last = int(years[1]) if len(years) > 1 else 0
    return first * 10000 + last


def _resolve_areas(table, keyed, problems):
    """{code: (kind, name)} for each row's (line, code, area type); unknown codes become problems."""
    known = areas.resolve(code for _, code, _ in keyed)
    result = {}
    for line, code, area_type in keyed:
        if not AREA_CODE.match(code):
            problems.add(table.name, line, f"{code!r} is not an area code")
        elif code not in known:
            problems.add(table.name, line, f"unknown area code {code}: no England, region, local authority, "
                         "ward, MSOA or LSOA has it")
        else:
            kind = areas.choose_kind(known[code], area_type)
            result[(code, area_type)] = (kind, known[code][kind])
    return result


def _indicator_named(table, names, line, code, name, columns):
    """Whether the row gives its indicator's id and name; one id must have one name on every line."""
    if not code or not name:
        table.problems.add(table.name, line, f"{columns[0]!r} and {columns[1]!r} must not be blank")
        return False
    if names.setdefault(code, (name, line))[0] != name:
        table.problems.add(table.name, line, f"indicator {code} is named {name!r} here but "
                           f"{names[code][0]!r} on line {names[code][1]}")
    return True


def _check_unique(table, keyed):
    seen = {}
    for line, key in keyed:
        if key in seen:
            table.problems.add(table.name, line, "duplicate row: the same indicator, area, sex, age, category and "
                               f"period as line {seen[key]}")
        else:
            seen[key] = line


@transaction.atomic
def write_values(indicators, rows, *, polarity=None, source="", user=None):
    """Upsert indicators and values in one transaction; a row identical to what is held is left alone.

    The indicators are saved one by one, so their changes are audited as an edit's are; the values go
    through the shared upsert."""
    with audit.acting_as(user or audit.current_actor()):
        held = {}
        for code, details in indicators.items():
            indicator = Indicator.objects.filter(code=code).first()
            wanted = {"name": details["name"], "value_type": details["value_type"], "per": details.get("per"),
                      "value_type_note": details.get("value_type_note", ""), "source": source}
            if polarity or details.get("polarity"):
                wanted["polarity"] = polarity or details["polarity"]  # as asked, else as the file's comparisons show
            if indicator is None:
                indicator = Indicator.objects.create(code=code, **wanted)
            elif any(getattr(indicator, k) != v for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(indicator, k, v)
                indicator.save()
            held[code] = indicator
        key = ["indicator_id", "area_code", "area_type", "sex", "age", "category_type", "category", "period"]
        data = ["area_kind", "area_name", "period_order", "value", "lower_ci", "upper_ci", "count", "denominator",
                "value_note", "computed", "published_comparison"]
        values = [{"indicator_id": held[row["indicator"]].pk, **{f: row.get(f, "") if f == "published_comparison"
                                                                 else row[f] for f in key[1:] + data}} for row in rows]
        written = upsert(IndicatorValue, values, key=key, held=IndicatorValue.objects.filter(indicator__in=held.values()))
        if written.created or written.updated:
            audit.record("import", "indicators.IndicatorValue", "", ", ".join(held),
                         {"created": [None, written.created], "updated": [None, written.updated]})
    return ImportResult(written.created, written.updated, written.unchanged, indicators=list(held.values()))
