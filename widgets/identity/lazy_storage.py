"""LazyStorage: a page kernel's store, opened on first use.

A page builds its widgets, and Voila sends the page, before anyone is known: nothing on it
reads the database yet. So the store (SQLAlchemy, a tenth of a second to import) is opened
only when it is first used, once the browser has said who the learner is. Meanwhile, once the
kernel has been idle for a moment (the notebook has run, the browser is loading the page),
a thread imports SQLAlchemy and the kernel then opens the store between two messages, so
that the learner's first answer does not wait for either (issue 30).
"""

from __future__ import annotations

import asyncio
import importlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from widgets.store import Reporter, Storage

#: how long the kernel must have run no cell before the thread imports (Voila sends the next
#: cell of a notebook within milliseconds of the last)
QUIET_SECONDS = 0.05
#: third-party modules only: the thread never imports the course's own modules, which the
#: kernel's main thread may be importing at the same moment (two threads importing modules
#: that import each other can deadlock)
PRELOADED = ("sqlalchemy", "sqlalchemy.dialects.sqlite", "sqlalchemy.pool")


class LazyStorage:
    """Stands for a :class:`~widgets.store.Storage` until it is needed: every attribute but
    ``reporter`` opens the store (once) and is read from it. ``on_open(storage)`` is called
    when it opens."""

    def __init__(self, reporter: Reporter | None, on_open: Callable[[Storage], None]):
        self.reporter = reporter
        self._on_open = on_open
        self._storage: Storage | None = None
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        """True once the store has been opened."""
        return self._storage is not None

    def opened(self) -> Storage:
        """The store, opened now if it was not."""
        if self._storage is not None:  # every store call comes here: no lock once open
            return self._storage
        with self._lock:
            if self._storage is None:
                from widgets.store import Storage

                self._storage = Storage(reporter=self.reporter)
                opened = self._storage
            else:
                return self._storage
        self._on_open(opened)
        return opened

    def __getattr__(self, name: str) -> Any:
        # only called for attributes not set in __init__
        return getattr(self.opened(), name)


class IdlePreloader:
    """Imports :data:`PRELOADED` in a thread once the kernel's shell has run no cell for
    :data:`QUIET_SECONDS` (told by IPython's ``pre_run_cell`` and ``post_run_cell``), then
    has ``then()`` called on the kernel's own event loop (between two messages of the main
    thread: the store is opened there, as everything else that touches it)."""

    def __init__(self, then: Callable[[], object] | None = None) -> None:
        self._then = then
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle_since: float | None = None
        self._changed = threading.Event()
        self.done = threading.Event()

    def start(self, shell: Any) -> None:
        """Watch ``shell``'s cells and start the thread (from the kernel's main thread)."""
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None
        shell.events.register("pre_run_cell", self._busy)
        shell.events.register("post_run_cell", self._idle)
        threading.Thread(target=self._run, name="preload-store", daemon=True).start()

    def _busy(self, *_args: Any) -> None:
        self._idle_since = None
        self._changed.set()

    def _idle(self, *_args: Any) -> None:
        self._idle_since = time.monotonic()
        self._changed.set()

    def _run(self) -> None:
        while True:
            since = self._idle_since
            if since is not None and time.monotonic() - since >= QUIET_SECONDS:
                break
            self._changed.clear()
            self._changed.wait(QUIET_SECONDS if since is not None else None)
        try:
            for name in PRELOADED:
                importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the store imports them again when it opens
            pass
        if self._then is not None and self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._call_then)
        self.done.set()

    def _call_then(self) -> None:
        try:
            self._then()  # type: ignore[misc]
        except Exception:  # noqa: BLE001 - the first real use opens it again, and says why
            pass


def preload_when_idle(then: Callable[[], object] | None = None) -> IdlePreloader | None:
    """Start an :class:`IdlePreloader` on this kernel's shell (None outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or not hasattr(shell, "events"):
        return None
    preloader = IdlePreloader(then)
    preloader.start(shell)
    return preloader
