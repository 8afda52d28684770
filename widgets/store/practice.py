"""Practice results: the outcome of every conversation and exercise."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from widgets.limits import TEXT_MAX, check_length
from widgets.store.database import dialect_insert, ensure_learner_row, now
from widgets.store.domain import DomainStore
from widgets.store.quota import check_learner_text
from widgets.store.tables import practice_results

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


#: the kind of the row that keeps a conversation's first play-through (never replaced)
FIRST_CONVERSATION = "conversation-first"


class PracticeStore(DomainStore):
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
            check_learner_text(db, learner_id, len(encoded))
            insert = dialect_insert(db, practice_results).values(
                learner_id=learner_id, module_id=module_id, item_id=item_id, kind=kind,
                result=encoded, recorded_at=stamp,
            )
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["learner_id", "item_id", "kind"],
                    set_={
                        "module_id": insert.excluded.module_id,
                        "result": insert.excluded.result,
                        "recorded_at": insert.excluded.recorded_at,
                    },
                )
            )
            if kind == "conversation":  # exercises (drafted replies among them) are never sent
                # the first play-through is kept as well: the item analysis reads first tries
                db.execute(
                    dialect_insert(db, practice_results).values(
                        learner_id=learner_id, module_id=module_id, item_id=item_id,
                        kind=FIRST_CONVERSATION, result=encoded, recorded_at=stamp,
                    ).on_conflict_do_nothing(index_elements=["learner_id", "item_id", "kind"])
                )
                self._report(db, learner_id, "conversation_ended", module_id, item_id, result)

    def practice_results(
        self, learner_id: str, item_id: str | None = None
    ) -> list[PracticeResult]:
        """The learner's practice outcomes, oldest first (one item's when ``item_id`` given);
        the latest of each, not the kept first play-through of a conversation."""
        c = practice_results.c
        query = select(c.module_id, c.item_id, c.kind, c.result, c.recorded_at).where(
            c.learner_id == learner_id, c.kind != FIRST_CONVERSATION
        )
        if item_id is not None:
            query = query.where(c.item_id == item_id)
        rows = self._query(query.order_by(c.recorded_at, c.id))
        return [
            PracticeResult(module, item, kind, json.loads(result), stamp)
            for module, item, kind, result, stamp in rows
        ]
