"""If-then plans: one per learner and practice ("When <situation>, I will <action>")."""

from __future__ import annotations

from dataclasses import dataclass

from widgets.limits import PLAN_PART_MAX, check_length, clean_name
from widgets.store.database import Database, ensure_learner_row, now


@dataclass(frozen=True)
class IfThenPlan:
    """A learner's plan for one practice."""

    practice: str
    situation: str
    action: str
    saved_at: str

    @property
    def text(self) -> str:
        """The plan as one sentence."""
        return f"When {self.situation}, I will {self.action}"


class PlanStore(Database):
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
            db.execute(
                "INSERT INTO if_then_plans (learner_id, practice, situation, action, saved_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, practice) DO UPDATE SET "
                "situation = excluded.situation, action = excluded.action, "
                "saved_at = excluded.saved_at",
                (learner_id, practice, situation, action, stamp),
            )

    def plans(self, learner_id: str) -> list[IfThenPlan]:
        """The learner's plans, oldest first."""
        rows = self._query(
            "SELECT practice, situation, action, saved_at FROM if_then_plans "
            "WHERE learner_id = ? ORDER BY saved_at, practice",
            (learner_id,),
        )
        return [IfThenPlan(*row) for row in rows]
