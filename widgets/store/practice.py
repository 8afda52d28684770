"""Practice results: the outcome of every conversation and exercise."""

from __future__ import annotations

import json
from dataclasses import dataclass

from widgets.limits import TEXT_MAX, check_length
from widgets.store.database import Database, ensure_learner_row, now

#: a result holds a reply, a path through a conversation, a few numbers: never more than this
RESULT_MAX = 4 * TEXT_MAX


@dataclass(frozen=True)
class PracticeResult:
    """The outcome of one practice exercise or conversation (``result`` is plain data)."""

    module_id: str
    item_id: str
    kind: str
    result: dict
    recorded_at: str


class PracticeStore(Database):
    """One row per finished conversation or checked exercise."""

    # -- practice exercises and conversations ---------------------------------------------

    def record_practice(
        self, learner_id: str, module_id: str, item_id: str, kind: str, result: dict
    ) -> None:
        """Keep the outcome of a conversation or exercise (``result`` must be JSON data); a
        later outcome of the same item replaces it. :class:`TooLong` if a drafted reply is
        over :data:`TEXT_MAX` or the whole result is implausibly large."""
        reply = result.get("reply")
        if isinstance(reply, str):
            check_length(reply, TEXT_MAX, "A reply")
        encoded = json.dumps(result)
        check_length(encoded, RESULT_MAX, "A practice result")
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            db.execute(
                "INSERT INTO practice_results (learner_id, module_id, item_id, kind, result, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (learner_id, item_id, kind) DO UPDATE SET "
                "module_id = excluded.module_id, result = excluded.result, "
                "recorded_at = excluded.recorded_at",
                (learner_id, module_id, item_id, kind, encoded, stamp),
            )

    def practice_results(
        self, learner_id: str, item_id: str | None = None
    ) -> list[PracticeResult]:
        """The learner's practice outcomes, oldest first (one item's when ``item_id`` given)."""
        sql = (
            "SELECT module_id, item_id, kind, result, recorded_at FROM practice_results "
            "WHERE learner_id = ?"
        )
        parameters: tuple = (learner_id,)
        if item_id is not None:
            sql += " AND item_id = ?"
            parameters += (item_id,)
        rows = self._query(sql + " ORDER BY recorded_at, id", parameters)
        return [
            PracticeResult(module, item, kind, json.loads(result), stamp)
            for module, item, kind, result, stamp in rows
        ]
