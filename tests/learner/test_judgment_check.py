"""The judgment check's actions on a real temporary store (SQLite and PostgreSQL): the forms
counterbalanced per learner, every rule of rating an item (the learner's form, a rating of
each response 1 to 6, the first try counts, the before-check closed once the after-check
starts, the follow-up 21 days after the after-check), the finished check's xAPI statement,
and the learner's summary beside the self-assessment. The check is built by
tests/judgment_checks.py: two forms of ten items, two per practice, matched pairs in
different settings."""

from __future__ import annotations

import random
import statistics
from datetime import datetime, timedelta, timezone

import pytest
from judgment_checks import course_with_check, hand_score, items_of, practice_means, rate, take

from widgets.actions.judgment import (
    form_for,
    form_order,
    judgment_summary,
    learner_checks,
    rate_item,
)
from widgets.actions.learning import rate_oneself
from widgets.content.judgment import item_score
from widgets.reporting.config import load_config
from widgets.reporting.reporter import CourseReporter
from widgets.store import Storage

SETTINGS = {"MICROMOMENTS_LRS_URL": "http://lrs.example", "MICROMOMENTS_LRS_USERNAME": "u",
            "MICROMOMENTS_LRS_PASSWORD": "p"}


@pytest.fixture(scope="module")
def course():
    return course_with_check()


@pytest.fixture(scope="module")
def check(course):
    return course.judgment


# -- forms ----------------------------------------------------------------------------------


def test_each_learner_keeps_a_form_order_and_half_take_form_a_first():
    learners = [f"web-{n:04d}-{n * 7919 % 1000}" for n in range(400)]
    orders = [form_order(learner) for learner in learners]
    assert set(orders) == {("a", "b"), ("b", "a")}
    assert [form_order(learner) for learner in learners] == orders  # fixed per learner
    a_first = sum(order == ("a", "b") for order in orders)
    assert 0.4 * 400 <= a_first <= 0.6 * 400
    for learner, (first, second) in zip(learners, orders, strict=True):
        assert form_for(learner, "before") == first
        assert form_for(learner, "after") == second
        assert form_for(learner, "follow-up") == first


def test_the_check_as_read_follows_the_learners_forms(database, check):
    storage = Storage(database.target)
    for learner in ("web-1", "web-2", "web-3", "web-4"):
        first, second = form_order(learner)
        checks = learner_checks(storage, check, learner)
        assert [checks[s].form for s in ("before", "after", "follow-up")] == [
            first, second, first]
        assert checks["after"].items == check.form(second)


# -- rating an item -------------------------------------------------------------------------


def test_a_rating_is_kept_with_its_score_in_option_order(database, check):
    storage = Storage(database.target)
    learner = "web-keeps"
    item = items_of(check, learner, "before")[0]
    values = (4, 3, 2, 1)
    sent = {o.id: v for o, v in reversed(list(zip(item.options, values, strict=True)))}
    assert rate_item(storage, check, learner, "before", item.id, sent) == ""
    [kept] = storage.judgment.ratings_of(learner)
    assert (kept.stage, kept.form, kept.item_id, kept.practice) == (
        "before", form_for(learner, "before"), item.id, item.practice)
    assert kept.ratings == sent
    assert kept.score == pytest.approx(hand_score(item.key, values))
    assert kept.score == pytest.approx(item_score(item.key, values))
    # (6, 3, 1, 4) against 4, 3, 2, 1 is 6/4 points off: 70; form B's (4, 1, 3, 6): 60
    assert kept.score == pytest.approx(70.0 if item.key == (6, 3, 1, 4) else 60.0)
    assert database.count("judgment_ratings") == 1


