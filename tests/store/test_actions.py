"""Course actions write everything they change in one transaction (issue 27)."""

from __future__ import annotations

import pytest

from widgets.store import Storage


def test_an_answer_that_fails_half_way_leaves_nothing_half_written(database, monkeypatch):
    """Issue 27, acceptance 2: a failure after the answer is written and before its review is
    scheduled keeps neither (nor its xAPI statement, nor the module's completion)."""
    from datetime import datetime, timezone

    from widgets.actions.learning import answer_scenario
    from widgets.content import get_course
    from widgets.reporting.config import load_config
    from widgets.reporting.reporter import CourseReporter
    from widgets.store import StorageError

    course = get_course()
    settings = {"MICROMOMENTS_LRS_URL": "http://lrs.example", "MICROMOMENTS_LRS_USERNAME": "u",
                "MICROMOMENTS_LRS_PASSWORD": "p"}
    storage = Storage(database.target, reporter=CourseReporter(load_config(settings), course))
    module = next(m for m in course.modules if m.scenarios)
    scenario = course.scenarios[module.scenarios[0]]
    when = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)

    def broken(*_args, **_kwargs):
        raise StorageError("the database went away")

    monkeypatch.setattr(storage.reviews, "save_review", broken)
    with pytest.raises(StorageError):
        answer_scenario(storage, "me", module.id, scenario.id, (scenario.options[0].id,), 1.0,
                        True, when, completes_module=True)
    assert storage.learners.answered_scenarios("me") == {}
    assert storage.reviews.review_item("me", scenario.id) is None
    assert storage.outbox.queued_statements("me") == []
    assert storage.learners.completed_modules("me") == set()
    monkeypatch.undo()
    answer_scenario(storage, "me", module.id, scenario.id, (scenario.options[0].id,), 1.0,
                    True, when, completes_module=True)
    assert storage.reviews.review_item("me", scenario.id) is not None
    assert storage.learners.completed_modules("me") == {module.id}
    assert storage.outbox.queued_statements("me")  # the answer's statement, with it


def test_the_last_reflection_and_the_modules_completion_are_kept_together(database, monkeypatch):
    from widgets.actions.learning import save_reflection
    from widgets.content import get_course
    from widgets.store import StorageError

    course = get_course()
    module = next(m for m in course.modules if not m.scenarios and len(m.reflections) >= 1
                  and m.id != "challenge")
    storage = Storage(database.target)
    *earlier, last = module.reflections
    for reflection in earlier:
        save_reflection(storage, "me", module, reflection.id, "kept")

    def broken(*_args, **_kwargs):
        raise StorageError("the database went away")

    monkeypatch.setattr(storage.learners, "mark_completed", broken)
    with pytest.raises(StorageError):
        save_reflection(storage, "me", module, last.id, "the last one")
    assert storage.journal.reflection_text("me", last.id) == ""  # not kept without its completion
    monkeypatch.undo()
    save_reflection(storage, "me", module, last.id, "the last one")
    assert storage.journal.reflection_text("me", last.id) == "the last one"
    assert module.id in storage.learners.completed_modules("me")
