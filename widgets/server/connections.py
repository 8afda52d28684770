"""How much of the server one browser may hold: open kernel websockets and messages a second.

* **Websockets** are counted per kernel, per browser and per client address, and in all. A
  page needs one or two; every websocket costs the server several file descriptors (its
  ZeroMQ channels), so without a cap a few hundred sockets to one's own kernel ran the server
  out of descriptors and every page, for everyone, failed. Past a cap the websocket is refused
  (HTTP 429) before any ZeroMQ socket is made.
* **Messages** from pages go through a token bucket per kernel: a burst, then a steady rate
  well above what a person clicking and typing sends. What goes over is dropped; the log gets
  one line when a connection starts dropping and one with the total when it closes.
* **File descriptors** are checked at start: the soft limit is raised to the hard one, and
  the websocket cap is kept within what the limit holds, with a clear log line if it is low.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field

log = logging.getLogger("micromoments.server")

#: descriptors one kernel websocket takes in the server (its ZeroMQ channels), with headroom
FDS_PER_SOCKET = 12
#: descriptors kept for everything else (listening socket, database, kernels' own channels)
FDS_RESERVED = 512


@dataclass
class SocketCaps:
    """Most websockets open at once: per kernel, per browser, per address, in all."""

    per_kernel: int = 4
    per_browser: int = 40
    per_address: int = 400
    total: int = 2000


@dataclass
class OpenSockets:
    """The server's open kernel websockets, counted as they are admitted and closed."""

    caps: SocketCaps = field(default_factory=SocketCaps)
    kernels: Counter = field(default_factory=Counter)
    browsers: Counter = field(default_factory=Counter)
    addresses: Counter = field(default_factory=Counter)

    def admit(self, kernel: str, browser: str, address: str) -> str:
        """Count a new websocket; '' if admitted, else why not (nothing is counted then)."""
        if sum(self.kernels.values()) >= self.caps.total:
            return "the server holds as many connections as it can"
        if self.kernels[kernel] >= self.caps.per_kernel:
            return "this page already has its connections"
        if self.browsers[browser] >= self.caps.per_browser:
            return "this browser already holds many connections"
        if self.addresses[address] >= self.caps.per_address:
            return "this network already holds many connections"
        self.kernels[kernel] += 1
        self.browsers[browser] += 1
        self.addresses[address] += 1
        return ""

    def release(self, kernel: str, browser: str, address: str) -> None:
        """A counted websocket has closed (or never opened)."""
        for counter, key in ((self.kernels, kernel), (self.browsers, browser),
                             (self.addresses, address)):
            counter[key] -= 1
            if counter[key] <= 0:
                del counter[key]


@dataclass
class MessageBudget:
    """A token bucket: ``burst`` messages at once, then ``rate`` a second."""

    rate: float = 20.0
    burst: float = 200.0
    tokens: float = -1.0
    updated: float = 0.0

    def take(self, moment: float | None = None) -> bool:
        """True if one more message may pass now."""
        moment = time.monotonic() if moment is None else moment
        if self.tokens < 0:
            self.tokens, self.updated = self.burst, moment
        self.tokens = min(self.burst, self.tokens + (moment - self.updated) * self.rate)
        self.updated = moment
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class QuietLog:
    """Log lines about refusals a client can cause at will: the first, then one a minute
    with the count (a flood of refused requests must not become a flood of log lines)."""

    def __init__(self, every: float = 60.0):
        self.every = every
        self.counts: Counter = Counter()
        self.logged_at: dict[str, float] = {}

    def warn(self, what: str) -> None:
        """Count one refusal of kind ``what``; log it when the last line is old enough."""
        self.counts[what] += 1
        moment = time.monotonic()
        if moment - self.logged_at.get(what, -self.every) >= self.every:
            log.warning("%s (%d times since the last line about it)", what, self.counts[what])
            self.counts[what] = 0
            self.logged_at[what] = moment


def descriptor_budget(wanted_kernels: int) -> int:
    """Raise the open-file soft limit as far as allowed and return how many websockets it
    holds; log a clear line when that is fewer than two for each kernel."""
    try:
        import resource
    except ImportError:  # not on Unix: nothing to check
        return SocketCaps().total
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, target), hard))
            soft = max(soft, target)
        except (ValueError, OSError):
            pass
    sockets = max(16, (soft - FDS_RESERVED) // FDS_PER_SOCKET)
    if sockets < 2 * wanted_kernels:
        log.warning(
            "The open-file limit (%d) holds only %d kernel connections, fewer than two for "
            "each of the %d page kernels allowed. Raise it (for example `ulimit -n 65536` "
            "before starting, or LimitNOFILE=65536 in a systemd unit), or lower "
            "--CourseVoila.max_kernels.", soft, sockets, wanted_kernels,
        )
    return sockets