def test_what_is_not_a_rating_of_the_learners_item_is_refused(database, check):
    storage = Storage(database.target)
    learner = "web-refused"
    item = items_of(check, learner, "before")[0]
    other = check.form(form_for(learner, "after"))[0]
    full = {o.id: 3 for o in item.options}
    assert rate(storage, check, learner, "before", other, (3,) * len(other.options)) == (
        "That item is not in your check.")
    missing = dict(list(full.items())[1:])
    extra = {**full, "o9": 3}
    for ratings in (missing, extra, {}, {**full, 1: 3}, None, [3] * len(full)):
        assert rate_item(storage, check, learner, "before", item.id, ratings) == (
            "Rate every response before going on.")
    for bad in (0, 7, True, "3", 3.0, None, -1):
        ratings = {**full, item.options[-1].id: bad}
        assert rate_item(storage, check, learner, "before", item.id, ratings) == (
            "Each rating is a number from 1 to 6."), bad
    assert rate_item(storage, check, learner, "during", item.id, full) == (
        "That is not a stage of the judgment check.")
    assert database.count("judgment_ratings") == 0
    assert learner_checks(storage, check, learner)["before"].rated == {}


def test_the_first_rating_of_an_item_at_a_stage_counts(database, check):
    storage = Storage(database.target)
    learner = "web-first"
    item = items_of(check, learner, "before")[1]
    assert rate(storage, check, learner, "before", item, (1, 2, 3, 4, 5)) == ""
    assert rate(storage, check, learner, "before", item, (6, 6, 6, 6, 6)) == ""
    [kept] = storage.judgment.ratings_of(learner)
    assert kept.ratings == {"o1": 1, "o2": 2, "o3": 3, "o4": 4, "o5": 5}
    assert kept.score == pytest.approx(hand_score(item.key, (1, 2, 3, 4, 5)))


def test_the_before_check_closes_once_the_after_check_has_a_rating(database, check):
    storage = Storage(database.target)
    learner = "web-closing"
    before, after = items_of(check, learner, "before"), items_of(check, learner, "after")
    assert rate(storage, check, learner, "before", before[0], before[0].key) == ""
    assert rate(storage, check, learner, "after", after[0], after[0].key) == ""
    why = rate(storage, check, learner, "before", before[1], before[1].key)
    assert why.startswith("The before-check is closed")
    assert rate(storage, check, learner, "after", after[1], after[1].key) == ""
    kept = [(r.stage, r.item_id) for r in storage.judgment.ratings_of(learner)]
    assert sorted(kept) == sorted([("before", before[0].id), ("after", after[0].id),
                                   ("after", after[1].id)])


def test_the_follow_up_opens_21_days_after_the_after_check_is_finished(database, check):
    storage = Storage(database.target)
    learner = "web-later"
    rng = random.Random(21)
    follow = items_of(check, learner, "follow-up")[0]
    after = items_of(check, learner, "after")
    assert follow in check.form(form_order(learner)[0])
    far = datetime.now(timezone.utc) + timedelta(days=400)
    assert rate(storage, check, learner, "follow-up", follow, follow.key, far).startswith(
        "The follow-up check opens three weeks after you finish the after-check")
    take(storage, check, learner, "after", rng, after[:-1])
    assert rate(storage, check, learner, "follow-up", follow, follow.key, far).startswith(
        "The follow-up check opens three weeks")
    take(storage, check, learner, "after", rng, after[-1:])
    finished = datetime.fromisoformat(learner_checks(storage, check, learner)["after"]
                                      .finished_at)
    opens = finished + timedelta(days=21)
    for early in (None, finished + timedelta(days=20, hours=23, minutes=59)):
        assert rate(storage, check, learner, "follow-up", follow, follow.key, early) == (
            f"The follow-up check opens on {opens:%-d %B %Y}.")
    assert not [r for r in storage.judgment.ratings_of(learner) if r.stage == "follow-up"]
    assert rate(storage, check, learner, "follow-up", follow, follow.key,
                finished + timedelta(days=21, seconds=1)) == ""
    [kept] = [r for r in storage.judgment.ratings_of(learner) if r.stage == "follow-up"]
    assert (kept.item_id, kept.form, kept.score) == (follow.id, form_order(learner)[0], 100.0)
    # a finished after-check takes no more ratings
    assert rate(storage, check, learner, "after", after[0], after[0].key).startswith(
        "You have finished this check")


