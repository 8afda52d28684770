"""The item analysis's statistics against a case computed by hand, and Student's t against
the printed tables."""

from __future__ import annotations

import math

import pytest

from widgets.analysis.item_analysis import NEGATIVE, ScenarioTry, StoredTries, analyse
from widgets.analysis.stats import (
    corrected_item_total,
    cronbach_alpha,
    difficulty,
    mean_difference,
    paired_dz,
    paired_effect,
    pearson,
    point_biserial,
    t_cdf,
    t_quantile,
)
from widgets.content import get_course

# Six learners, four items, 0/1 (rows: learners L1..L6; columns: items 1..4):
#
#        i1 i2 i3 i4 | total T | rest of i1 = T - i1 | rest of i4 = T - i4
#   L1    1  1  1  1 |    4    |         3           |         3
#   L2    1  1  1  0 |    3    |         2           |         3
#   L3    1  1  0  0 |    2    |         1           |         2
#   L4    1  0  1  0 |    2    |         1           |         2
#   L5    0  1  0  0 |    1    |         1           |         1
#   L6    0  0  0  0 |    0    |         0           |         0
MATRIX = [
    [1, 1, 1, 1],
    [1, 1, 1, 0],
    [1, 1, 0, 0],
    [1, 0, 1, 0],
    [0, 1, 0, 0],
    [0, 0, 0, 0],
]
TOTALS = [sum(row) for row in MATRIX]

# Difficulty: i1 4/6, i2 4/6, i3 3/6, i4 1/6.
#
# Point-biserial of i1 with T: r = (M1 - M0) / s_n * sqrt(p q), with M1 = (4+3+2+2)/4 = 2.75,
# M0 = (1+0)/2 = 0.5, mean T = 2, s_n = sqrt((4+1+0+0+1+4)/6) = sqrt(10/6), p = 4/6, q = 2/6:
# r = 2.25 * sqrt(6/10) * sqrt(8/36) = 0.75 * sqrt(1.2) = 0.821584.
# Of i4: M1 = 4, M0 = (3+2+2+1+0)/5 = 1.6, p = 1/6: r = 2.4 * sqrt(6/10) * sqrt(5)/6
# = 0.4 * sqrt(3) = 0.692820.
PB_1, PB_4 = 0.75 * math.sqrt(1.2), 0.4 * math.sqrt(3)
# Corrected item-total of i1 (x = i1, R = rest): mean x = 2/3, mean R = 8/6;
# deviations x: 1/3 (x4), -2/3 (x2); R: 5/3, 2/3, -1/3, -1/3, -1/3, -4/3;
# Sxy = (5 + 2 - 1 - 1)/9 + (2 + 8)/9 = 15/9 = 5/3; Sxx = 4/9 + 8/9 = 4/3;
# Syy = (25 + 4 + 1 + 1 + 1 + 16)/9 = 16/3; r = (5/3) / sqrt(4/3 * 16/3) = (5/3)/(8/3) = 0.625.
# Of i4: mean x = 1/6, mean R = 11/6; deviations x: 5/6, -1/6 (x5); R: 7/6, 7/6, 1/6, 1/6,
# -5/6, -11/6; Sxy = 35/36 + (-1/6)(7 + 1 + 1 - 5 - 11)/6 = 35/36 + 7/36 = 7/6;
# Sxx = 25/36 + 5/36 = 5/6; Syy = (49 + 49 + 1 + 1 + 25 + 121)/36 = 41/6;
# r = (7/6) / sqrt(5/6 * 41/6) = 7 / sqrt(205) = 0.488901.
CIT_1, CIT_4 = 0.625, 7 / math.sqrt(205)
# Cronbach's alpha: item variances (n - 1 = 5): i1 (4 ones) (4/9 + 8/9)/5 = 4/15, i2 4/15,
# i3 (3 ones) 6/4/5 = 3/10, i4 (1 one) (25/36 + 5/36)/5 = 1/6; sum = (8+8+9+5)/30 = 1.
# Var T = (4+1+0+0+1+4)/5 = 2. alpha = 4/3 * (1 - 1/2) = 2/3.
ALPHA = 2 / 3

