"""Stops a page kernel that keeps a processor busy for most of a minute.

A page's work is a few clicks and a chart or two: well under a processor second a minute.
With the message budget (:mod:`widgets.server.connections`) a page cannot queue work faster
than that, but a kernel that is busy anyway (a callback that loops) would hold a core until
it is culled, and culling never takes a busy kernel. Every :data:`CHECK_SECONDS` the server
reads each browser-bound kernel's processor time; a kernel that used more than
:data:`BUSY_SHARE` of the last :data:`WINDOW_SECONDS` is shut down, and its page is told
(the websocket closes with code 4001, which the course's page template shows as a banner).
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable

log = logging.getLogger("micromoments.server")

CHECK_SECONDS = 10.0
WINDOW_SECONDS = 60.0
BUSY_SHARE = 0.9
#: the close code (and reason) a stopped page's websockets get
STOPPED_CODE = 4001
STOPPED_REASON = "it kept the server busy"


def processor_seconds(pid: int) -> float | None:
    """User and system time of a process so far (None if it is gone)."""
    try:
        import psutil

        times = psutil.Process(pid).cpu_times()
    except Exception:  # noqa: BLE001 - a process that ended, or no psutil: nothing to measure
        return None
    return times.user + times.system


class BusyWatch:
    """Processor-time samples per kernel, and the kernels over the bound."""

    def __init__(self, measure: Callable[[int], float | None] = processor_seconds,
                 window: float = WINDOW_SECONDS, share: float = BUSY_SHARE):
        self.measure = measure
        self.window = window
        self.share = share
        self.samples: dict[str, deque[tuple[float, float]]] = {}

    def over_bound(self, kernels: Iterable[tuple[str, int]], moment: float | None = None
                   ) -> list[str]:
        """The kernels (id, process id) that used more than ``share`` of the last window."""
        moment = time.monotonic() if moment is None else moment
        busy, seen = [], set()
        for kernel_id, pid in kernels:
            used = self.measure(pid)
            if used is None:
                continue
            seen.add(kernel_id)
            samples = self.samples.setdefault(kernel_id, deque())
            samples.append((moment, used))
            while len(samples) > 1 and samples[1][0] <= moment - self.window:
                samples.popleft()
            start, first = samples[0]
            if moment - start >= self.window * 0.9 and used - first > self.share * (moment - start):
                busy.append(kernel_id)
        for gone in [k for k in self.samples if k not in seen]:
            del self.samples[gone]
        return busy


def kernel_pids(manager: object, kernel_ids: Iterable[str]) -> list[tuple[str, int]]:
    """(kernel id, process id) of the kernels the manager runs locally."""
    found = []
    for kernel_id in kernel_ids:
        try:
            pid = manager.get_kernel(kernel_id).provisioner.pid  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a kernel that just stopped
            continue
        if pid:
            found.append((kernel_id, int(pid)))
    return found
