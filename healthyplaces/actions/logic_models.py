"""Logic models: how a strategy or programme is meant to work (inputs -> activities -> outputs -> outcomes ->
impact), and the monitoring of its outcome indicators in its area, with inequality at its heart: for each
indicator, actions.monitoring's figures (latest value with its interval, change, local quintiles with the gap and
the slope index of inequality) as a table and as charts drawn on the server. Public: `area_of`, `outcomes`,
`save_logic_model`."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from healthyplaces import charts
from healthyplaces.indicators.models import Indicator, ValueType
from healthyplaces.places.services import Area

from .monitoring import QUINTILES, monitor


@dataclass
class Outcome:
    """One outcome indicator's monitoring in the logic model's area, with its two charts (None when not drawn)."""
    indicator: object
    monitoring: object
    trend: dict | None
    inequality: dict | None


def area_of(logic_model):
    """The places Area its outcomes are followed in."""
    if logic_model.neighbourhood_id:
        hood = logic_model.neighbourhood
        return Area("neighbourhood", hood.slug, hood.name, hood)
    authority = logic_model.local_authority
    return Area("local_authority", authority.code, authority.name, authority)


def _unit(indicator):
    return "" if indicator.value_type == ValueType.OTHER else indicator.get_value_type_display()


def _trend(result, area):
    values = [charts.Value(p.period, p.area.value if p.area else None, p.area.lower if p.area else None,
                           p.area.upper if p.area else None) for p in result.periods]
    if not any(v.value is not None for v in values):
        return None
    return charts.trend(values, (), area.name, "", _unit(result.indicator),
                        title=f"{result.indicator.name}: {area.name} over time, with 95% confidence intervals")


def _inequality(result):
    latest = result.latest
    if latest is None or not latest.quintiles:
        return None
    groups = [charts.Value(q, latest.quintiles[q].value, latest.quintiles[q].lower, latest.quintiles[q].upper)
              for q in QUINTILES if q in latest.quintiles]
    sii = {"value": latest.sii.value, "lower": latest.sii.lower, "upper": latest.sii.upper} if latest.sii else None
    return charts.inequality(groups, sii, "quintile", _unit(result.indicator),
                             title=f"{result.indicator.name} by local deprivation quintile, {latest.period}")


def outcomes(logic_model):
    """[Outcome] for each outcome indicator, in name order."""
    area = area_of(logic_model)
    found = []
    for indicator in logic_model.outcomes.order_by("name"):
        result = monitor(indicator, area)
        for period in result.periods:  # the table's cells, in quintile order, None where not held
            period.quintile_list = [(q, period.quintiles.get(q)) for q in QUINTILES]
        found.append(Outcome(indicator, result, _trend(result, area), _inequality(result)))
    return found


def indicators_from_codes(text):
    """The indicators named by code (one a line, or separated by commas); an unknown code is refused by name."""
    codes = [c.strip() for c in text.replace(",", "\n").splitlines() if c.strip()]
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError({"outcomes": f"No indicator has the code {', '.join(unknown)}: import it first, or "
                                           "check the code."})
    return [found[c] for c in dict.fromkeys(codes)]


@transaction.atomic
def save_logic_model(logic_model, by, *, activities=None, outcomes=None):
    """Check and save a logic model with its actions and outcome indicators (nothing saved when refused)."""
    logic_model.full_clean()
    logic_model.save()
    if activities is not None:
        logic_model.activities.set(activities)
    if outcomes is not None:
        logic_model.outcomes.set(outcomes)
    return logic_model