# Paired dz: differences after - before = 2, 4, 6, 8, 10, 6: mean 6, deviations -4, -2, 0, 2,
# 4, 0, SS = 40, sd = sqrt(40/5) = sqrt(8); dz = 6 / sqrt(8) = 3/sqrt(2) = 2.121320.
# CI: t(0.975, 5) = 2.570582; half = 2.570582 * sqrt(1/6 + 4.5/12) = 2.570582 * sqrt(0.541667)
# = 2.570582 * 0.735980 = 1.891897; [0.229423, 4.013217].
BEFORE = [50, 52, 54, 56, 58, 60]
AFTER = [52, 56, 60, 64, 68, 66]
DZ = 3 / math.sqrt(2)
HALF = 2.5705818 * math.sqrt(1 / 6 + DZ**2 / 12)


def column(index: int) -> list[int]:
    return [row[index] for row in MATRIX]


def test_difficulty_point_biserial_and_corrected_item_total_by_hand():
    assert [difficulty(column(i)) for i in range(4)] == pytest.approx([4 / 6, 4 / 6, 3 / 6, 1 / 6])
    i1, i4 = column(0), column(3)
    assert point_biserial(i1, TOTALS) == pytest.approx(PB_1)
    assert point_biserial(i4, TOTALS) == pytest.approx(PB_4)
    rest_1 = [t - x for t, x in zip(TOTALS, i1, strict=True)]
    rest_4 = [t - x for t, x in zip(TOTALS, i4, strict=True)]
    assert corrected_item_total(i1, rest_1) == pytest.approx(CIT_1)
    assert corrected_item_total(i4, rest_4) == pytest.approx(CIT_4)
    # the rest as a mean over the other three items: the same correlation
    assert corrected_item_total(i1, [r / 3 for r in rest_1]) == pytest.approx(CIT_1)
    # the correction matters: the item against a total holding it correlates more
    assert point_biserial(i1, TOTALS) > corrected_item_total(i1, rest_1)


def test_cronbach_alpha_by_hand():
    assert cronbach_alpha(MATRIX) == pytest.approx(ALPHA)
    assert cronbach_alpha([[1, 2], [1, 2]]) is None  # totals that do not vary
    assert cronbach_alpha([[1, 2, 3]]) is None


def test_paired_dz_and_its_interval_by_hand():
    dz, low, high = paired_dz(BEFORE, AFTER)
    assert dz == pytest.approx(DZ)
    assert (low, high) == pytest.approx((DZ - HALF, DZ + HALF), abs=1e-6)
    assert (low, high) == pytest.approx((0.229423, 4.013217), abs=1e-6)
    effect = paired_effect(BEFORE, AFTER)  # six pairs: dz, but no interval under ten
    assert (effect.n, effect.dz, effect.low, effect.high) == (6, pytest.approx(DZ), None, None)
    assert (effect.mean_before, effect.mean_after) == (55, 61)


def test_paired_effect_has_an_interval_from_ten_pairs():
    before = [40.0 + i for i in range(10)]
    diffs = [1, 3, 2, 5, 4, 0, 6, 2, 3, 4]
    effect = paired_effect(before, [b + d for b, d in zip(before, diffs, strict=True)])
    m = sum(diffs) / 10
    sd = math.sqrt(sum((d - m) ** 2 for d in diffs) / 9)
    dz = m / sd
    half = 2.262157 * math.sqrt(1 / 10 + dz * dz / 20)
    assert effect.n == 10 and effect.dz == pytest.approx(dz)
    assert (effect.low, effect.high) == pytest.approx((dz - half, dz + half), abs=1e-5)
    assert paired_effect([1.0, 2.0], [2.0, 3.0]).dz is None  # differences that do not vary
    assert paired_effect([], []).n == 0


