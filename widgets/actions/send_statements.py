"""Deliver the outbox to the LRS, an action of the server process (a thread of the Voila
server, or ``python -m widgets send-statements``): batches POSTed to
``<endpoint>/statements``, in the background, with retries and a capped exponential back-off.
A page never waits for it.

What the LRS answers decides what happens to a batch:

* 200 or 204: delivered (an LRS that already holds a statement with the same id skips it,
  so a batch sent again after a lost answer is kept once).
* 409 (a statement with one of these ids is there already): the batch is sent again one
  statement at a time, and a statement answered 409 counts as delivered, since its id was
  made for it when it was queued.
* 400, 413 or 422: the batch is sent one statement at a time; a statement still refused is
  kept in the outbox with the reason (``rejected``) and not tried again.
* anything else (no answer, a timeout, 401/403, 429, 5xx): nothing is marked; the rows wait,
  and the sender waits 1, 2, 4, ... seconds (at most ``backoff_max``) before the next try.
"""

from __future__ import annotations

import base64
import json
import logging
import random
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from widgets.reporting.config import ReportingConfig
from widgets.store import Storage
from widgets.store.records import StorageError

if TYPE_CHECKING:
    from widgets.store import QueuedStatement

log = logging.getLogger(__name__)

XAPI_VERSION = "1.0.3"
#: answers that mean "this statement, or one in the batch, is not acceptable"
REFUSED = (400, 413, 422)
#: statements the LRS has are kept this long in the outbox (for the host to look at), then
#: deleted, checked once an hour
KEEP_SENT = timedelta(days=30)
PRUNE_EVERY = 3600.0


class LrsUnavailable(Exception):
    """The LRS did not take the batch (no answer, or an answer to try again later)."""


@dataclass
class SendReport:
    """What one round did."""

    claimed: int = 0
    sent: int = 0
    rejected: int = 0
    #: why the round stopped short ('' if it did not)
    error: str = ""


