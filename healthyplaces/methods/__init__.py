"""Public-health statistics for Healthy Places, in plain numpy/scipy/pandas.

Each function takes a DataFrame (one row per area, or per area and age band)
and optional grouping columns ``by``, computes every group at once, and
returns a DataFrame with the group columns, ``value`` and confidence limits
(``lowercl``/``uppercl``, or ``lower95_0cl``... for two levels) plus the
method's other outputs. The methods and their edge-case rules follow the R
package PHEindicatormethods 2.1.0, whose test data the tests check against.
No Django here: the web app and the command line call in.
"""
from .composite import composite_index, rank_correlation, standardise
from .dsr import dsr
from .esp2013 import ESP2013, ESP2013_STARTAGES
from .funnels import funnel_limits, funnel_points, funnel_significance
from .decomposition import decompose_gap, gap_of
from .gap import gap
from .healthy_life_expectancy import healthy_life_expectancy
from .isr import isr, smr
from .life_expectancy import life_expectancy
from .mean import mean
from .proportion import proportion
from .quantiles import quantiles
from .rate import rate
from .sii import rii, sii

__all__ = [
    "ESP2013", "ESP2013_STARTAGES", "composite_index", "rank_correlation", "standardise",
    "decompose_gap", "dsr", "funnel_limits", "funnel_points", "funnel_significance", "gap", "gap_of",
    "healthy_life_expectancy", "isr", "life_expectancy",
    "mean", "proportion", "quantiles", "rate", "rii", "sii", "smr",
]
