"""Tries of keys and codes, trusted browsers and quotas, counted in the database so that a new
page (a new kernel) resets nothing.

Who tries is a :class:`Trier`: the browser (the id the server derives from its signed owner
cookie, which a page cannot choose) and the client address (the proxy's word, when the proxy is
trusted). The rules, which act on the guesser and never on the people who share its address:

* **Per browser**: :data:`BROWSER_FREE_TRIES` failed tries of a kind, then each try waits,
  doubling from :data:`FIRST_DELAY_SECONDS` to :data:`MAX_DELAY_SECONDS`; failures are
  remembered for a day, so a browser gets a few dozen guesses a day, not thousands.
* **Per address and target** (a room, the host key; the address alone for resume and join
  codes): past :data:`AREA_FREE_TRIES` failures the address is *hot*: a browser that has failed
  :data:`HOT_BROWSER_TRIES` times itself then waits on the address's delay. A browser with
  fewer failures of its own still tries at once, so the learner, participant or facilitator
  next to a guesser on one network is never locked out with the right code; the guesser needs
  a new browser (a new page) every few guesses.
* **Trusted browsers** are never limited: the browser a resume code was given to (or that
  used it), the browser that created a room, a browser that opened the host key before.
* **Quotas** (:meth:`AttemptStore.within_quota`): events such as learners or rooms created
  counted per browser and per address over a window.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import func, select

from widgets.limits import (
    AREA_FREE_TRIES,
    BROWSER_FREE_TRIES,
    FIRST_DELAY_SECONDS,
    HOT_BROWSER_TRIES,
    MAX_DELAY_SECONDS,
    TRIES_REMEMBERED_SECONDS,
)
from widgets.store.domain import DomainStore
from widgets.store.records import Trier
from widgets.store.tables import attempts

#: the kind of the rows that say a browser is trusted for a subject (kept for a year)
TRUST = "trust"
TRUST_SECONDS = 365 * 86400


def _delay(failures: int, free: int) -> float:
    if failures < free:
        return 0.0
    return min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** min(failures - free, 20))


def too_many_tries(wait: float) -> str:
    """The sentence a limited try shows."""
    minutes = wait / 60
    when = f"{math.ceil(wait)} seconds" if wait < 120 else f"{math.ceil(minutes)} minutes"
    return f"Too many wrong tries from this browser. Wait {when}, then try again."


class AttemptStore(DomainStore):
    """Failed tries per kind and subject, browsers trusted for a subject, and quotas."""

    def _failures(self, kind: str, subject: str, since: float) -> tuple[int, float]:
        count, last = self._query(
            select(func.count(), func.max(attempts.c.at)).where(
                attempts.c.kind == kind, attempts.c.subject == subject, attempts.c.at > since
            )
        )[0]
        return int(count), float(last or 0.0)

    def wait_before_trying(self, kind: str, trier: Trier, target: str = "") -> float:
        """Seconds ``trier`` waits before another try of ``kind`` (0: go ahead)."""
        moment = time.time()
        since = moment - TRIES_REMEMBERED_SECONDS
        mine, my_last = self._failures(kind, trier.browser_subject, since)
        waits = [_delay(mine, BROWSER_FREE_TRIES) - (moment - my_last)]
        if mine >= HOT_BROWSER_TRIES:
            area, area_last = self._failures(kind, trier.area_subject(target), since)
            waits.append(_delay(area, AREA_FREE_TRIES) - (moment - area_last))
        return max(0.0, *waits)

    def record_failed_try(self, kind: str, trier: Trier, target: str = "") -> None:
        """Count a failed try against the browser and its address (and target); forget
        failures older than a day."""
        moment = time.time()
        subjects = {trier.browser_subject, trier.area_subject(target)}
        with self._write() as db:
            db.execute(
                attempts.insert(),
                [{"kind": kind, "subject": subject, "at": moment} for subject in subjects],
            )
            db.execute(
                attempts.delete().where(
                    attempts.c.kind != TRUST, attempts.c.at < moment - TRIES_REMEMBERED_SECONDS
                )
            )

    # -- trusted browsers -----------------------------------------------------------------------

    def trust_browser(self, subject: str, browser: str) -> None:
        """Remember that ``browser`` may open ``subject`` (``learner:<id>``, ``room:<code>``,
        ``host``) without limits."""
        if not browser:
            return
        key = f"{subject}|{browser}"
        moment = time.time()
        this = (attempts.c.kind == TRUST) & (attempts.c.subject == key)
        with self._write() as db:
            if db.execute(attempts.update().where(this).values(at=moment)).rowcount:
                return  # trusted already (a returning learner's page): one indexed update
            db.execute(attempts.insert().values(kind=TRUST, subject=key, at=moment))
            db.execute(
                attempts.delete().where(
                    attempts.c.kind == TRUST, attempts.c.at < moment - TRUST_SECONDS
                )
            )

    def is_trusted(self, subject: str, browser: str) -> bool:
        """True if ``browser`` was given or has opened ``subject`` before."""
        if not browser:
            return False
        return bool(self._query(
            select(attempts.c.at).where(
                attempts.c.kind == TRUST, attempts.c.subject == f"{subject}|{browser}"
            ).limit(1)
        ))

    def forget_trust(self, subject: str) -> None:
        """Forget every browser trusted for ``subject`` (the learner or room is deleted)."""
        with self._write() as db:
            db.execute(
                attempts.delete().where(
                    attempts.c.kind == TRUST, attempts.c.subject.startswith(f"{subject}|")
                )
            )

    # -- the one entry point for keys and codes -------------------------------------------------

    def try_with_limit(
        self, kind: str, trier: Trier, attempt: Callable[[], str | None], target: str = ""
    ) -> tuple[str | None, str]:
        """Try a key or code of ``kind`` for ``trier``.

        ``attempt`` returns what the key or code opens (a subject such as ``learner:<id>``)
        or None. Returns ``(subject, "")`` when it opened (the browser is then trusted for
        it), ``(None, "")`` when it was wrong (and counted), and ``(None, message)`` when it
        was not tried: the browser must wait, and the message says how long.
        """
        opened = attempt()
        if opened is not None and self.is_trusted(opened, trier.browser):
            return opened, ""
        wait = self.wait_before_trying(kind, trier, target)
        if wait > 0:
            return None, too_many_tries(wait)
        if opened is not None:
            self.trust_browser(opened, trier.browser)
            return opened, ""
        self.record_failed_try(kind, trier, target)
        return None, ""

    # -- quotas ---------------------------------------------------------------------------------

    def within_quota(
        self, kind: str, trier: Trier, per_browser: int, per_address: int, window: float
    ) -> bool:
        """True if ``trier`` has had fewer than ``per_browser`` events of ``kind`` (and its
        address fewer than ``per_address``) in the last ``window`` seconds."""
        since = time.time() - window
        mine, _ = self._failures(kind, trier.browser_subject, since)
        if mine >= per_browser:
            return False
        area, _ = self._failures(kind, trier.area_subject(), since)
        return area < per_address

    def record_event(self, kind: str, trier: Trier) -> None:
        """Count one event of ``kind`` (a learner or room created, a place taken) against the
        browser and its address."""
        self.record_failed_try(kind, trier)
