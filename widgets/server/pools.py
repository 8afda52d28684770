"""Voila's preheated pools, refilled one kernel at a time.

Voila refills a pool as soon as a page takes a kernel from it: 40 learners opening the join
link together start 40 new kernels within seconds, and every one of them runs the notebook
(about a CPU second each, the HTML rendered in the server process), on the cores the 40
learners' own kernels need. Here the pools are refilled by one background task, one kernel
after another, each started only once the one before has finished its notebook: a pool
comes back within a minute or so, and the learners who just arrived keep most of the machine.
The refills also wait for a lull: until no page has been taken from a pool for ``delay``
seconds (Voila's ``fill_delay``), or at most :data:`MAX_WAIT` seconds, so a room arriving
together has the whole machine while it arrives.

Voila also hands the refill the URL of the request that emptied the pool (its query too,
so a learner's ``?code=``) as the new kernel's ``VOILA_REQUEST_URL``; the refills started
here get no request's details.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

log = logging.getLogger("micromoments.server")
#: the longest a pool waits for a lull before refilling anyway (a steady trickle of learners)
MAX_WAIT = 60.0


class SerialRefill:
    """Takes over ``fill_if_needed`` of a preheating kernel manager (Voila's
    ``VoilaKernelManager``): the first fill at start is Voila's own, every refill after it
    goes through :meth:`request`."""

    def __init__(self, manager: Any, delay: float):
        self.manager = manager
        self.delay = delay
        self._voila_fill = manager.fill_if_needed
        self._wanted: set[str] = set()
        self._worker: asyncio.Future | None = None
        self._last_taken = 0.0
        manager.fill_if_needed = self.request

    def _settings(self, notebook: str) -> dict[str, Any]:
        """The pool settings of ``notebook``, or the default ones (as Voila reads them)."""
        pools = self.manager.kernel_pools_config
        return pools.get(notebook, pools.get("default", {}))

    def target(self, notebook: str) -> int:
        """The pool size the host set for ``notebook`` (as Voila reads it)."""
        default = self.manager.kernel_pools_config.get("default", {})
        return int(self._settings(notebook).get("pool_size", default.get("pool_size", 1)))

    def waiting(self, notebook: str) -> int:
        """Kernels in the pool of ``notebook``, started or starting."""
        return len(self.manager._pools.get(notebook, ()))

    def request(self, delay: float | None = None, notebook_name: str | None = None,
                **_request_details: Any) -> None:
        """Note that a pool may be short; the refill task tops it up (the request's own
        details, which Voila would pass on to the next learner's kernel, are dropped)."""
        if notebook_name is None:
            return
        self._wanted.add(notebook_name)
        self._last_taken = time.monotonic()
        if self._worker is None or self._worker.done():
            self._worker = asyncio.ensure_future(self._refill())

    async def _lull(self, since: float) -> None:
        """Wait until no page was taken for ``delay`` seconds, or MAX_WAIT has passed."""
        while True:
            now = time.monotonic()
            quiet_at = self._last_taken + self.delay
            if now >= quiet_at or now - since >= MAX_WAIT:
                return
            await asyncio.sleep(min(quiet_at, since + MAX_WAIT) - now)

    async def _refill(self) -> None:
        while True:
            await self._lull(since=time.monotonic())
            short = [nb for nb in sorted(self._wanted) if self.waiting(nb) < self.target(nb)]
            if not short:
                return
            for notebook in short:
                try:
                    await self._start_one(notebook)
                except Exception:  # noqa: BLE001 - a failed start must not stop the refills
                    log.exception("a preheated kernel for %s did not start", notebook)
                    await asyncio.sleep(5)

    async def _start_one(self, notebook: str) -> None:
        pools = self.manager.kernel_pools_config
        entry = {**self._settings(notebook), "pool_size": self.waiting(notebook) + 1}
        # Voila starts as many kernels as the pool is short of: ask for exactly one more
        self.manager.kernel_pools_config = {**pools, notebook: entry}
        try:
            self._voila_fill(delay=0, notebook_name=notebook)
        finally:
            self.manager.kernel_pools_config = pools
        pool = self.manager._pools[notebook]
        task = pool[-1]
        try:
            started = await task
            await started["task"]  # the notebook has run: the next kernel may start
        except Exception:
            if task in pool:  # a page must never be handed a kernel that did not start
                pool.remove(task)
            raise