class StatementSender:
    """Sends the outbox of one database to one LRS."""

    def __init__(
        self,
        config: ReportingConfig,
        open_storage: Callable[[], Storage],
        batch_size: int = 50,
        idle_wait: float = 2.0,
        timeout: float = 10.0,
        name: str | None = None,
    ):
        self.config = config
        self.open_storage = open_storage
        self.batch_size = batch_size
        self.idle_wait = idle_wait
        self.timeout = timeout
        #: this sender's name on the rows it claims
        self.name = name or f"{socket.gethostname()}:{random.getrandbits(48):012x}"
        self._storage: Storage | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        token = f"{config.username}:{config.password}".encode()
        self._authorization = "Basic " + base64.b64encode(token).decode("ascii")

    # -- talking to the LRS ---------------------------------------------------------------

    def post(self, statements: list[dict]) -> int:
        """POST statements; the LRS's status code (LrsUnavailable without an answer)."""
        request = urllib.request.Request(
            self.config.statements_url,
            data=json.dumps(statements).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Experience-API-Version": XAPI_VERSION,
                "Authorization": self._authorization,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            error.close()
            return error.code
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise LrsUnavailable(f"the LRS cannot be reached ({reason})") from error

    # -- one round ------------------------------------------------------------------------

    def storage(self) -> Storage:
        """The course database (opened on first use; reopened while it is unreachable)."""
        if self._storage is None:
            storage = self.open_storage()
            if not storage.persistent:
                storage.close()
                raise StorageError("the course's database cannot be opened just now")
            self._storage = storage
        return self._storage

    def send_once(self) -> SendReport:
        """Claim one batch and deliver it (never raises: trouble is in ``error``)."""
        report = SendReport()
        try:
            queued = self.storage().outbox.claim_statements(self.name, self.batch_size)
        except StorageError as error:
            report.error = f"the outbox cannot be read ({error})"
            return report
        report.claimed = len(queued)
        if not queued:
            return report
        try:
            self._deliver(queued, report)
        except LrsUnavailable as error:
            report.error = str(error)
        except StorageError as error:
            report.error = f"the outbox cannot be updated ({error})"
        if report.error:
            done = report.sent + report.rejected
            try:
                self.storage().outbox.release_statements([q.row_id for q in queued[done:]])
            except StorageError:
                pass  # the claim lapses by itself
        return report

    def _deliver(self, queued: list[QueuedStatement], report: SendReport) -> None:
        status = self.post([q.statement for q in queued])
        if status in (200, 204):
            self.storage().outbox.mark_sent([q.row_id for q in queued])
            report.sent += len(queued)
            return
        if status != 409 and status not in REFUSED:
            raise LrsUnavailable(_unavailable(status))
        for item in queued:  # one at a time, to find the one at fault
            single = self.post([item.statement]) if len(queued) > 1 else status
            if single in (200, 204, 409):
                if single == 409:
                    log.warning(
                        "the LRS already holds statement %s: counted as delivered",
                        item.statement.get("id"),
                    )
                self.storage().outbox.mark_sent([item.row_id])
                report.sent += 1
            elif single in REFUSED:
                log.error("the LRS refused statement %s (%s)", item.statement.get("id"), single)
                self.storage().outbox.reject_statement(item.row_id, f"the LRS answered {single}")
                report.rejected += 1
            else:
                raise LrsUnavailable(_unavailable(single))

    def drain(self) -> SendReport:
        """Rounds until the outbox is empty or a round fails; the totals."""
        total = SendReport()
        while True:
            report = self.send_once()
            total.claimed += report.claimed
            total.sent += report.sent
            total.rejected += report.rejected
            if report.error or not report.claimed:
                total.error = report.error
                return total

    def prune(self) -> int:
        """Delete statements sent more than :data:`KEEP_SENT` ago (0 if the database is
        away: the next hour tries again)."""
        before = (datetime.now(timezone.utc) - KEEP_SENT).isoformat(timespec="milliseconds")
        try:
            return self.storage().outbox.prune_sent(before)
        except StorageError as error:
            log.warning("xAPI sender: old statements not pruned (%s)", error)
            return 0

    # -- in the background ----------------------------------------------------------------

    def backoff(self, failures: int) -> float:
        """How long to wait after ``failures`` failed rounds in a row (with some jitter, so
        several servers do not all come back at the same moment)."""
        delay = min(self.config.backoff_max, 2.0 ** max(0, failures - 1))
        return delay * random.uniform(0.8, 1.0)

    def run(self) -> None:
        """Send until :meth:`stop`: at once while there is more, every ``idle_wait``
        seconds when the outbox is empty, backing off while the LRS or database fails."""
        failures = 0
        pruned_at = 0.0
        while not self._stop.is_set():
            if time.monotonic() - pruned_at > PRUNE_EVERY:
                pruned_at = time.monotonic()
                self.prune()
            try:
                report = self.send_once()
            except Exception as error:  # noqa: BLE001 - the sender must outlive any surprise
                log.exception("xAPI sender: unexpected error")
                report = SendReport(error=str(error) or type(error).__name__)
            if report.error:
                failures += 1
                wait = self.backoff(failures)
                log.warning("xAPI statements not sent (%s); next try in %.0f s",
                            report.error, wait)
            else:
                if failures:
                    log.info("xAPI statements are being delivered again")
                failures = 0
                wait = 0.0 if report.claimed else self.idle_wait
            self._stop.wait(wait)

    def start(self) -> threading.Thread:
        """Run :meth:`run` in a daemon thread."""
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="xapi-sender", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, timeout: float = 15.0) -> None:
        """Ask the thread to stop and wait for it (a POST under way finishes first)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._storage is not None:
            self._storage.close()
            self._storage = None


def _unavailable(status: int) -> str:
    if status in (401, 403):
        return (
            f"the LRS answered {status}: check MICROMOMENTS_LRS_USERNAME and "
            "MICROMOMENTS_LRS_PASSWORD (or MICROMOMENTS_LRS_CREDENTIALS_FILE)"
        )
    return f"the LRS answered {status}"


def sender_from_environment() -> StatementSender | None:
    """The sender for this process's settings and course database (``MICROMOMENTS_DB``), or
    None when reporting is off. :class:`ReportingConfigError` if a setting is wrong."""
    from widgets.reporting.config import load_config
    from widgets.store import Storage

    config = load_config()
    return StatementSender(config, Storage) if config is not None else None
