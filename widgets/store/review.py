"""Spaced review: when each scenario a learner answered comes back, one row per scenario.

The store only keeps the schedule; when the next review falls is decided by the pure
scheduler in :mod:`widgets.actions.review_schedule`, which takes the time as an argument.
Times are UTC ISO 8601 text (``2026-12-02T09:30:00+00:00``), so they compare as text.
"""

from __future__ import annotations

from sqlalchemy import select

from widgets.store.database import dialect_insert, ensure_learner_row, now
from widgets.store.domain import DomainStore
from widgets.store.records import ReviewItem
from widgets.store.tables import review_schedule

_c = review_schedule.c
_COLUMNS = (
    _c.scenario_id, _c.module_id, _c.step, _c.due_at, _c.last_score, _c.reviews, _c.answered_at
)


class ReviewStore(DomainStore):
    """The review schedule of every learner."""

    def save_review(
        self,
        learner_id: str,
        scenario_id: str,
        module_id: str,
        step: int,
        due_at: str,
        score: float,
        answered_at: str,
        from_review: bool = False,
    ) -> None:
        """Put a scenario on the schedule, or move it (``from_review`` counts one review)."""
        with self._write() as db:
            ensure_learner_row(db, learner_id, now())
            insert = dialect_insert(db, review_schedule).values(
                learner_id=learner_id, scenario_id=scenario_id, module_id=module_id,
                step=int(step), due_at=due_at, last_score=float(score),
                reviews=int(bool(from_review)), answered_at=answered_at,
            )
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["learner_id", "scenario_id"],
                    set_={
                        "module_id": insert.excluded.module_id,
                        "step": insert.excluded.step,
                        "due_at": insert.excluded.due_at,
                        "last_score": insert.excluded.last_score,
                        "reviews": _c.reviews + insert.excluded.reviews,
                        "answered_at": insert.excluded.answered_at,
                    },
                )
            )

    def review_item(self, learner_id: str, scenario_id: str) -> ReviewItem | None:
        """One scenario's place on the learner's schedule (None if never answered)."""
        rows = self._query(
            select(*_COLUMNS).where(_c.learner_id == learner_id, _c.scenario_id == scenario_id)
        )
        return ReviewItem(*rows[0]) if rows else None

    def review_items(self, learner_id: str) -> list[ReviewItem]:
        """The learner's whole schedule, soonest first."""
        rows = self._query(
            select(*_COLUMNS)
            .where(_c.learner_id == learner_id)
            .order_by(_c.due_at, _c.scenario_id)
        )
        return [ReviewItem(*row) for row in rows]

    def due_reviews(self, learner_id: str, at: str) -> list[ReviewItem]:
        """Scenarios due at or before ``at`` (UTC ISO text), the longest overdue first."""
        rows = self._query(
            select(*_COLUMNS)
            .where(_c.learner_id == learner_id, _c.due_at <= at)
            .order_by(_c.due_at, _c.scenario_id)
        )
        return [ReviewItem(*row) for row in rows]
