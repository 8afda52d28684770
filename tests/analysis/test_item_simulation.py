"""A seeded simulation: 300 learners of known ability answer a module of the course's real
scenarios through the real action (``answer_scenario``) into a real SQLite store, with a
logistic model of choosing the best option. Two faults are planted: a miskeyed scenario
(able learners prefer a non-best option) and an option nobody picks. The item analysis, read
back through its action, must flag exactly those, and recover every planted difficulty."""

from __future__ import annotations

import math
import random
from datetime import datetime, timezone

import pytest

from widgets.actions.analysis import item_analysis
from widgets.actions.learning import answer_scenario
from widgets.analysis.item_analysis import NEGATIVE, TOO_EASY, TOO_HARD, WEAK
from widgets.content import get_course
from widgets.content.models import Scenario
from widgets.store import Storage

SEED = 29
LEARNERS = 300
SLOPE = 1.7
MODULE = "acknowledge"
MISKEYED = "ack-community-first-intake"  # single, four options
DEAD_IN = "ack-hybrid-no-meeting-proposal"  # single, four options
WHEN = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
#: every distractor of a planted-normal item keeps at least this share (in expectation)
DISTRACTOR_SHARE = 0.12


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def location_for(target: float, abilities: list[float]) -> float:
    """The item location b at which the population's mean P(best) is ``target``."""
    low, high = -6.0, 6.0
    for _ in range(60):
        b = (low + high) / 2
        share = sum(logistic(SLOPE * (theta - b)) for theta in abilities) / len(abilities)
        low, high = (b, high) if share > target else (low, b)
    return (low + high) / 2


def highest_difficulty(scenario: Scenario) -> float:
    """The easiest an item may be planted so every option keeps ~12% of first tries."""
    k = len(scenario.options)
    if scenario.kind == "single":  # wrong answers spread over the k - 1 others
        cap = 1 - DISTRACTOR_SHARE * (k - 1)
    elif scenario.kind == "multiple":  # a wrong answer holds each option about half the time
        cap = 1 - 2 * DISTRACTOR_SHARE
    else:  # a ranking's wrong answers put each option first about 1/k of the time
        cap = 1 - DISTRACTOR_SHARE * k
    return min(0.85, cap)


def wrong_answer(scenario: Scenario, rng: random.Random, avoid: set[int]) -> list[int]:
    """A first try that is not the key (content indices)."""
    k = len(scenario.options)
    if scenario.kind == "single":
        return [rng.choice([i for i, o in enumerate(scenario.options)
                            if o.rating != "best" and i not in avoid])]
    key = scenario.question_kind.key(scenario.options) if scenario.kind == "ranking" else None
    while True:
        if scenario.kind == "ranking":
            order = rng.sample(range(k), k)
            if tuple(order) != tuple(key):
                return order
        else:
            chosen = [i for i in range(k) if rng.random() < 0.5]
            if chosen and scenario.score(chosen) < 1.0:
                return chosen


def best_answer(scenario: Scenario) -> list[int]:
    if scenario.kind == "ranking":
        return list(scenario.question_kind.key(scenario.options))
    return [i for i, o in enumerate(scenario.options) if o.rating == "best"]


