"""Pure statistics of item analysis, in plain Python (no scipy): an item's difficulty, its
point-biserial and corrected item-total correlations, Cronbach's alpha, the paired effect
size dz with its confidence interval, a difference of two means with Welch's interval, and
Student's t distribution (its CDF from the regularised incomplete beta function, its quantile
by bisection).

Every function takes plain sequences of numbers and returns None where the statistic is not
defined (too few values, no variance), so a caller shows "n/a" rather than a made-up number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: the smallest number of pairs for which :func:`paired_effect` gives an interval
EFFECT_CI_MIN = 10


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean (None for no values)."""
    return sum(values) / len(values) if values else None


def sample_sd(values: Sequence[float]) -> float | None:
    """The sample standard deviation (divisor n - 1; None for fewer than two values)."""
    if len(values) < 2:
        return None
    centre = sum(values) / len(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / (len(values) - 1))


def difficulty(scores: Sequence[float]) -> float | None:
    """An item's difficulty (its facility): the share of first tries that got it right,
    i.e. the mean of 0/1 scores; for an item scored 0 to 1, its mean score."""
    return mean(scores)


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's correlation of two paired sequences (None if fewer than three pairs or
    either has no variance)."""
    if len(x) != len(y):
        raise ValueError("the two sequences must pair up")
    n = len(x)
    if n < 3:
        return None
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def point_biserial(item: Sequence[float], totals: Sequence[float]) -> float | None:
    """The point-biserial correlation of an item's 0/1 scores with the learners' totals (the
    total includes the item itself): Pearson's r with a dichotomous variable, equal to
    ``(M1 - M0) / s_n * sqrt(p * q)``. With an item scored on a scale it is the plain
    item-total correlation."""
    return pearson(item, totals)


def corrected_item_total(item: Sequence[float], rest: Sequence[float]) -> float | None:
    """The corrected item-total correlation: the item's scores against each learner's score
    on the OTHER items (their sum or mean: the correlation is the same), so that the item
    does not correlate with itself. Negative: those who do well elsewhere do worse here (the
    key may be wrong)."""
    return pearson(item, rest)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of complete rows (one learner's scores on every item, in the same
    order): ``k / (k - 1) * (1 - sum of item variances / variance of the totals)``, sample
    variances throughout. None for fewer than two items or learners, or totals that do not
    vary."""
    if len(rows) < 2:
        return None
    k = len(rows[0])
    if k < 2 or any(len(row) != k for row in rows):
        return None
    item_variances = [sample_sd([row[i] for row in rows]) ** 2 for i in range(k)]
    total_sd = sample_sd([sum(row) for row in rows])
    if total_sd is None or total_sd <= 1e-12:
        return None
    return k / (k - 1) * (1 - sum(item_variances) / total_sd**2)


# -- Student's t --------------------------------------------------------------------------


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1."""
    if not 0.0 <= x <= 1.0:
        raise ValueError("x must be between 0 and 1")
    if x in (0.0, 1.0):
        return x
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
        + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (``t_quantile(0.975,
    9)`` is 2.262), by bisection on :func:`t_cdf`."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
        if high > 1e12:
            return math.inf
    for _ in range(200):
        middle = (low + high) / 2.0
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


# -- effects ------------------------------------------------------------------------------


def paired_dz(
    before: Sequence[float], after: Sequence[float], level: float = 0.95
) -> tuple[float, float, float] | None:
    """Cohen's dz of paired scores: ``mean(diff) / sd(diff)`` with ``diff = after - before``,
    and its interval by the approximation free of the noncentral t:
    ``dz ± t((1 + level) / 2, n - 1) * sqrt(1 / n + dz² / (2n))``. Returns ``(dz, low,
    high)``; None for fewer than two pairs or differences that do not vary."""
    if len(before) != len(after):
        raise ValueError("before and after must pair up")
    diffs = [b - a for a, b in zip(before, after, strict=True)]
    n = len(diffs)
    spread = sample_sd(diffs)
    if spread is None or spread <= 1e-12:
        return None
    dz = (sum(diffs) / n) / spread
    half = t_quantile((1.0 + level) / 2.0, n - 1) * math.sqrt(1.0 / n + dz * dz / (2.0 * n))
    return dz, dz - half, dz + half


@dataclass(frozen=True)
class EffectSize:
    """A before/after effect over the learners who took both: how many, the two means, dz
    and its 95% interval (None when there are fewer than :data:`EFFECT_CI_MIN` pairs)."""

    n: int
    mean_before: float | None
    mean_after: float | None
    dz: float | None
    low: float | None
    high: float | None


def paired_effect(before: list[float], after: list[float]) -> EffectSize:
    """The before/after effect size of paired scores (the judgment check's, or a room's):
    dz always when it is defined, its 95% interval only from :data:`EFFECT_CI_MIN` pairs."""
    found = paired_dz(before, after)
    dz, low, high = found if found is not None else (None, None, None)
    if len(before) < EFFECT_CI_MIN:
        low = high = None
    return EffectSize(len(before), mean(before), mean(after), dz, low, high)


def mean_difference(
    first: Sequence[float], second: Sequence[float], level: float = 0.95
) -> tuple[float, float, float] | None:
    """``mean(first) - mean(second)`` with Welch's interval (unequal variances,
    Welch-Satterthwaite degrees of freedom): ``(difference, low, high)``; None when either
    group has fewer than two values or both have no variance."""
    sd1, sd2 = sample_sd(first), sample_sd(second)
    if sd1 is None or sd2 is None:
        return None
    n1, n2 = len(first), len(second)
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    difference = sum(first) / n1 - sum(second) / n2
    if v1 + v2 <= 1e-12:
        return None
    df = (v1 + v2) ** 2 / (
        (v1 * v1 / (n1 - 1) if v1 else 0.0) + (v2 * v2 / (n2 - 1) if v2 else 0.0)
    )
    half = t_quantile((1.0 + level) / 2.0, df) * math.sqrt(v1 + v2)
    return difference, difference - half, difference + half
