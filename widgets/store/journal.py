"""Reflections and self-assessment ratings: what a learner writes and rates about themselves."""

from __future__ import annotations

from dataclasses import dataclass

from widgets.limits import TEXT_MAX, check_length
from widgets.store.database import Database, ensure_learner_row, now


@dataclass(frozen=True)
class SavedReflection:
    """A reflection as last saved."""

    reflection_id: str
    module_id: str
    prompt: str
    text: str
    saved_at: str


class ReflectionStore(Database):
    """Reflections (one per prompt, replaced on save) and self-assessments."""

    # -- reflections ----------------------------------------------------------------------

    def save_reflection(
        self, learner_id: str, module_id: str, reflection_id: str, prompt: str, text: str
    ) -> None:
        """Keep the latest text of a reflection (:class:`TooLong` over :data:`TEXT_MAX`)."""
        check_length(text, TEXT_MAX, "A reflection")
        with self._write() as db:
            ensure_learner_row(db, learner_id, now())
            db.execute(
                "INSERT INTO reflections (learner_id, reflection_id, module_id, prompt, text, "
                "saved_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (learner_id, reflection_id) "
                "DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at, "
                "prompt = excluded.prompt",
                (learner_id, reflection_id, module_id, prompt, text, now()),
            )

    def reflections(self, learner_id: str) -> list[SavedReflection]:
        """All of a learner's reflections, in the order they were first written."""
        rows = self._query(
            "SELECT reflection_id, module_id, prompt, text, saved_at FROM reflections "
            "WHERE learner_id = ? ORDER BY rowid",
            (learner_id,),
        )
        return [SavedReflection(*row) for row in rows]

    def reflection_text(self, learner_id: str, reflection_id: str) -> str:
        """The saved text of one reflection ('' if none)."""
        rows = self._query(
            "SELECT text FROM reflections WHERE learner_id = ? AND reflection_id = ?",
            (learner_id, reflection_id),
        )
        return rows[0][0] if rows else ""

    # -- self-assessment and five-day challenge -------------------------------------------

    def save_self_assessment(self, learner_id: str, stage: str, values: dict[str, int]) -> None:
        """Keep one self-assessment (``stage`` is 'before' or 'after')."""
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            db.executemany(
                "INSERT INTO self_assessments (learner_id, stage, item_id, value, answered_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, stage, item_id) "
                "DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at",
                [(learner_id, stage, item, int(value), stamp) for item, value in values.items()],
            )

    def self_assessment(self, learner_id: str, stage: str) -> dict[str, int]:
        """The latest answer per item for a stage."""
        rows = self._query(
            "SELECT item_id, value FROM self_assessments WHERE learner_id = ? AND stage = ? "
            "ORDER BY id",
            (learner_id, stage),
        )
        return dict(rows)