def answer(storage: Storage, learner: str, scenario: Scenario, indices: list[int]) -> None:
    score = scenario.score(indices)
    answer_scenario(storage, learner, MODULE, scenario.id, scenario.option_ids(indices), score,
                    score == 1.0, WHEN)


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    course = get_course()
    scenarios = course.module_scenarios(MODULE)
    rng = random.Random(SEED)
    abilities = [rng.gauss(0.0, 1.0) for _ in range(LEARNERS)]
    planted, locations = {}, {}
    for scenario in scenarios:
        planted[scenario.id] = rng.uniform(0.35, highest_difficulty(scenario))
        locations[scenario.id] = location_for(planted[scenario.id], abilities)
    miskeyed = course.scenarios[MISKEYED]
    # the keyed option is chosen by the less able: about 35% of first tries in all
    locations[MISKEYED] = location_for(0.65, abilities)
    keyed = next(i for i, o in enumerate(miskeyed.options) if o.rating == "best")
    # the miskeyed item: able learners prefer this option over the keyed one
    preferred = next(i for i, o in enumerate(miskeyed.options) if o.rating == "miss")
    dead_scenario = course.scenarios[DEAD_IN]
    dead = max(i for i, o in enumerate(dead_scenario.options) if o.rating == "miss")
    storage = Storage(tmp_path_factory.mktemp("simulation") / "course.sqlite3")
    with storage.transaction():  # one process, one commit: every answer through the action
        for number, theta in enumerate(abilities):
            learner = f"sim-{number:03d}"
            for scenario in scenarios:
                if scenario.id == MISKEYED:
                    if rng.random() < logistic(-SLOPE * (theta - locations[MISKEYED])):
                        first = [keyed]
                    elif rng.random() < 0.7:
                        first = [preferred]
                    else:
                        first = wrong_answer(scenario, rng, {preferred})
                else:
                    right = rng.random() < logistic(SLOPE * (theta - locations[scenario.id]))
                    avoid = {dead} if scenario.id == DEAD_IN else set()
                    first = best_answer(scenario) if right else wrong_answer(scenario, rng, avoid)
                answer(storage, learner, scenario, first)
                if scenario.score(first) < 1.0 and rng.random() < 0.3:
                    answer(storage, learner, scenario, best_answer(scenario))  # a second try
    planted[MISKEYED] = None  # planted as a fault, not a difficulty
    analysis = item_analysis(storage, course)
    yield analysis, planted, miskeyed.options[preferred].id, dead_scenario.options[dead].id
    storage.close()


def test_every_first_try_is_read_and_only_the_first(simulated):
    analysis, planted, _, _ = simulated
    rows = [analysis.row(item, "scenario") for item in planted]
    assert [row.tries for row in rows] == [LEARNERS] * len(planted)
    # second tries (all of them best) did not lift any difficulty: see the recovery below
    untouched = [row for row in analysis.section("scenario") if row.item_id not in planted]
    assert untouched and all(row.tries == 0 and not row.flags for row in untouched)


def test_the_planted_difficulties_are_recovered(simulated):
    analysis, planted, _, _ = simulated
    errors = {
        item: analysis.row(item, "scenario").difficulty - target
        for item, target in planted.items() if target is not None
    }
    assert max(abs(error) for error in errors.values()) < 0.1, errors
    assert sum(abs(error) for error in errors.values()) / len(errors) < 0.04, errors


def test_only_the_miskeyed_scenario_is_flagged_for_its_key(simulated):
    analysis, _, preferred, _ = simulated
    flagged = [row.item_id for row in analysis.section("scenario") if NEGATIVE in row.flags]
    assert flagged == [MISKEYED]
    row = analysis.row(MISKEYED, "scenario")
    assert row.discrimination < -0.2 and row.point_biserial < 0
    by_option = {option.option_id: option.share for option in row.options}
    assert by_option[preferred] > max(o.share for o in row.options if o.best)


def test_only_the_dead_option_does_no_work(simulated):
    analysis, _, _, dead = simulated
    found = [
        (row.item_id, option.option_id)
        for row in analysis.section("scenario") for option in row.options if option.dead
    ]
    assert found == [(DEAD_IN, dead)]
    row = analysis.row(DEAD_IN, "scenario")
    assert next(o for o in row.options if o.option_id == dead).share == 0
    assert any(flag.startswith(f"option {dead} does no work") for flag in row.flags)


def test_the_normal_items_carry_no_flag_and_discriminate(simulated):
    analysis, planted, _, _ = simulated
    for item in planted:
        row = analysis.row(item, "scenario")
        if item == MISKEYED:
            continue
        assert not {TOO_EASY, TOO_HARD, WEAK, NEGATIVE} & set(row.flags), row
        assert row.discrimination > 0.2, row
        assert row.point_biserial > row.discrimination  # the item inflates its own total
        if item != DEAD_IN:
            assert row.flags == (), row
            assert min(option.share for option in row.options) >= 0.05, row
