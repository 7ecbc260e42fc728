"""A programme's figures: shares with Wilson intervals, paired change with a paired t and a bootstrap interval,
the share improving by a measure's meaningful change, and small-number suppression. No Django here.

Suppression, for anything shared beyond the programme (`suppress`): a count under 5 is not shown, nor is the
rest of its group (the group's size less the count) when that is under 5, nor any share, mean or interval built
on them; a group of under 5 people shows nothing. Then, so that no hidden count can be worked out by subtraction
from a total: wherever exactly one group of a split (the groups that add up to the programme's total, such as sex)
has a figure hidden, the smallest shown group's figure is hidden too.
"""
from dataclasses import dataclass

import numpy as np
from scipy.special import stdtrit

from ._confidence import wilson_lower, wilson_upper

THRESHOLD = 5
RULE = ("Counts under 5 are not shown, nor the rest of a group when that is under 5, nor any share, mean or "
        "interval built on them; where only one group of a split would be hidden, the next smallest is hidden too, "
        "so no hidden count can be worked out by subtracting the others from the total.")


@dataclass
class Share:
    count: int | None
    n: int | None
    share: float | None = None
    lower: float | None = None
    upper: float | None = None
    hidden: bool = False


def share(count, n, confidence=0.95):
    """The share count/n with its Wilson score interval (None with n = 0)."""
    if not n:
        return Share(int(count), int(n))
    return Share(int(count), int(n), count / n, float(wilson_lower(count, n, confidence)),
                 float(wilson_upper(count, n, confidence)))


@dataclass
class Change:
    n: int
    first: float | None = None  # mean of the first scores
    last: float | None = None
    change: float | None = None  # mean of last - first
    t_lower: float | None = None
    t_upper: float | None = None
    boot_lower: float | None = None
    boot_upper: float | None = None
    improved: int | None = None  # people whose change is at least the meaningful change, in the better direction
    improved_share: Share | None = None
    hidden: bool = False


RESAMPLES = 1000
SEED = 16


def paired_change(first, last, *, meaningful_change, higher_is_better=True, confidence=0.95,
                  resamples=RESAMPLES, seed=SEED):
    """Mean change from first to last score of the same people, with the paired t interval and a percentile bootstrap
    interval (resampling people, `resamples` times from a fixed seed, so the same data gives the same interval), and
    how many improved by at least `meaningful_change` in the better direction. One person gives no interval."""
    first, last = np.asarray(first, dtype=float), np.asarray(last, dtype=float)
    n = len(first)
    if n == 0:
        return Change(0)
    difference = last - first
    mean = float(difference.mean())
    better = difference if higher_is_better else -difference
    improved = int((better >= meaningful_change - 1e-9).sum())
    found = Change(n, float(first.mean()), float(last.mean()), mean, improved=improved,
                   improved_share=share(improved, n, confidence))
    if n < 2:
        return found
    sd = float(difference.std(ddof=1))
    half = abs(float(stdtrit(n - 1, (1 - confidence) / 2))) * sd / np.sqrt(n)
    found.t_lower, found.t_upper = float(mean - half), float(mean + half)
    rng = np.random.default_rng(seed)
    means = difference[rng.integers(0, n, size=(resamples, n), dtype=np.int32)].mean(axis=1)
    tail = (1 - confidence) / 2 * 100
    found.boot_lower, found.boot_upper = (float(v) for v in np.percentile(means, [tail, 100 - tail]))
    return found


def hide_share(figure):
    figure.count = figure.share = figure.lower = figure.upper = None
    figure.hidden = True


def hide_change(figure):
    for name in ("first", "last", "change", "t_lower", "t_upper", "boot_lower", "boot_upper", "improved"):
        setattr(figure, name, None)
    if figure.improved_share is not None:
        hide_share(figure.improved_share)
    figure.hidden = True


def small(count, n):
    """Would showing count of n reveal a small number: the count, or the rest of its group, under 5?"""
    return count < THRESHOLD or n - count < THRESHOLD


def suppress(groups, *, partition):
    """Suppress one split's groups in place. `groups` is a list of dicts, each with "n" (its people) and figures:
    Share or Change values under any other keys. `partition`: the groups add up to the total shown beside them (so
    one hidden figure among them could be worked out by subtraction, and a second is hidden with it)."""
    for group in groups:
        if group["n"] is not None and group["n"] < THRESHOLD:
            group["n"] = None
            group["hidden"] = True
        for key, figure in group.items():
            if isinstance(figure, Share) and not figure.hidden and (group.get("hidden") or small(figure.count, figure.n)):
                hide_share(figure)
            elif isinstance(figure, Change) and not figure.hidden:
                if group.get("hidden") or figure.n < THRESHOLD:
                    hide_change(figure)
                elif figure.improved_share is not None and small(figure.improved, figure.n):
                    _hide_improved(figure)
    if not partition:
        return groups
    # the groups' sizes, then each figure across the groups: never exactly one hidden
    _second(groups, lambda g: g.get("hidden"), lambda g: g["n"], _hide_group)
    keys = {key for group in groups for key, figure in group.items() if isinstance(figure, (Share, Change))}
    for key in sorted(keys):
        figures = [group[key] for group in groups if key in group]
        if isinstance(figures[0], Share):
            _second(figures, lambda f: f.hidden, lambda f: f.count, hide_share)
        else:
            _second(figures, lambda f: f.hidden, lambda f: f.n, hide_change)
            with_share = [f for f in figures if f.improved_share is not None]
            _second(with_share, lambda f: f.improved_share.hidden, lambda f: f.improved, _hide_improved)
    return groups


def _hide_improved(figure):
    hide_share(figure.improved_share)
    figure.improved = None


def _hide_group(group):
    group["n"], group["hidden"] = None, True
    for figure in group.values():
        if isinstance(figure, Share):
            hide_share(figure)
        elif isinstance(figure, Change):
            hide_change(figure)


def _second(items, is_hidden, size, hide):
    """Where exactly one item is hidden, hide the smallest shown one too."""
    hidden = [item for item in items if is_hidden(item)]
    shown = [item for item in items if not is_hidden(item)]
    if len(hidden) == 1 and shown:
        hide(min(shown, key=lambda item: size(item) if size(item) is not None else 0))
