"""If-then plans: one per learner and practice ("When <situation>, I will <action>")."""

from __future__ import annotations

from sqlalchemy import select

from widgets.limits import PLAN_PART_MAX, check_length, clean_name
from widgets.store.database import dialect_insert, ensure_learner_row, now
from widgets.store.domain import DomainStore
from widgets.store.records import IfThenPlan
from widgets.store.tables import if_then_plans


class PlanStore(DomainStore):
    """The learners' if-then plans."""

    def save_plan(self, learner_id: str, practice: str, situation: str, action: str) -> None:
        """Keep the learner's plan for a practice (a later save replaces it); :class:`TooLong`
        if a part is over :data:`PLAN_PART_MAX`."""
        check_length(practice, PLAN_PART_MAX, "A practice")
        situation = clean_name(situation, PLAN_PART_MAX, "The situation")
        action = clean_name(action, PLAN_PART_MAX, "The micro-moment")
        if not situation or not action:
            raise ValueError("an if-then plan needs a situation and a micro-moment")
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            insert = dialect_insert(db, if_then_plans).values(
                learner_id=learner_id, practice=practice, situation=situation, action=action,
                saved_at=stamp,
            )
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["learner_id", "practice"],
                    set_={
                        "situation": insert.excluded.situation,
                        "action": insert.excluded.action,
                        "saved_at": insert.excluded.saved_at,
                    },
                )
            )

    def plans(self, learner_id: str) -> list[IfThenPlan]:
        """The learner's plans, oldest first."""
        c = if_then_plans.c
        rows = self._query(
            select(c.practice, c.situation, c.action, c.saved_at)
            .where(c.learner_id == learner_id)
            .order_by(c.saved_at, c.practice)
        )
        return [IfThenPlan(*row) for row in rows]
