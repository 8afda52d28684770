"""Marking a module complete, inside whichever write transaction finishes it (the last
answer, the last reflection, the fifth logged day of the challenge)."""

from __future__ import annotations

from sqlalchemy import Connection, Select, func, select

from widgets.store.database import Database, dialect_insert
from widgets.store.tables import answers, module_visits


def completed_query(learner_id: str) -> Select:
    """The modules a learner has completed (one ``module_id`` a row)."""
    return select(module_visits.c.module_id).where(
        module_visits.c.learner_id == learner_id,
        module_visits.c.completed_at.is_not(None),
    )


def first_answers_query(learner_id: str, module_id: str) -> Select:
    """``(scenario_id, correct)`` of the first answer to each scenario of a module."""
    first_ids = (
        select(func.min(answers.c.id))
        .where(answers.c.learner_id == learner_id, answers.c.module_id == module_id)
        .group_by(answers.c.scenario_id)
    )
    return select(answers.c.scenario_id, answers.c.correct).where(answers.c.id.in_(first_ids))


def completed_in(db: Connection, learner_id: str) -> set[str]:
    """The modules a learner has completed, read in the transaction ``db``."""
    return {row[0] for row in db.execute(completed_query(learner_id))}


def complete_module(
    store: Database, db: Connection, learner_id: str, module_id: str, stamp: str
) -> None:
    """Mark ``module_id`` complete (the first time only) in the transaction ``db``, with its
    xAPI statement when reporting is on."""
    done_before = completed_in(db, learner_id) if store.reporter else set()
    insert = dialect_insert(db, module_visits).values(
        learner_id=learner_id, module_id=module_id, first_visit=stamp,
        last_visit=stamp, completed_at=stamp,
    )
    db.execute(
        insert.on_conflict_do_update(
            index_elements=["learner_id", "module_id"],
            set_={
                "completed_at": func.coalesce(
                    module_visits.c.completed_at, insert.excluded.completed_at
                )
            },
        )
    )
    if store.reporter is not None and module_id not in done_before:
        store._report(
            db, learner_id, "module_completed", module_id, done_before | {module_id},
            first_answers_in(db, learner_id, module_id),
        )


def first_answers_in(db: Connection, learner_id: str, module_id: str) -> tuple[int, int]:
    """``(best, answered)`` of a module's first answers, read in the transaction ``db``."""
    rows = db.execute(first_answers_query(learner_id, module_id)).all()
    return sum(1 for _scenario, correct in rows if correct), len(rows)
