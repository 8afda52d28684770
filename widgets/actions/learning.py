"""Course actions: one function per thing a learner does that changes what is kept, each
writing everything it changes in one transaction (the answer, its xAPI statement, its place
on the review schedule, the module's completion), so a failure half-way keeps nothing.

Pages wire a view's callback to an action; the view itself never reaches the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from widgets.actions.reviews import schedule_answer
from widgets.content.models import Module
from widgets.store.records import CHALLENGE_MODULE

if TYPE_CHECKING:
    from widgets.store import Storage


def answer_scenario(
    storage: Storage,
    learner_id: str,
    module_id: str,
    scenario_id: str,
    option_ids: tuple[str, ...],
    score: float,
    correct: bool,
    now: datetime,
    *,
    from_review: bool = False,
    completes_module: bool = False,
) -> None:
    """Keep an answer (the first one counts), schedule its review, and, when it is the
    module's last unanswered scenario, mark the module complete: all or nothing."""
    with storage.transaction():
        storage.learners.record_answer(
            learner_id, module_id, scenario_id, option_ids, score, correct
        )
        schedule_answer(
            storage, learner_id, module_id, scenario_id, score, now, from_review=from_review
        )
        if completes_module:
            storage.learners.mark_completed(learner_id, module_id)


def save_reflection(
    storage: Storage, learner_id: str, module: Module, reflection_id: str, text: str
) -> None:
    """Keep a reflection; when it is the last one of a module with no scenarios (the
    challenge is finished by its log, not its look-back questions), mark the module complete:
    both or neither."""
    prompt = next(r.prompt for r in module.reflections if r.id == reflection_id)
    with storage.transaction():
        storage.journal.save_reflection(learner_id, module.id, reflection_id, prompt, text)
        if not module.scenarios and module.id != CHALLENGE_MODULE and all(
            storage.journal.reflection_text(learner_id, r.id) for r in module.reflections
        ):
            storage.learners.mark_completed(learner_id, module.id)


def finish_practice(
    storage: Storage, learner_id: str, module_id: str, item_id: str, kind: str, result: dict
) -> None:
    """Keep the outcome of a conversation or an exercise (a later one replaces it)."""
    storage.practice.record_practice(learner_id, module_id, item_id, kind, result)


def rate_oneself(storage: Storage, learner_id: str, stage: str, values: dict[str, int]) -> None:
    """Keep the learner's self-assessment at ``stage`` ('before' or 'after')."""
    storage.journal.save_self_assessment(learner_id, stage, values)


def visit_module(storage: Storage, learner_id: str, module_id: str) -> None:
    """Note that the learner opened a module (the home's "continue" link follows it)."""
    storage.learners.record_visit(learner_id, module_id)
