"""The outbox's bound: while the LRS is down, statements wait; past :data:`OUTBOX_MAX` waiting
in all, or :data:`OUTBOX_PER_LEARNER_MAX` of one learner, new ones are dropped (the oldest are
kept for the LRS) and counted, and the host reads the count in the log."""

from __future__ import annotations

import logging
import time

from sqlalchemy import Connection, func, select

from widgets.limits import OUTBOX_MAX, OUTBOX_PER_LEARNER_MAX
from widgets.store.tables import xapi_outbox

log = logging.getLogger("widgets.store")
#: at most one log line this often, per store (per kernel)
LOG_EVERY_SECONDS = 60.0


class OutboxBound:
    """Decides, in the writer's transaction, whether new statements still fit."""

    def __init__(self, total: int = OUTBOX_MAX, per_learner: int = OUTBOX_PER_LEARNER_MAX):
        self.total = total
        self.per_learner = per_learner
        #: statements this store did not queue because the outbox was full
        self.dropped = 0
        self._logged_at = -LOG_EVERY_SECONDS

    def full(self, db: Connection, learner_id: str, adding: int) -> bool:
        """True (and the statements counted as dropped) when ``adding`` more statements of
        ``learner_id`` would pass a bound."""
        waiting = xapi_outbox.c.sent_at.is_(None)
        mine = db.execute(
            select(func.count()).where(xapi_outbox.c.learner_id == learner_id, waiting)
        ).scalar_one()
        total = db.execute(select(func.count()).where(waiting)).scalar_one()
        if total + adding <= self.total and mine + adding <= self.per_learner:
            return False
        self.dropped += adding
        if time.monotonic() - self._logged_at >= LOG_EVERY_SECONDS:
            self._logged_at = time.monotonic()
            log.warning(
                "xAPI outbox full (%d statements waiting, %d of one learner; bounds %d and %d): "
                "%d new statements dropped by this page so far, the oldest kept for the LRS. "
                "Is the LRS down?", total, mine, self.total, self.per_learner, self.dropped,
            )
        return True
