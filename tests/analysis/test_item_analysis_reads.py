"""The item analysis's reads on both backends (first answers only, every learner's stored
conversation, judgment ratings), conversations played through the real widget and read back
choice by choice, and the judgment check's forms, equivalence and effect."""

from __future__ import annotations

import random
import statistics
from collections import Counter, defaultdict
from datetime import datetime, timezone

import pytest

from widgets.actions.analysis import item_analysis, stored_tries
from widgets.actions.learning import answer_scenario, finish_practice
from widgets.analysis.conversation_paths import best_choices
from widgets.analysis.stats import cronbach_alpha, mean_difference, paired_dz
from widgets.content import get_course
from widgets.practice.branching_conversation import BranchingConversation
from widgets.store import Storage

WHEN = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def play(player: BranchingConversation, rng: random.Random) -> tuple[dict, list[int]]:
    """One play-through by random choices: the result as the page keeps it, and the choices."""
    results = []
    player._callbacks = [results.append]
    player.restart()
    made = []
    while not player.finished:
        made.append(rng.randrange(len(player.node.choices)))
        player.choose(made[-1])
    result = results[-1]
    return {"ending": result.ending_id, "meter": result.meter, "used": result.used,
            "missed": result.missed, "path": list(result.path)}, made


def test_the_reads_take_each_first_answer_every_conversation_and_every_rating(database):
    course = get_course()
    storage = Storage(database.target)
    module = course.modules[1]
    scenario = course.scenarios[module.scenarios[0]]
    best = next(o.id for o in scenario.options if o.rating == "best")
    miss = next(o.id for o in scenario.options if o.rating == "miss")
    answer_scenario(storage, "first-wrong", module.id, scenario.id, (miss,), 0.0, False, WHEN)
    answer_scenario(storage, "first-wrong", module.id, scenario.id, (best,), 1.0, True, WHEN)
    answer_scenario(storage, "first-right", module.id, scenario.id, (best,), 1.0, True, WHEN)
    conversation = course.conversations[module.conversation]
    player = BranchingConversation(conversation)
    rng = random.Random(3)
    earlier, _ = play(player, rng)
    later, _ = play(player, rng)
    finish_practice(storage, "first-wrong", module.id, conversation.id, "conversation", earlier)
    finish_practice(storage, "first-wrong", module.id, conversation.id, "conversation", later)
    storage.judgment.record_rating("first-wrong", "before", "a", "item-1", "pause", {"x": 3}, 60)
    storage.judgment.record_rating("first-wrong", "before", "a", "item-1", "pause", {"x": 6}, 90)

    stored = stored_tries(storage, course)
    assert sorted((t.learner_id, t.option_ids, t.score) for t in stored.scenarios) == [
        ("first-right", (best,), 1.0), ("first-wrong", (miss,), 0.0),
    ]
    assert earlier != later
    assert [(p.learner_id, list(p.path), p.meter) for p in stored.conversations] == [
        ("first-wrong", earlier["path"], earlier["meter"])  # the first play, not the later
    ]
    # the learner's own pages still see their latest play-through
    kept = storage.practice.practice_results("first-wrong", conversation.id)
    assert [(r.kind, r.result["path"]) for r in kept] == [("conversation", later["path"])]
    assert [(j.item_id, j.score) for j in stored.judgment] == [("item-1", 60.0)]
    analysis = item_analysis(storage, course, min_tries=1)
    row = analysis.row(scenario.id, "scenario")
    assert (row.tries, row.difficulty) == (2, 0.5)
    assert analysis.row("item-1", "judgment before").difficulty == pytest.approx(0.6)
    storage.close()


def test_conversation_choices_are_read_back_from_the_stored_paths(tmp_path):
    """Sixty learners play each conversation through the real widget; the analysis reads the
    stored paths: every node's tries are the plays through it, best shares are exact, and each
    option's share lies between what is certain and what is possible."""
    course = get_course()
    storage = Storage(tmp_path / "course.sqlite3")
    rng = random.Random(11)
    truth: dict[str, Counter] = defaultdict(Counter)
    best_truth: dict[str, list[float]] = defaultdict(list)
    with storage.transaction():
        for conversation in course.conversations.values():
            player = BranchingConversation(conversation)
            for number in range(60):
                result, made = play(player, rng)
                finish_practice(storage, f"player-{number}", "x", conversation.id,
                                "conversation", result)
                for node, choice in zip(result["path"], made, strict=False):
                    key = f"{conversation.id}/{node}"
                    truth[key][f"choice-{choice + 1}"] += 1
                    best = best_choices(conversation, node)
                    best_truth[key].append(1.0 if choice in best else 0.0)
    analysis = item_analysis(storage, course, min_tries=20)
    rows = analysis.section("conversation")
    assert {row.item_id for row in rows if row.tries} == set(truth)
    for row in rows:
        if not row.tries:
            continue
        assert row.tries == sum(truth[row.item_id].values()), row
        assert row.difficulty == pytest.approx(statistics.fmean(best_truth[row.item_id]))
        for option in row.options:
            real = truth[row.item_id][option.option_id] / row.tries
            upper = option.up_to if option.up_to is not None else option.share
            assert option.share <= real + 1e-9 <= upper + 2e-9, (row.item_id, option)
            if option.dead:
                assert real < 0.05
    assert any(option.up_to is not None for row in rows for option in row.options)
    assert all(row.discrimination is not None for row in rows if row.tries >= 20)
    storage.close()


