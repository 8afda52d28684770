"""Spaced review with a fake clock: a missed scenario comes back sooner than a well-answered
one, the home page counts what is due, the review page puts new scenarios first."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from wired_views import course_home

from widgets.actions.review_schedule import (
    INTERVAL_DAYS,
    mix_practices,
    next_review,
    review_order,
)
from widgets.actions.reviews import due_count, review_queue, schedule_answer
from widgets.content import get_course
from widgets.identity.session import LearnerSession
from widgets.practice.review_deck import ReviewDeck
from widgets.store import Storage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_a_missed_scenario_comes_back_sooner_than_a_well_answered_one():
    missed = next_review(None, 0.0, T0)
    partly = next_review(None, 0.5, T0)
    best = next_review(None, 1.0, T0)
    assert missed.due_at < best.due_at and partly.due_at < best.due_at
    assert missed.due_at - T0 == timedelta(days=INTERVAL_DAYS[0])


def test_the_schedule_expands_while_answers_stay_best_and_restarts_after_a_miss():
    review = next_review(None, 1.0, T0)
    gaps = []
    for _ in range(4):
        now = review.due_at
        review = next_review(review, 1.0, now)
        gaps.append((review.due_at - now).days)
    assert gaps == sorted(gaps) and gaps[-1] == INTERVAL_DAYS[-1]
    after_miss = next_review(review, 0.0, review.due_at)
    assert after_miss.step == 0 and (after_miss.due_at - review.due_at).days == INTERVAL_DAYS[0]


def test_trying_again_before_the_review_can_only_bring_it_sooner():
    missed = next_review(None, 0.0, T0)
    retried = next_review(missed, 1.0, T0 + timedelta(minutes=1))
    assert retried == missed
    best = next_review(None, 1.0, T0)
    worse = next_review(best, 0.0, T0 + timedelta(minutes=1))
    assert worse.due_at < best.due_at


def test_reviews_mix_practices_and_put_new_scenarios_first():
    due = [("a1", "a"), ("a2", "a"), ("b1", "b")]
    unseen = [("a9", "a"), ("c9", "c"), ("a8", "a"), ("c8", "c")]
    assert mix_practices(due) == ["a1", "b1", "a2"]
    assert review_order(due, unseen, new_max=3) == ["a9", "c9", "a8", "a1", "b1", "a2"]


@pytest.fixture
def learner(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    session = LearnerSession(storage, mode="local")
    return session


def answer(session: LearnerSession, module_id: str, scenario, rating: str, now: datetime):
    option = next(o for o in scenario.options if o.rating == rating)
    score = scenario.score({scenario.options.index(option)})
    session.storage.learners.record_answer(
        session.learner_id, module_id, scenario.id, (option.id,), score, rating == "best"
    )
    schedule_answer(session.storage, session.learner_id, module_id, scenario.id, score, now)


def test_the_home_page_due_count_follows_the_fake_clock(learner):
    course = get_course()
    well, missed = course.module_scenarios("acknowledge")[:2]
    answer(learner, "acknowledge", well, "best", T0)
    answer(learner, "acknowledge", missed, "miss", T0)
    clock = [T0]
    home = course_home(course, learner, clock=lambda: clock[0])
    assert home.due_for_review() == 0
    assert "Nothing is due for review today" in home.review_line.value
    clock[0] = T0 + timedelta(days=1, minutes=1)
    home.refresh()
    assert due_count(learner.storage, learner.learner_id, clock[0]) == 1
    assert "Due for review: 1 scenario " in home.review_line.value
    assert 'href="09_review.ipynb"' in home.review_line.value
    clock[0] = T0 + timedelta(days=3, minutes=1)
    home.refresh()
    assert "Due for review: 2 scenarios" in home.review_line.value


def test_the_review_shows_unseen_scenarios_first_and_reschedules(learner):
    course = get_course()
    ack = course.module_scenarios("acknowledge")
    names = course.module_scenarios("names")
    answer(learner, "acknowledge", ack[0], "miss", T0)
    answer(learner, "names", names[0], "miss", T0)
    storage, me = learner.storage, learner.learner_id
    assert review_queue(course, storage, me, T0 + timedelta(hours=23)) == ([], [])
    later = T0 + timedelta(days=1, hours=1)
    new, due = review_queue(course, storage, me, later)
    assert set(due) == {ack[0].id, names[0].id}
    assert len(new) == 3 and not set(new) & {ack[0].id, names[0].id}
    assert {course.scenarios[s].practice for s in new} == {"acknowledge", "names"}
    deck = ReviewDeck(course.settings)
    seen = []
    deck.on_answer(seen.append)
    deck.load([course.scenarios[s] for s in new + due], len(due), me)
    assert "3 new scenarios first, then 2 scenarios due for review" in deck.intro.value
    assert deck.deck is not None and deck.deck.current.scenario.id == new[0]
    # reviewing the due one well moves it three days out, and off the due list
    item = schedule_answer(storage, me, "acknowledge", ack[0].id, 1.0, later, from_review=True)
    assert item.reviews == 1 and item.due_at.startswith("2026-03-06")
    assert due_count(storage, me, later) == 1
    deck.load([], 0, me, "2026-03-06 10:00 UTC")
    assert "Nothing is due" in deck.intro.value and "2026-03-06" in deck.intro.value
    # an empty review still gives the learner somewhere to go
    assert 'href="00_home.ipynb"' in deck.intro.value and deck.deck is None
