"""Reflections and self-assessment ratings: what a learner writes and rates about themselves."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from widgets.limits import TEXT_MAX, check_length
from widgets.store.database import dialect_insert, ensure_learner_row, now
from widgets.store.domain import DomainStore
from widgets.store.quota import check_learner_text
from widgets.store.tables import reflections, self_assessments


@dataclass(frozen=True)
class SavedReflection:
    """A reflection as last saved."""

    reflection_id: str
    module_id: str
    prompt: str
    text: str
    saved_at: str


class ReflectionStore(DomainStore):
    """Reflections (one per prompt, replaced on save) and self-assessments."""

    # -- reflections ----------------------------------------------------------------------

    def save_reflection(
        self, learner_id: str, module_id: str, reflection_id: str, prompt: str, text: str
    ) -> None:
        """Keep the latest text of a reflection (:class:`TooLong` over :data:`TEXT_MAX`)."""
        check_length(text, TEXT_MAX, "A reflection")
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            check_learner_text(db, learner_id, len(text))
            # a new reflection goes after the learner's others (an update keeps its place)
            position = (
                select(func.coalesce(func.max(reflections.c.position), 0) + 1)
                .where(reflections.c.learner_id == learner_id)
                .scalar_subquery()
            )
            insert = dialect_insert(db, reflections).values(
                learner_id=learner_id, reflection_id=reflection_id, module_id=module_id,
                prompt=prompt, text=text, saved_at=stamp, position=position,
            )
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["learner_id", "reflection_id"],
                    set_={
                        "text": insert.excluded.text,
                        "saved_at": insert.excluded.saved_at,
                        "prompt": insert.excluded.prompt,
                    },
                )
            )

    def reflections(self, learner_id: str) -> list[SavedReflection]:
        """All of a learner's reflections, in the order they were first written."""
        rows = self._query(
            select(
                reflections.c.reflection_id, reflections.c.module_id, reflections.c.prompt,
                reflections.c.text, reflections.c.saved_at,
            )
            .where(reflections.c.learner_id == learner_id)
            .order_by(reflections.c.position, reflections.c.saved_at)
        )
        return [SavedReflection(*row) for row in rows]

    def reflection_text(self, learner_id: str, reflection_id: str) -> str:
        """The saved text of one reflection ('' if none)."""
        rows = self._query(
            select(reflections.c.text).where(
                reflections.c.learner_id == learner_id,
                reflections.c.reflection_id == reflection_id,
            )
        )
        return rows[0][0] if rows else ""

    # -- self-assessment ------------------------------------------------------------------

    def save_self_assessment(self, learner_id: str, stage: str, values: dict[str, int]) -> None:
        """Keep one self-assessment (``stage`` is 'before' or 'after')."""
        if not values:
            return
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            insert = dialect_insert(db, self_assessments).values(
                [
                    {"learner_id": learner_id, "stage": stage, "item_id": item,
                     "value": int(value), "answered_at": stamp}
                    for item, value in values.items()
                ]
            )
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["learner_id", "stage", "item_id"],
                    set_={
                        "value": insert.excluded.value,
                        "answered_at": insert.excluded.answered_at,
                    },
                )
            )
            self._report(
                db, learner_id, "self_assessed", stage,
                {item: int(value) for item, value in values.items()},
            )

    def self_assessment(self, learner_id: str, stage: str) -> dict[str, int]:
        """The latest answer per item for a stage."""
        rows = self._query(
            select(self_assessments.c.item_id, self_assessments.c.value)
            .where(self_assessments.c.learner_id == learner_id, self_assessments.c.stage == stage)
            .order_by(self_assessments.c.id)
        )
        return dict(rows)