def rate_through_the_action(storage: Storage, check, rng: random.Random) -> dict:
    """Forty learners take the course's real check through the real action: their form before,
    the other after; an able learner's ratings stray less from the key, and less after."""
    from widgets.actions.judgment import form_for, rate_item
    from widgets.content.judgment import item_score

    scores = {}
    for number in range(40):
        learner, theta = f"judge-{number:02d}", rng.gauss(0, 1)
        for stage, stray in (("before", 1.6), ("after", 1.2)):
            form = form_for(learner, stage)
            row = []
            for item in check.form(form):
                ratings = {o.id: min(6, max(1, round(o.effectiveness + rng.gauss(
                    0, max(0.3, stray - 0.5 * theta))))) for o in item.options}
                assert rate_item(storage, check, learner, stage, item.id, ratings, WHEN) == ""
                row.append(item_score(item.key, tuple(ratings[o.id] for o in item.options)))
            scores[learner, stage] = (form, row)
    first = check.form("a")[:3]
    for item in first:  # a learner who stops half-way: counted, not scored
        ratings = {o.id: 3 for o in item.options}
        if form_for("stopped", "before") == "a":
            rate_item(storage, check, "stopped", "before", item.id, ratings, WHEN)
        else:
            storage.judgment.record_rating("stopped", "before", "a", item.id, item.practice,
                                           ratings, 50.0)
    return scores


def rate_without_content(storage: Storage, rng: random.Random) -> dict:
    """Sixty learners' ratings of items the content does not name (ids as stored)."""
    scores = {}
    items = {form: [f"{form}-item-{i}" for i in range(1, 11)] for form in ("a", "b")}
    for number in range(60):
        learner, theta = f"judge-{number:02d}", rng.gauss(0, 1)
        forms = ("a", "b") if number % 2 else ("b", "a")
        for stage, form, gain in (("before", forms[0], 0), ("after", forms[1], 6)):
            row = []
            for position, item in enumerate(items[form]):
                score = min(100.0, max(0.0, round(
                    55 + gain + 9 * theta + position - 5 + rng.gauss(0, 8), 1)))
                storage.judgment.record_rating(learner, stage, form, item, "pause", {"x": 3},
                                               score)
                row.append(score)
            scores[learner, stage] = (form, row)
    for item in items["a"][:3]:
        storage.judgment.record_rating("stopped", "before", "a", item, "pause", {"x": 1}, 50)
    return scores


@pytest.mark.parametrize("content", ["the course's check", "ids as stored"])
def test_the_judgment_forms_equivalence_and_effect(tmp_path, content):
    """Learners of known ability take one form before and the other after (one stops
    half-way); the summary matches the statistics computed from their scores directly."""
    course = get_course()
    if content == "ids as stored":
        course = course.model_copy(update={"judgment": None})
    elif course.judgment is None:
        pytest.skip("the course has no judgment check")
    rng = random.Random(5)
    storage = Storage(tmp_path / "course.sqlite3")
    with storage.transaction():
        scores = (rate_without_content(storage, rng) if course.judgment is None
                  else rate_through_the_action(storage, course.judgment, rng))
    analysis = item_analysis(storage, course)
    summary = analysis.judgment
    learners = sorted({learner for learner, _ in scores})
    for form in summary.forms:
        rows = [row for (_, stage), (f, row) in scores.items()
                if stage == form.stage and f == form.form]
        assert form.learners == len(rows) > 10
        assert form.mean == pytest.approx(statistics.fmean(statistics.fmean(r) for r in rows))
        assert form.sd == pytest.approx(statistics.stdev(statistics.fmean(r) for r in rows))
        assert form.alpha == pytest.approx(cronbach_alpha(rows))
        assert form.alpha > 0.5
    assert [(f.stage, f.form, f.incomplete) for f in summary.forms if f.incomplete] == [
        ("before", "a", 1)
    ]
    first = {form: [statistics.fmean(scores[name, "before"][1]) for name in learners
                    if scores[name, "before"][0] == form] for form in ("a", "b")}
    difference, low, high = mean_difference(first["a"], first["b"])
    e = summary.equivalence
    assert (e.learners_a, e.learners_b) == (len(first["a"]), len(first["b"]))
    assert (e.difference, e.low, e.high) == pytest.approx((difference, low, high))
    dz, dz_low, dz_high = paired_dz(
        [statistics.fmean(scores[name, "before"][1]) for name in learners],
        [statistics.fmean(scores[name, "after"][1]) for name in learners],
    )
    (effect,) = [found.effect for found in summary.effects if found.end == "after"]
    assert effect.n == len(learners)
    assert (effect.dz, effect.low, effect.high) == pytest.approx((dz, dz_low, dz_high))
    assert effect.low > 0  # the planted gain is found
    items = [row for row in analysis.items if row.section.startswith("judgment") and row.tries]
    assert items and all(row.discrimination is not None for row in items)
    for row in items:  # difficulty: the mean score / 100 of the item at that stage
        stage = row.section.removeprefix("judgment ")
        rated = [r.score for r in storage.judgment.all_ratings()
                 if r.item_id == row.item_id and r.stage == stage]
        assert row.difficulty == pytest.approx(statistics.fmean(rated) / 100)
    storage.close()
