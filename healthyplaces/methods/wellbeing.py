"""Scoring validated wellbeing and loneliness measures from a person's answers.

A measure is described by `Instrument` (its items and their scale, how it is scored, what a missing item
means): the outcomes part builds them from the frameworks' YAML (`data/frameworks/`), so the rules stay data.
`score(instrument, answers)` returns the results and a note; an answer outside its item's scale is refused
with `ScoreRefused` naming the item. No Django here.
"""
from dataclasses import dataclass, field


class ScoreRefused(ValueError):
    """An answer the instrument cannot take: `item` names it (None for the questionnaire as a whole)."""

    def __init__(self, item, reason):
        super().__init__(f"{item}: {reason}" if item else reason)
        self.item, self.reason = item, reason


@dataclass(frozen=True)
class Instrument:
    code: str
    items: tuple  # item ids, in order
    low: int  # each item's lowest and highest value
    high: int
    method: str  # "sum": one total of every item; "each": each item is its own score (ONS4)
    conversion: dict = field(default_factory=dict)  # raw total → reported score (SWEMWBS's metric table)
    total_name: str = "total"  # what the summed score is called in the results ("raw" where it is converted)
    missing_rule: str = "Not scored unless every item is answered."


def _checked(instrument, answers):
    known = set(instrument.items)
    for item in answers:
        if item not in known:
            raise ScoreRefused(item, f"is not an item of {instrument.code}")
    values = {}
    for item in instrument.items:
        value = answers.get(item)
        if value in (None, ""):
            continue
        if isinstance(value, bool) or not isinstance(value, int) and not (isinstance(value, str) and value.isdigit()):
            raise ScoreRefused(item, f"must be a whole number from {instrument.low} to {instrument.high}")
        value = int(value)
        if not instrument.low <= value <= instrument.high:
            raise ScoreRefused(item, f"{value} is outside its scale ({instrument.low} to {instrument.high})")
        values[item] = value
    if not values:
        raise ScoreRefused(None, "No item is answered.")
    return values


def score(instrument, answers):
    """(answers as whole numbers, {what is scored: score}, note). A sum is scored only with every item answered (no
    published rule for these instruments allows a missing item; the note says so); items scored separately are
    scored where answered."""
    values = _checked(instrument, answers)
    missing = [item for item in instrument.items if item not in values]
    if instrument.method == "each":
        note = f"Not answered: {', '.join(missing)} (each question is scored on its own)." if missing else ""
        return values, dict(values), note
    if missing:
        return values, {}, (f"Not scored: {len(missing)} of {len(instrument.items)} items not answered "
                            f"({', '.join(missing)}). {instrument.missing_rule}")
    total = sum(values.values())
    results = {instrument.total_name: total}
    if instrument.conversion:
        results["metric"] = instrument.conversion[total]
    return values, results, ""


def band(value, bands):
    """The band a score falls in: bands are (name, lowest, highest) inclusive; None outside them all."""
    for name, low, high in bands:
        if low <= value <= high:
            return name
    return None
