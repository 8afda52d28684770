"""The completion record's facts, gathered from the store: the course, the learner's chosen
name, modules and dates, practices worked on, self-assessment before and after, and (only
when the learner ticks for it) their if-then plans and reflections; and what is still to do
before the record can be made."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from widgets.actions.journal import judgment_rows
from widgets.content.models import Course, Module

if TYPE_CHECKING:
    from widgets.store import Storage


@dataclass(frozen=True)
class CompletionFacts:
    """Everything printed on the record, as plain text."""

    course: str
    name: str
    completed_on: str
    made_on: str
    #: (module title, completion date, first answers: "first answers: 5 of 8 best", or "")
    modules: list[tuple[str, str, str]]
    practices: list[str]
    #: (statement label, before, after); None where a stage was not taken
    ratings: list[tuple[str, int | None, int | None]]
    #: (title, text) of plans and reflections, empty unless the learner asked for them
    included: list[tuple[str, str]] = field(default_factory=list)
    #: the judgment check, 0 to 100: (practice title, before, after); the whole check's
    #: scores last, as ("Whole check", before, after); empty if no check was finished
    judgment: list[tuple[str, float | None, float | None]] = field(default_factory=list)


def first_answers_text(storage: Storage, learner_id: str, module: Module) -> str:
    """ "first answers: 5 of 8 best" for a module with scenarios ('' for one without)."""
    if not module.scenarios:
        return ""
    best, answered = storage.learners.first_answers(learner_id, module.id)
    return f"first answers: {best} of {answered} best"


def modules_to_do(course: Course, storage: Storage, learner_id: str) -> list[str]:
    """Titles of the modules the learner has not completed yet."""
    done = storage.learners.completed_modules(learner_id)
    return [module.title for module in course.modules if module.id not in done]


def record_facts(
    course: Course, storage: Storage, learner_id: str, include_texts: bool, now: datetime
) -> CompletionFacts:
    """The record's facts for a learner (call it once every module is completed)."""
    completions = storage.record.module_completions(learner_id)
    modules = [
        (module.title, completions[module.id][:10], first_answers_text(storage, learner_id, module))
        for module in course.modules if module.id in completions
    ]
    worked = {
        course.scenarios[answer.scenario_id].practice
        for answer in storage.learners.answers(learner_id) if answer.scenario_id in course.scenarios
    }
    worked |= {result.module_id for result in storage.practice.practice_results(learner_id)}
    worked |= {plan.practice for plan in storage.plans.plans(learner_id)}
    practices = [p.title for pid, p in course.practices.items() if pid in worked]
    ratings: list[tuple[str, int | None, int | None]] = []
    if course.self_assessment is not None:
        before = storage.journal.self_assessment(learner_id, "before")
        after = storage.journal.self_assessment(learner_id, "after")
        if before or after:
            ratings = [
                (item.label, before.get(item.id), after.get(item.id))
                for item in course.self_assessment.items
            ]
    included: list[tuple[str, str]] = []
    if include_texts:
        titles = {pid: p.title for pid, p in course.practices.items()}
        included += [
            (f"If-then plan: {titles.get(plan.practice, plan.practice)}", plan.text + ".")
            for plan in storage.plans.plans(learner_id)
        ]
        included += [(saved.prompt, saved.text) for saved in storage.journal.reflections(
            learner_id
        )]
    judgment = judgment_rows(storage, course, learner_id)
    return CompletionFacts(
        course=course.title,
        name=storage.learners.display_name(learner_id),
        completed_on=max((day for _title, day, _first in modules), default=now.date().isoformat()),
        made_on=now.date().isoformat(),
        modules=modules,
        practices=practices,
        ratings=ratings,
        included=included,
        judgment=judgment,
    )
