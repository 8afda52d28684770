"""The reads pages show, on real storage (SQLite and PostgreSQL): the learner's progress and
reviews due for the home and the header, a module's history for its deck, the completion
record's facts, the journal, a saved reflection, the self-assessment ratings; and the name
the learner chooses."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from widgets.actions.challenge import log_challenge_day
from widgets.actions.journal import ratings_to_show, read_journal, saved_reflection_text
from widgets.actions.learning import answer_scenario, save_reflection
from widgets.actions.plans import make_if_then_plan
from widgets.actions.profile import choose_name
from widgets.actions.progress import finished_modules, home_facts, module_history
from widgets.actions.record import modules_to_do, record_facts
from widgets.content import get_course
from widgets.limits import NAME_MAX, TooLong
from widgets.store import Storage
from widgets.store.records import CHALLENGE_MODULE

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def answer(storage: Storage, module_id: str, scenario, rating: str, now: datetime = T0):
    option = next(o for o in scenario.options if o.rating == rating)
    score = scenario.score({scenario.options.index(option)})
    answer_scenario(storage, "me", module_id, scenario.id, (option.id,), score,
                    rating == "best", now)


def test_the_home_reads_progress_last_module_name_and_reviews_due(database):
    course = get_course()
    storage = Storage(database.target)
    nobody = home_facts(course, storage, "me", T0)
    assert nobody.name == "" and nobody.completed == frozenset() and nobody.last_module is None
    assert nobody.due == 0 and nobody.next_due == ""
    assert all(done == 0 for done, _total in nobody.progress.values())
    with_scenarios = next(m for m in course.modules if m.scenarios)
    reflective = next(m for m in course.modules if not m.scenarios and m.reflections
                      and m.id != CHALLENGE_MODULE)
    well, missed = course.module_scenarios(with_scenarios.id)[:2]
    answer(storage, with_scenarios.id, well, "best")
    answer(storage, with_scenarios.id, missed, "miss")
    save_reflection(storage, "me", reflective, reflective.reflections[0].id, "Kept")
    for day in (1, 2, 2, 3, 4, 5, 5):
        log_challenge_day(storage, "me", day, "names", "A moment", "")
    storage.learners.record_visit("me", with_scenarios.id)
    choose_name(storage, "me", "Zoë <b>Ngata</b>")
    facts = home_facts(course, storage, "me", T0 + timedelta(days=1, minutes=1))
    assert facts.name == "Zoë <b>Ngata</b>"
    assert facts.progress[with_scenarios.id] == (2, len(with_scenarios.scenarios))
    assert facts.progress[reflective.id] == (1, len(reflective.reflections))
    assert facts.progress[CHALLENGE_MODULE] == (5, 5)  # five days, seven moments
    assert facts.last_module == with_scenarios.id
    assert facts.completed == {CHALLENGE_MODULE} == finished_modules(storage, "me")
    assert facts.due == 1  # the missed one comes back after a day, the best one later
    assert facts.next_due.startswith((T0 + timedelta(days=1)).date().isoformat())
    assert home_facts(course, storage, "me", T0 + timedelta(days=4)).due == 2


def test_a_modules_history_counts_tries_and_keeps_the_first_answer(database):
    course = get_course()
    storage = Storage(database.target)
    module = next(m for m in course.modules if m.scenarios)
    scenario = course.module_scenarios(module.id)[0]
    answer(storage, module.id, scenario, "miss")
    answer(storage, module.id, scenario, "best")
    history = module_history(storage, "me", module.id)
    assert history[scenario.id].attempts == 2 and history[scenario.id].best == 1.0
    assert history[scenario.id].first_correct is False
    assert module_history(storage, "me", "no such module") == {}


def test_the_record_lists_what_is_left_then_the_modules_dates_and_chosen_texts(database):
    course = get_course()
    storage = Storage(database.target)
    assert modules_to_do(course, storage, "me") == [m.title for m in course.modules]
    module = next(m for m in course.modules if m.scenarios)
    answer(storage, module.id, course.module_scenarios(module.id)[0], "best")
    for each in course.modules:
        storage.learners.mark_completed("me", each.id)
    assert modules_to_do(course, storage, "me") == []
    item = course.self_assessment.items[0]
    storage.journal.save_self_assessment("me", "after", {item.id: 4})
    make_if_then_plan(storage, "me", "pause", "a sharp email lands", "wait ten seconds")
    choose_name(storage, "me", "Ana")
    later = T0 + timedelta(days=400)
    facts = record_facts(course, storage, "me", False, later)
    assert facts.name == "Ana" and facts.course == course.title
    assert facts.made_on == later.date().isoformat()
    assert [title for title, _day, _first in facts.modules] == [m.title for m in course.modules]
    assert dict((t, f) for t, _d, f in facts.modules)[module.title] == "first answers: 1 of 1 best"
    assert course.practices["pause"].title in facts.practices
    assert (item.label, None, 4) in facts.ratings
    assert facts.included == []
    included = record_facts(course, storage, "me", True, later).included
    assert ("If-then plan: " + course.practices["pause"].title,
            "When a sharp email lands, I will wait ten seconds.") in included


def test_the_journal_reads_everything_the_learner_kept(database):
    course = get_course()
    storage = Storage(database.target)
    assert read_journal(storage, "me").reflections == []
    module = next(m for m in course.modules if m.reflections and m.id != CHALLENGE_MODULE)
    reflection = module.reflections[0]
    save_reflection(storage, "me", module, reflection.id, "Line one\n\n<b>two</b>")
    storage.practice.record_practice("me", module.id, "an-exercise", "reply", {"reply": "A draft"})
    make_if_then_plan(storage, "me", "names", "the stand-up starts", "greet Ana")
    log_challenge_day(storage, "me", 1, "names", "Greeted Ana", "She smiled")
    answered = next(m for m in course.modules if m.scenarios)
    scenario = course.module_scenarios(answered.id)[0]
    answer(storage, answered.id, scenario, "best")
    choose_name(storage, "me", "Ana")
    journal = read_journal(storage, "me")
    assert journal.name == "Ana"
    assert [(r.reflection_id, r.text, r.prompt) for r in journal.reflections] == [
        (reflection.id, "Line one\n\n<b>two</b>", reflection.prompt)
    ]
    assert [r.result for r in journal.practice_results] == [{"reply": "A draft"}]
    assert [p.action for p in journal.plans] == ["greet Ana"]
    assert [e.what_i_did for e in journal.challenge_entries] == ["Greeted Ana"]
    assert [item.scenario_id for item in journal.reviews] == [scenario.id]
    assert saved_reflection_text(storage, "me", reflection.id) == "Line one\n\n<b>two</b>"
    assert saved_reflection_text(storage, "someone else", reflection.id) == ""


def test_the_after_form_reads_the_before_ratings_beside_its_own(database):
    storage = Storage(database.target)
    assert ratings_to_show(storage, "me", "before") == ({}, {})
    storage.journal.save_self_assessment("me", "before", {"names": 2, "pause": 3})
    storage.journal.save_self_assessment("me", "after", {"names": 4})
    assert ratings_to_show(storage, "me", "before") == ({"names": 2, "pause": 3}, {})
    assert ratings_to_show(storage, "me", "after") == ({"names": 4}, {"names": 2, "pause": 3})


def test_a_chosen_name_is_kept_cleaned_and_a_long_one_is_refused(database):
    storage = Storage(database.target)
    choose_name(storage, "new learner", "Ana\u202e")  # a bidirectional control is removed
    assert storage.learners.display_name("new learner") == "Ana"
    with pytest.raises(TooLong):
        choose_name(storage, "new learner", "x" * (NAME_MAX + 1))
    assert storage.learners.display_name("new learner") == "Ana"
    choose_name(storage, "new learner", "")
    assert storage.learners.display_name("new learner") == ""
