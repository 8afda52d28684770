"""The judgment check: each learner's ratings of each item, per stage, first try only."""

from __future__ import annotations

import json

from sqlalchemy import select

from widgets.store.database import dialect_insert, ensure_learner_row, now
from widgets.store.domain import DomainStore
from widgets.store.records import JudgmentRating
from widgets.store.tables import judgment_ratings

#: when a check is taken: before the course, after it, and three weeks or more later
STAGES = ("before", "after", "follow-up")
FORMS = ("a", "b")
#: options an item has at most, and the scale's top
OPTIONS_MAX = 5
SCALE_TOP = 6


def _checked(stage: str, form: str, ratings: dict[str, int], score: float) -> str:
    if stage not in STAGES or form not in FORMS:
        raise ValueError("not a stage or form of the judgment check")
    if not isinstance(ratings, dict) or not 0 < len(ratings) <= OPTIONS_MAX or not all(
        isinstance(key, str) and len(key) <= 64 and type(value) is int
        and 1 <= value <= SCALE_TOP for key, value in ratings.items()
    ):
        raise ValueError("not a rating of each option (1 to 6)")
    if not 0.0 <= float(score) <= 100.0:
        raise ValueError("not a score")
    return json.dumps(ratings, sort_keys=True)


class JudgmentStore(DomainStore):
    """The judgment check's ratings."""

    def record_rating(
        self, learner_id: str, stage: str, form: str, item_id: str, practice: str,
        ratings: dict[str, int], score: float,
    ) -> bool:
        """Keep a learner's first ratings of an item at a stage; False (and nothing changed)
        if the item was rated at that stage already: the first try is what counts."""
        text = _checked(stage, form, ratings, score)
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            inserted = db.execute(
                dialect_insert(db, judgment_ratings).values(
                    learner_id=learner_id, stage=stage, item_id=item_id, form=form,
                    practice=practice, ratings=text, score=float(score), answered_at=stamp,
                ).on_conflict_do_nothing(index_elements=["learner_id", "stage", "item_id"])
            )
            return bool(inserted.rowcount)

    def report_finished(
        self, learner_id: str, stage: str, form: str, practice_scores: dict[str, float],
        score: float,
    ) -> None:
        """Queue the statement of a finished check (in the caller's transaction)."""
        with self._write() as db:
            self._report(db, learner_id, "judgment_scored", stage, form, practice_scores, score)

    def ratings_of(self, learner_id: str) -> list[JudgmentRating]:
        """Every rating the learner gave, oldest first."""
        return self._ratings(judgment_ratings.c.learner_id == learner_id)

    def all_ratings(self, learner_ids: list[str] | None = None) -> list[JudgmentRating]:
        """Every learner's ratings (or those of ``learner_ids``), for the analyses."""
        if learner_ids is None:
            return self._ratings(None)
        return self._ratings(judgment_ratings.c.learner_id.in_(learner_ids))

    def _ratings(self, where) -> list[JudgmentRating]:  # noqa: ANN001 - a SQL condition
        j = judgment_ratings.c
        query = select(j.learner_id, j.stage, j.form, j.item_id, j.practice, j.ratings,
                       j.score, j.answered_at).order_by(j.answered_at, j.item_id)
        if where is not None:
            query = query.where(where)
        return [
            JudgmentRating(learner, stage, form, item, practice, json.loads(ratings), score,
                           stamp)
            for learner, stage, form, item, practice, ratings, score, stamp
            in self._query(query)
        ]
