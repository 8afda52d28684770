"""Where the learner is in the course, as the home page and every page's header show it:
modules finished, scenarios answered (else reflections saved) per module, the last module
opened, the reviews due; and a module's scenarios as its deck restores them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from widgets.actions.reviews import due_count, next_due
from widgets.content.models import Course
from widgets.store.records import CHALLENGE_DAYS, CHALLENGE_MODULE, History

if TYPE_CHECKING:
    from widgets.store import Storage


@dataclass(frozen=True)
class HomeFacts:
    """What the course home shows of one learner."""

    #: the name the course greets the learner by ('' if they gave none)
    name: str
    #: ``{module_id: (done, total)}`` for the modules that count something
    progress: dict[str, tuple[int, int]]
    completed: frozenset[str]
    #: the module the learner opened last (None before any)
    last_module: str | None
    #: scenarios due for review now
    due: int
    #: when the next review falls (UTC ISO text), '' with nothing scheduled
    next_due: str


def finished_modules(storage: Storage, learner_id: str) -> set[str]:
    """The modules the learner has completed."""
    return storage.learners.completed_modules(learner_id)


def module_progress(
    course: Course, storage: Storage, learner_id: str
) -> dict[str, tuple[int, int]]:
    """``{module_id: (done, total)}``: scenarios answered, else reflections saved; the
    challenge counts its different days logged (it is done by its log, not its questions)."""
    answered = storage.learners.answered_scenarios(learner_id)
    reflected = {saved.reflection_id for saved in storage.journal.reflections(learner_id)}
    result = {}
    for module in course.modules:
        if module.id == CHALLENGE_MODULE:
            days = len({entry.day for entry in storage.challenge.challenge_entries(learner_id)})
            result[module.id] = (min(days, CHALLENGE_DAYS), CHALLENGE_DAYS)
        elif module.scenarios:
            done = len(answered.get(module.id, set()) & set(module.scenarios))
            result[module.id] = (done, len(module.scenarios))
        elif module.reflections:
            ids = {reflection.id for reflection in module.reflections}
            result[module.id] = (len(ids & reflected), len(ids))
    return result


def home_facts(course: Course, storage: Storage, learner_id: str, now: datetime) -> HomeFacts:
    """Everything the course home shows of the learner, with the reviews due at ``now``."""
    return HomeFacts(
        name=storage.learners.display_name(learner_id),
        progress=module_progress(course, storage, learner_id),
        completed=frozenset(storage.learners.completed_modules(learner_id)),
        last_module=storage.learners.last_module(learner_id),
        due=due_count(storage, learner_id, now),
        next_due=next_due(storage, learner_id),
    )


def module_history(storage: Storage, learner_id: str, module_id: str) -> dict[str, History]:
    """``{scenario_id: History}`` of the learner's tries at a module's scenarios."""
    return storage.learners.scenario_history(learner_id, module_id)