def test_finishing_a_form_queues_one_scored_statement_with_its_score(
    database, course, check
):
    storage = Storage(database.target,
                      reporter=CourseReporter(load_config(SETTINGS), course))
    learner = "web-scored"
    rng = random.Random(11)

    def scored() -> list[dict]:
        return [s for s in storage.outbox.queued_statements(learner)
                if s["verb"]["display"]["en-US"] == "scored"]

    items = items_of(check, learner, "before")
    scores = take(storage, check, learner, "before", rng, items[:-1])
    assert scored() == []  # none before the last item
    scores |= take(storage, check, learner, "before", rng, items[-1:])
    expected = statistics.fmean(practice_means(check, items, scores).values())
    [statement] = scored()
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/scored"
    assert statement["object"]["id"].endswith("/judgment-check/before")
    assert statement["result"]["score"]["scaled"] == pytest.approx(expected / 100, abs=5e-5)
    assert statement["result"]["score"]["raw"] == pytest.approx(expected, abs=5e-3)
    [by_practice] = [value for name, value in statement["result"]["extensions"].items()
                     if name.endswith("practice-scores")]
    assert by_practice == pytest.approx(practice_means(check, items, scores), abs=5e-3)
    # the same last item again: kept once, reported once
    rate(storage, check, learner, "before", items[-1], items[-1].key)
    assert len(scored()) == 1
    after_items = items_of(check, learner, "after")
    after = take(storage, check, learner, "after", rng, closer=True)
    statements = scored()
    assert len(statements) == 2
    assert statements[1]["object"]["id"].endswith("/judgment-check/after")
    assert statements[1]["result"]["score"]["scaled"] == pytest.approx(
        statistics.fmean(practice_means(check, after_items, after).values()) / 100, abs=5e-5)


# -- the learner's summary ------------------------------------------------------------------


def test_the_summary_puts_each_finished_stage_beside_the_self_assessment(
    database, course, check
):
    storage = Storage(database.target)
    learner = "web-summary"
    rng = random.Random(3)
    titles = {pid: p.title for pid, p in course.practices.items()}
    own = {item.id for item in course.self_assessment.items}
    first, second = check.practices()[:2]
    rate_oneself(storage, learner, "before", {first: 2, second: 3})
    rate_oneself(storage, learner, "after", {first: 4})

    def summary():
        return judgment_summary(storage, check, titles, own, learner)

    before_items = items_of(check, learner, "before")
    scores = take(storage, check, learner, "before", rng, before_items[:-1])
    partly = summary()
    assert [row.chose_before for row in partly.rows] == [None] * 5
    assert partly.score("before") is None and not partly.feedback_open
    scores |= take(storage, check, learner, "before", rng, before_items[-1:])
    before = practice_means(check, before_items, scores)
    done = summary()
    assert [row.practice for row in done.rows] == list(check.practices())
    assert [row.title for row in done.rows] == [titles[p] for p in check.practices()]
    assert [row.chose_before for row in done.rows] == pytest.approx(
        [before[p] for p in check.practices()])
    assert [(row.felt_before, row.felt_after) for row in done.rows] == [
        (2, 4), (3, None), (None, None), (None, None), (None, None)]
    assert [row.chose_after for row in done.rows] == [None] * 5
    assert done.score("before") == pytest.approx(statistics.fmean(before.values()))
    assert not done.feedback_open
    after_items = items_of(check, learner, "after")
    scores = take(storage, check, learner, "after", rng, after_items[:3], closer=True)
    assert not summary().feedback_open and summary().score("after") is None
    scores |= take(storage, check, learner, "after", rng, after_items[3:], closer=True)
    after = practice_means(check, after_items, scores)
    end = summary()
    assert end.feedback_open
    assert [row.chose_after for row in end.rows] == pytest.approx(
        [after[p] for p in check.practices()])
    assert end.score("after") == pytest.approx(statistics.fmean(after.values()))
    assert [row.chose_follow_up for row in end.rows] == [None] * 5
    # a practice that is not an item of the self-assessment shows no feeling
    assert judgment_summary(storage, check, titles, set(), learner).rows[0].felt_before is None
