"""The outbox of xAPI statements: queued by the other domains' writes (``Database._report``),
delivered by the sender (``widgets.actions.send_statements``).

Several senders may share one database (several Voila servers, JupyterHub): a sender claims
a batch for a while (``claimed_until``) before posting it, so two never post the same row at
the same time; a sender that dies lets its claim lapse and another takes the rows over.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from widgets.store.database import now
from widgets.store.domain import DomainStore
from widgets.store.tables import xapi_outbox


@dataclass(frozen=True)
class QueuedStatement:
    """One statement waiting for the LRS."""

    row_id: int
    statement: dict


class OutboxStore(DomainStore):
    """Claim, mark sent, give back or refuse the statements waiting for the LRS."""

    def claim_statements(
        self, sender: str, limit: int = 50, lease_seconds: float = 120.0
    ) -> list[QueuedStatement]:
        """Up to ``limit`` waiting statements, oldest first, now claimed by ``sender`` for
        ``lease_seconds`` (rows another sender holds are skipped)."""
        c = xapi_outbox.c
        moment = time.time()
        free = (c.claimed_until.is_(None)) | (c.claimed_until < moment)
        claimable = (c.sent_at.is_(None), c.rejected == "", free)
        if not self._query(select(c.id).where(*claimable).limit(1)):
            return []  # idle: no write lock taken just to find nothing
        with self._write() as db:
            ids = [
                row[0] for row in db.execute(
                    select(c.id)
                    .where(*claimable)
                    .order_by(c.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            ]
            if not ids:
                return []
            db.execute(
                xapi_outbox.update()
                .where(c.id.in_(ids))
                .values(claimed_by=sender, claimed_until=moment + lease_seconds)
            )
            rows = db.execute(select(c.id, c.statement).where(c.id.in_(ids)).order_by(c.id))
            return [QueuedStatement(row_id, json.loads(text)) for row_id, text in rows]

    def mark_sent(self, row_ids: list[int]) -> None:
        """The LRS has these statements."""
        if row_ids:
            self._unclaim(xapi_outbox.c.id.in_(row_ids), sent_at=now())

    def release_statements(self, row_ids: list[int]) -> None:
        """A try failed: the rows wait again (one more attempt counted)."""
        c = xapi_outbox.c
        if row_ids:
            self._unclaim(c.id.in_(row_ids) & c.sent_at.is_(None), attempts=c.attempts + 1)

    def reject_statement(self, row_id: int, reason: str) -> None:
        """The LRS refused this statement for good: it is kept, with why, and not tried
        again (the host can read ``rejected`` in the table)."""
        c = xapi_outbox.c
        self._unclaim(
            c.id == row_id, rejected=(reason or "refused")[:500], attempts=c.attempts + 1
        )

    def _unclaim(self, rows: ColumnElement[bool], **values: Any) -> None:
        """Give up the claim on ``rows`` (a condition), setting ``values`` with it."""
        with self._write() as db:
            db.execute(
                xapi_outbox.update()
                .where(rows)
                .values(claimed_by=None, claimed_until=None, **values)
            )

    def prune_sent(self, before: str) -> int:
        """Delete statements the LRS has had since before ``before`` (UTC ISO text); the
        number deleted. Unsent and refused statements are kept."""
        c = xapi_outbox.c
        with self._write() as db:
            return db.execute(
                xapi_outbox.delete().where(c.sent_at.is_not(None), c.sent_at < before)
            ).rowcount

    def outbox_counts(self) -> dict[str, int]:
        """``{"waiting": n, "sent": n, "rejected": n}`` over every learner."""
        c = xapi_outbox.c
        state = select(
            func.sum(case((c.sent_at.is_not(None), 1), else_=0)),
            func.sum(case((c.rejected != "", 1), else_=0)),
            func.count(),
        )
        sent, rejected, total = self._query(state)[0]
        sent, rejected = int(sent or 0), int(rejected or 0)
        return {"waiting": total - sent - rejected, "sent": sent, "rejected": rejected}

    def queued_statements(self, learner_id: str | None = None) -> list[dict]:
        """Every statement in the outbox (sent or not), oldest first; one learner's if given."""
        c = xapi_outbox.c
        query = select(c.statement).order_by(c.id)
        if learner_id is not None:
            query = query.where(c.learner_id == learner_id)
        return [json.loads(text) for (text,) in self._query(query)]
