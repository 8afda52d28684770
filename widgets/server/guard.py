"""Who may use a page's kernel, and how many kernels the server runs.

* Every browser gets a random *owner* cookie (HttpOnly, SameSite=Lax) the first time it
  opens a page; each kernel is bound to the owner of the page that started it. The kernel's
  websocket, its shutdown and the kernel API answer that browser only: knowing a kernel id is
  not enough to read, drive or stop someone else's page.
* Running kernels are capped, in total and per client address; a page asked for beyond the
  cap gets a "the course is busy" page that retries by itself.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from widgets.settings import ADDRESS_DIR, BROWSER

OWNER_COOKIE = "mm_owner"
#: where page kernels read their browser's address (see widgets/identity/page_request.py)
ADDRESS_DIR_VARIABLE = ADDRESS_DIR.variable
#: the browser id a kernel started for its request gets (the same name in page_request.py)
BROWSER_VARIABLE = BROWSER.variable
#: memory one page kernel takes, with headroom: a room of 150 grew the machine's memory in
#: use by 59 MiB a kernel (each kernel's RSS is about 80 MiB, but that counts the shared
#: libraries in every kernel); see the README's "Sizing a server"
KERNEL_MIB = 75
#: share of the machine's memory the page kernels may take by default
MEMORY_SHARE = 0.5
RETRY_SECONDS = 5


def new_owner_secret() -> str:
    """A browser's owner secret (192 random bits)."""
    return secrets.token_urlsafe(24)


def owner_hash(secret: str) -> str:
    """What the server keeps of an owner secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def default_max_kernels() -> int:
    """How many page kernels fit in half this machine's memory (at least 4, at most 400)."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        memory = 4 * 1024**3
    return max(4, min(400, int(memory * MEMORY_SHARE / (KERNEL_MIB * 1024**2))))


@dataclass
class PageKernels:
    """The server's record of page kernels: owner and client address of each, and the
    kernels being started right now (reserved before the first ``await``, so that many
    requests arriving together cannot all pass the cap).

    Preheated kernels waiting in Voila's pools belong to no one and are not counted: the
    pools are the host's own setting, on top of the cap. With ``address_dir`` set, each
    kernel's client address is written there when the kernel is bound to a browser, for the
    kernel to read (a preheated kernel was started before its request)."""

    owners: dict[str, tuple[str, str]] = field(default_factory=dict)
    starting: dict[str, int] = field(default_factory=dict)
    address_dir: Path | None = None

    def prune(self, live: set[str]) -> None:
        """Forget kernels that no longer run."""
        for kernel_id in [k for k in self.owners if k not in live]:
            del self.owners[kernel_id]
            if self.address_dir is not None:
                (self.address_dir / kernel_id).unlink(missing_ok=True)

    def bound_count(self) -> int:
        """Kernels bound to a browser (prune first)."""
        return len(self.owners)

    def running(self, address: str) -> int:
        """Kernels running or starting for one client address."""
        mine = sum(1 for _owner, at in self.owners.values() if at == address)
        return mine + self.starting.get(address, 0)

    def starting_count(self) -> int:
        """Kernels reserved and not started yet."""
        return sum(self.starting.values())

    def reserve(self, address: str) -> None:
        """Count a kernel about to start for ``address``."""
        self.starting[address] = self.starting.get(address, 0) + 1

    def release(self, address: str) -> None:
        """The reserved kernel has started (and is registered) or will not start."""
        left = self.starting.get(address, 0) - 1
        if left > 0:
            self.starting[address] = left
        else:
            self.starting.pop(address, None)

    def register(self, kernel_id: str, owner: str, address: str, browser: str = "") -> None:
        """Bind a new kernel to the hash of its browser's owner secret; leave the kernel its
        client's address and browser id (see widgets/identity/page_request.py)."""
        self.owners[kernel_id] = (owner, address)
        if self.address_dir is not None:  # kernel ids come from the kernel manager
            (self.address_dir / kernel_id).write_text(f"{address}\n{browser}\n", encoding="utf-8")

    def owned_by(self, kernel_id: str, owner: str | None) -> bool:
        """True if ``owner`` (the hash of a signed owner secret) started the kernel."""
        entry = self.owners.get(kernel_id)
        if entry is None or not owner:
            return False
        return hmac.compare_digest(entry[0], owner)


BUSY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{seconds}">
<title>The course is busy</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; padding: 2rem; line-height: 1.5;
       color: #1f1f1f; background: #ffffff; }}
@media (prefers-color-scheme: dark) {{ body {{ color: #f0f0f0; background: #1b1b1b; }} }}
main {{ max-width: 36rem; margin: 10vh auto; }}
</style></head>
<body><main role="main">
<h1>The course is busy</h1>
<p role="status">Many people are using the course right now. This page will retry in a
moment by itself ({seconds} seconds); you do not need to do anything.</p>
<p>If it keeps showing this page, close other course tabs you have open, or try again in a
few minutes.</p>
</main></body></html>
"""


def busy_page() -> str:
    """The page shown instead of a course page while the server is at its cap."""
    return BUSY_PAGE.format(seconds=RETRY_SECONDS)
