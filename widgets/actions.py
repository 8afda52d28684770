"""Course actions: one function per thing a learner does that changes what is kept, each
writing everything it changes in one transaction (the answer, its xAPI statement, its place
on the review schedule, the module's completion), so a failure half-way keeps nothing.

Pages wire a view's callback to an action; the view itself never reaches the store.
"""

from __future__ import annotations

from datetime import datetime

from widgets.learner.reviews import schedule_answer
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
        storage.record_answer(learner_id, module_id, scenario_id, option_ids, score, correct)
        schedule_answer(
            storage, learner_id, module_id, scenario_id, score, now, from_review=from_review
        )
        if completes_module:
            storage.mark_completed(learner_id, module_id)
