"""Spaced review: when each scenario a learner answered comes back, one row per scenario.

The store only keeps the schedule; when the next review falls is decided by the pure
scheduler in :mod:`widgets.learner.review_schedule`, which takes the time as an argument.
Times are UTC ISO 8601 text (``2026-12-02T09:30:00+00:00``), so they compare as text.
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.store.database import Database, ensure_learner_row, now


@dataclass(frozen=True)
class ReviewItem:
    """One scenario on a learner's review schedule."""

    scenario_id: str
    module_id: str
    #: how many good answers in a row (0 after an answer that was not the best)
    step: int
    due_at: str
    last_score: float
    #: answers given on the review page
    reviews: int
    answered_at: str


_COLUMNS = "scenario_id, module_id, step, due_at, last_score, reviews, answered_at"


class ReviewStore(Database):
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
            db.execute(
                "INSERT INTO review_schedule (learner_id, scenario_id, module_id, step, due_at, "
                "last_score, reviews, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (learner_id, scenario_id) DO UPDATE SET "
                "module_id = excluded.module_id, step = excluded.step, "
                "due_at = excluded.due_at, last_score = excluded.last_score, "
                "reviews = review_schedule.reviews + excluded.reviews, "
                "answered_at = excluded.answered_at",
                (
                    learner_id, scenario_id, module_id, int(step), due_at, float(score),
                    int(bool(from_review)), answered_at,
                ),
            )

    def review_item(self, learner_id: str, scenario_id: str) -> ReviewItem | None:
        """One scenario's place on the learner's schedule (None if never answered)."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM review_schedule WHERE learner_id = ? AND scenario_id = ?",
            (learner_id, scenario_id),
        )
        return ReviewItem(*rows[0]) if rows else None

    def review_items(self, learner_id: str) -> list[ReviewItem]:
        """The learner's whole schedule, soonest first."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM review_schedule WHERE learner_id = ? "
            "ORDER BY due_at, scenario_id",
            (learner_id,),
        )
        return [ReviewItem(*row) for row in rows]

    def due_reviews(self, learner_id: str, at: str) -> list[ReviewItem]:
        """Scenarios due at or before ``at`` (UTC ISO text), the longest overdue first."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM review_schedule WHERE learner_id = ? AND due_at <= ? "
            "ORDER BY due_at, scenario_id",
            (learner_id, at),
        )
        return [ReviewItem(*row) for row in rows]
