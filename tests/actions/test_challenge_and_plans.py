"""The challenge and plan actions on real storage (SQLite and PostgreSQL): a week's plan is
kept whole or not at all, the fifth logged day completes the challenge in the same write,
and the reads give back what was kept."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from widgets.actions.challenge import challenge_week, log_challenge_day, plan_challenge_week
from widgets.actions.plans import if_then_plans, make_if_then_plan, plan_for, plans_ahead
from widgets.actions.reviews import schedule_answer
from widgets.limits import TEXT_MAX, TooLong
from widgets.store import Storage, StorageError
from widgets.store.records import CHALLENGE_MODULE


def test_a_weeks_plan_is_kept_whole_or_not_at_all(database):
    storage = Storage(database.target)
    plan_challenge_week(storage, "me", ["Greet Sam", "", "Thank Ana", "Ask Lee", "Pause"])
    assert challenge_week(storage, "me").day_plans == {
        1: "Greet Sam", 2: "", 3: "Thank Ana", 4: "Ask Lee", 5: "Pause",
    }
    with pytest.raises(TooLong):  # day 5 is too long: days 1 to 4 are not kept either
        plan_challenge_week(storage, "me", ["New 1", "New 2", "New 3", "New 4",
                                            "x" * (TEXT_MAX + 1)])
    assert challenge_week(storage, "me").day_plans[1] == "Greet Sam"
    with pytest.raises(ValueError, match="5 days"):
        plan_challenge_week(storage, "me", ["a"] * 6)


def test_the_fifth_logged_day_completes_the_challenge(database):
    storage = Storage(database.target)
    for day in (1, 2, 2, 3, 4):
        log_challenge_day(storage, "me", day, "names", f"Moment on day {day}", "")
    assert CHALLENGE_MODULE not in storage.learners.completed_modules("me")
    log_challenge_day(storage, "me", 5, "pause", "Waited <b>ten</b> seconds", "Calmer reply")
    assert CHALLENGE_MODULE in storage.learners.completed_modules("me")
    week = challenge_week(storage, "me")
    assert [entry.day for entry in week.entries] == [1, 2, 2, 3, 4, 5]
    assert week.entries[-1].what_i_did == "Waited <b>ten</b> seconds"
    assert week.entries[-1].how_it_landed == "Calmer reply"


def test_a_fifth_day_whose_completion_fails_is_not_kept(database, monkeypatch):
    storage = Storage(database.target)
    for day in range(1, 5):
        log_challenge_day(storage, "me", day, "names", "A moment", "")

    def broken(*_args, **_kwargs):
        raise StorageError("the database went away")

    monkeypatch.setattr("widgets.store.challenge.complete_module", broken)
    with pytest.raises(StorageError):
        log_challenge_day(storage, "me", 5, "names", "The last moment", "")
    assert [entry.day for entry in challenge_week(storage, "me").entries] == [1, 2, 3, 4]
    assert CHALLENGE_MODULE not in storage.learners.completed_modules("me")


def test_a_log_entry_over_its_size_is_refused_and_nothing_is_kept(database):
    storage = Storage(database.target)
    with pytest.raises(TooLong):
        log_challenge_day(storage, "me", 1, "names", "x" * (TEXT_MAX + 1), "")
    assert challenge_week(storage, "me").entries == []


def test_a_plan_is_kept_per_practice_and_a_later_one_replaces_it(database):
    storage = Storage(database.target)
    assert plan_for(storage, "me", "names") is None
    make_if_then_plan(storage, "me", "names", "the stand-up starts", "greet Ana by name")
    make_if_then_plan(storage, "me", "pause", "a sharp email lands", "wait ten seconds")
    make_if_then_plan(storage, "me", "names", "the Monday stand-up starts", "greet Sam")
    plan = plan_for(storage, "me", "names")
    assert plan is not None
    assert plan.text == "When the Monday stand-up starts, I will greet Sam"
    assert sorted(p.practice for p in if_then_plans(storage, "me")) == ["names", "pause"]
    assert plan_for(storage, "someone else", "names") is None
    with pytest.raises(ValueError):
        make_if_then_plan(storage, "me", "pause", "  ", "something")
    assert plan_for(storage, "me", "pause").action == "wait ten seconds"


def test_the_week_and_the_calendar_read_plans_day_plans_log_and_reviews(database):
    storage = Storage(database.target)
    make_if_then_plan(storage, "me", "names", "the stand-up starts", "greet Ana by name")
    plan_challenge_week(storage, "me", ["Greet Sam"])
    log_challenge_day(storage, "me", 1, "names", "Greeted Sam", "He smiled")
    monday = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    schedule_answer(storage, "me", "names", "later", 1.0, monday)
    schedule_answer(storage, "me", "names", "sooner", 0.0, monday)
    week = challenge_week(storage, "me")
    assert [p.action for p in week.plans] == ["greet Ana by name"]
    assert week.day_plans == {1: "Greet Sam"}
    assert [e.what_i_did for e in week.entries] == ["Greeted Sam"]
    ahead = plans_ahead(storage, "me")
    assert ahead.plans == week.plans and ahead.day_plans == week.day_plans
    assert [item.scenario_id for item in ahead.reviews] == ["sooner", "later"]
    assert challenge_week(storage, "other").entries == []
