"""If-then plans: picked or written situations, gentle checks, kept per practice."""

from __future__ import annotations

import pytest
from wired_views import journal as wired_journal
from wired_views import planner as wired_planner

from widgets.content import get_course
from widgets.content.models import Practice
from widgets.identity.session import LearnerSession
from widgets.lasting.if_then_plan import OWN, plan_problems
from widgets.limits import PLAN_PART_MAX
from widgets.store import Storage


@pytest.fixture
def session(tmp_path):
    return LearnerSession(Storage(tmp_path / "db.sqlite3"), mode="local")


def test_every_practice_suggests_situations_and_the_model_checks_them():
    for practice in get_course().practices.values():
        assert len(practice.situations) >= 2, practice.id
    with pytest.raises(ValueError, match="situations"):
        Practice(id="x", title="X", summary="S", situations=["short"])


def test_a_plan_needs_both_parts_and_vague_parts_get_a_tip():
    blocking, _tips = plan_problems("the Monday stand-up starts", "")
    assert blocking and "micro-moment" in blocking[0]
    blocking, _tips = plan_problems("", "thank Sam by name for the notes")
    assert blocking and "situation" in blocking[0]
    assert plan_problems("x" * (PLAN_PART_MAX + 1), "thank Sam")[0]
    blocking, tips = plan_problems("the Monday stand-up starts", "be nicer")
    assert not blocking and len(tips) == 1 and "actually do" in tips[0]
    assert plan_problems("the Monday stand-up starts", "thank Sam by name for the notes") == (
        [], []
    )


def test_a_picked_situation_is_saved_and_shown_again(session):
    practice = get_course().practices["names"]
    planner = wired_planner(practice, session)
    planner.situation.value = practice.situations[0]
    planner.action.value = "I will greet each person by name and ask about one thing."
    assert planner.sentence().startswith(f"When {practice.situations[0]}, I will greet")
    assert planner.save()
    [plan] = session.storage.plans.plans(session.learner_id)
    assert plan.practice == "names" and plan.action.startswith("greet each person")
    assert plan.text == f"When {practice.situations[0]}, I will {plan.action}"
    again = wired_planner(practice, session)
    assert again.situation.value == practice.situations[0] and again.action.value == plan.action


def test_a_written_situation_replaces_the_plan_and_an_empty_part_is_refused(session):
    practice = get_course().practices["pause"]
    planner = wired_planner(practice, session)
    planner.situation.value = OWN
    assert planner.own_situation.layout.display == ""
    planner.own_situation.value = "When Dana's 5 pm escalation email arrives,"
    planner.action.value = ""
    assert not planner.save() and "micro-moment" in planner.status.value
    assert session.storage.plans.plans(session.learner_id) == []
    planner.action.value = "<b>count to five</b> and ask one question first"
    assert planner.save()
    [plan] = session.storage.plans.plans(session.learner_id)
    assert plan.situation == "Dana's 5 pm escalation email arrives"
    assert "&lt;b&gt;" in planner.preview.value and "<b>" not in planner.preview.value
    with pytest.raises(ValueError):
        session.storage.plans.save_plan(session.learner_id, "pause", "  ", "something")


def test_plans_and_reviews_are_in_the_journal_and_its_export_and_delete_removes_them(session):
    from datetime import datetime, timezone

    from widgets.actions.reviews import schedule_answer

    course = get_course()
    storage, me = session.storage, session.learner_id
    storage.plans.save_plan(me, "names", "the Monday stand-up starts", "greet Ana | by name")
    scenario = course.module_scenarios("names")[0]
    monday = datetime(2026, 3, 2, tzinfo=timezone.utc)
    schedule_answer(storage, me, "names", scenario.id, 0.0, monday)
    journal = wired_journal(course, session)
    assert "greet Ana | by name" in journal.plans_and_reviews.value
    assert html_text(scenario.title) in journal.plans_and_reviews.value
    assert "2026-03-03" in journal.plans_and_reviews.value
    markdown = journal.download.prepare()
    assert "## My if-then plans" in markdown
    assert "When the Monday stand-up starts, I will greet Ana | by name." in markdown
    assert "## My review schedule" in markdown
    assert f"| {scenario.title} | Use names often and genuinely | 0 | 2026-03-03 |" in markdown
    counts = storage.learners.row_counts(me)
    assert counts["if_then_plans"] == 1 and counts["review_schedule"] == 1
    journal.ask_to_delete()
    journal.delete()
    counts = storage.learners.row_counts(me)
    assert counts["if_then_plans"] == 0 and counts["review_schedule"] == 0
    assert "No plans yet" in journal.plans_and_reviews.value
    assert "## My if-then plans" not in journal.download.prepare()


def html_text(text: str) -> str:
    from widgets.ui import html

    return html.text(text)
