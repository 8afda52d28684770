"""Failed tries of keys and codes, counted in the database so that a new page (a new kernel)
does not reset them: a client address, or a room, gets so many tries a minute, then a growing
delay."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import func, select

from widgets.limits import FIRST_DELAY_SECONDS, MAX_DELAY_SECONDS, TRIES_PER_MINUTE
from widgets.store.database import Database
from widgets.store.tables import attempts


class AttemptStore(Database):
    """Failed tries of keys and codes, per kind and per subject (a client address, a room)."""

    def wait_before_trying(self, kind: str, subjects: list[str]) -> float:
        """Seconds to wait before another try of ``kind`` (0: go ahead)."""
        now = time.time()
        waits = [0.0]
        for subject in subjects:
            recent, last = self._query(
                select(func.count(), func.max(attempts.c.at)).where(
                    attempts.c.kind == kind, attempts.c.subject == subject,
                    attempts.c.at > now - 60,
                )
            )[0]
            if recent >= TRIES_PER_MINUTE:
                doubling = 2 ** (recent - TRIES_PER_MINUTE)
                delay = min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * doubling)
                waits.append(delay - (now - last))
        return max(waits)

    def record_failed_try(self, kind: str, subjects: list[str]) -> None:
        """Count a failed try against every subject; forget tries older than an hour."""
        now = time.time()
        with self._write() as db:
            if subjects:
                db.execute(
                    attempts.insert(),
                    [{"kind": kind, "subject": subject, "at": now} for subject in subjects],
                )
            db.execute(attempts.delete().where(attempts.c.at < now - 3600))

    def try_with_limit(
        self, kind: str, subjects: list[str], attempt: Callable[[], bool]
    ) -> tuple[bool, str]:
        """Run ``attempt`` unless ``subjects`` have used up their tries of ``kind``.

        Returns ``(True, "")`` when it succeeded, ``(False, "")`` when it failed (and the
        failure is counted), and ``(False, message)`` when it was not even tried.
        """
        wait = self.wait_before_trying(kind, subjects)
        if wait > 0:
            return False, (
                f"Too many tries in a short time. Wait {math.ceil(wait)} seconds, then try "
                "again."
            )
        if attempt():
            return True, ""
        self.record_failed_try(kind, subjects)
        return False, ""
