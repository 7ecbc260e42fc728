"""Sharing a fund across its lots by need, with the arithmetic shown so a board can agree it (no Django here).

Two ways:

- by population: each lot's share is its residents over all the lots' residents;
- by population weighted by deprivation: each lot's weight is its residents times (1 + the share of them living
  in LSOAs of national IMD deciles 1-2), so a lot where everyone lives in the most deprived fifth of England
  counts double and one with nobody there counts once (proportionate universalism: every place gets something,
  more where need is greater).

Amounts are whole pounds; the pounds left by rounding down go one each to the lots with the largest remainders
(ties to the first lot), so the lots always add up to the fund.
"""
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

BY_POPULATION = "population"
BY_DEPRIVATION = "deprivation"
WAYS = {BY_POPULATION: "By population", BY_DEPRIVATION: "By population weighted by deprivation (IMD deciles 1–2)"}


@dataclass(frozen=True)
class Need:
    name: str
    population: int
    deprived_population: int  # residents of LSOAs in national IMD deciles 1-2


@dataclass(frozen=True)
class Share:
    name: str
    population: int
    deprived_population: int
    deprived_share: Fraction
    weight: Fraction
    share: Fraction
    amount: int
    working: str  # the arithmetic, in words and figures

    @property
    def percent(self):
        return float(self.share * 100)


def allocate(total, needs, way=BY_POPULATION):
    """Share `total` pounds across `needs` (Need per lot), in whole pounds that add up to the total."""
    if way not in WAYS:
        raise ValueError(f"Unknown way to allocate {way!r}: one of {', '.join(WAYS)}.")
    total = int(Decimal(total).to_integral_value(ROUND_FLOOR))
    needs = list(needs)
    deprived = [Fraction(n.deprived_population, n.population) if n.population else Fraction(0) for n in needs]
    weights = [Fraction(n.population) * ((1 + d) if way == BY_DEPRIVATION else 1) for n, d in zip(needs, deprived)]
    whole = sum(weights)
    if not whole:
        raise ValueError("The lots hold no residents, so there is no need to share the fund by.")
    shares = [w / whole for w in weights]
    exact = [s * total for s in shares]
    amounts = [int(x) for x in exact]  # x >= 0: int() rounds down
    left = total - sum(amounts)
    for i in sorted(range(len(needs)), key=lambda i: (-(exact[i] - amounts[i]), i))[:left]:
        amounts[i] += 1
    out = []
    for n, d, w, s, a in zip(needs, deprived, weights, shares, amounts):
        if way == BY_DEPRIVATION:
            working = (f"{n.population:,} residents × (1 + {n.deprived_population:,} / {n.population:,} in deciles 1–2 "
                       f"= {float(d):.4f}) = {float(w):,.1f}; {float(w):,.1f} / {float(whole):,.1f} = {float(s):.4%} "
                       f"of £{total:,} = £{a:,}")
        else:
            working = f"{n.population:,} / {int(whole):,} residents = {float(s):.4%} of £{total:,} = £{a:,}"
        out.append(Share(n.name, n.population, n.deprived_population, d, w, s, a, working))
    return out