def test_t_quantile_against_the_tables():
    assert t_quantile(0.975, 9) == pytest.approx(2.262, abs=5e-4)
    assert t_quantile(0.975, 29) == pytest.approx(2.045, abs=5e-4)
    assert t_quantile(0.975, 1) == pytest.approx(12.706, abs=5e-4)
    assert t_quantile(0.975, 5) == pytest.approx(2.571, abs=5e-4)
    assert t_quantile(0.995, 2) == pytest.approx(9.925, abs=5e-4)
    assert t_quantile(0.95, 120) == pytest.approx(1.658, abs=5e-4)
    assert t_quantile(0.025, 9) == pytest.approx(-2.262, abs=5e-4)
    assert t_quantile(0.6, 2) == pytest.approx(1 / math.sqrt(12))  # exact for two df
    assert t_cdf(1.0, 1) == pytest.approx(0.75)  # Cauchy
    assert t_cdf(0.0, 7) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        t_quantile(1.0, 3)


def test_welch_difference_of_means():
    # a = 1, 2, 3 (mean 2, var 1); b = 2, 4, 6 (mean 4, var 4): se = sqrt(1/3 + 4/3);
    # df = (5/3)^2 / ((1/3)^2/2 + (4/3)^2/2) = 50/17
    difference, low, high = mean_difference([1, 2, 3], [2, 4, 6])
    half = t_quantile(0.975, 50 / 17) * math.sqrt(5 / 3)
    assert difference == -2 and (low, high) == pytest.approx((-2 - half, -2 + half))
    assert mean_difference([1], [2, 3]) is None


def test_pearson_is_undefined_without_variance_or_pairs():
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1, 2], [1, 2]) is None
    with pytest.raises(ValueError):
        pearson([1, 2, 3], [1, 2])


def test_the_analysis_of_stored_first_tries_gives_the_hand_computed_values():
    """The same six learners answering four of the course's single-choice scenarios at their
    first try: the best option for a 1, a missing one for a 0."""
    course = get_course()
    scenarios = [s for s in course.scenarios.values()
                 if s.kind == "single" and len(s.options) == 4][:4]
    tries = []
    for learner, row in enumerate(MATRIX):
        for scenario, right in zip(scenarios, row, strict=True):
            option = next(o for o in scenario.options
                          if (o.rating == "best") == bool(right) and o.rating != "partial")
            tries.append(ScenarioTry(f"L{learner + 1}", scenario.id, (option.id,), float(right)))
    analysis = analyse(course, StoredTries(scenarios=tries), min_tries=6)
    rows = [analysis.row(s.id, "scenario") for s in scenarios]
    assert [row.tries for row in rows] == [6, 6, 6, 6]
    assert [row.difficulty for row in rows] == pytest.approx([4 / 6, 4 / 6, 3 / 6, 1 / 6])
    assert rows[0].discrimination == pytest.approx(CIT_1)
    assert rows[3].discrimination == pytest.approx(CIT_4)
    assert rows[0].point_biserial == pytest.approx(PB_1)
    assert rows[3].point_biserial == pytest.approx(PB_4)
    best = next(o for o in rows[0].options if o.best)
    assert best.share == pytest.approx(4 / 6) and not best.dead
    assert sum(o.share for o in rows[0].options) == pytest.approx(1.0)
    assert not any(NEGATIVE in row.flags for row in rows)
    # the item nobody but L1 got right is too hard (under 0.2) once six tries count
    assert "too hard" in rows[3].flags
    # under the minimum number of tries, the same rows carry no flag
    fewer = analyse(course, StoredTries(scenarios=tries), min_tries=7)
    assert all(not fewer.row(s.id, "scenario").flags for s in scenarios)
    assert "not flagged" in fewer.row(scenarios[3].id, "scenario").note
