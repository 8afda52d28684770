"""A page is built without the database: the store opens when first used (issue 30)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from widgets.identity.lazy_storage import IdlePreloader, LazyStorage
from widgets.store import Storage

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"

BUILD_THEN_OPEN = """
import json, sys
cells = [''.join(c['source']) for c in json.load(open(sys.argv[1]))['cells']
         if c['cell_type'] == 'code']
for cell in cells:
    exec(cell)
built_without = 'sqlalchemy' not in sys.modules
from widgets.identity.session import get_session
session = get_session()
was_open = session.storage.is_open
with session.storage.transaction():
    pass
print(json.dumps({'built_without': built_without, 'was_open': was_open,
                  'open_now': session.storage.is_open,
                  'has_sqlalchemy': 'sqlalchemy' in sys.modules}))
"""


@pytest.mark.parametrize(
    "notebook", ["03_names.ipynb", "00_home.ipynb", "journal.ipynb", "workshop.ipynb"]
)
def test_a_served_page_is_built_before_the_store_is_opened(notebook, tmp_path):
    """In a Voila kernel, running the page's cells imports no SQLAlchemy; the first use of
    the store opens it, and it works."""
    environment = {**os.environ, "MICROMOMENTS_DB": str(tmp_path / "course.sqlite3"),
                   "VOILA_BASE_URL": "/"}
    run = subprocess.run(
        [sys.executable, "-c", BUILD_THEN_OPEN, str(NOTEBOOKS / notebook)],
        cwd=NOTEBOOKS, env=environment, capture_output=True, text=True, timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"built_without": True, "was_open": False, "open_now": True,
                      "has_sqlalchemy": True}


def test_the_store_opens_once_on_first_use_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("MICROMOMENTS_DB", str(tmp_path / "course.sqlite3"))
    opened: list[Storage] = []
    reporter = object()
    lazy = LazyStorage(reporter, opened.append)  # type: ignore[arg-type]
    assert lazy.reporter is reporter and not lazy.is_open and opened == []
    learners = lazy.learners
    assert lazy.is_open and len(opened) == 1 and isinstance(opened[0], Storage)
    assert opened[0].reporter is reporter and learners is opened[0].learners
    with lazy.transaction():
        pass
    assert lazy.opened() is opened[0] and len(opened) == 1


class Events:
    """The part of IPython's event manager the preloader uses."""

    def __init__(self) -> None:
        self.callbacks: dict[str, list] = {}

    def register(self, name: str, callback) -> None:
        self.callbacks.setdefault(name, []).append(callback)

    def trigger(self, name: str) -> None:
        for callback in self.callbacks.get(name, []):
            callback(None)


def test_the_preloader_waits_until_the_cells_have_run():
    shell = type("Shell", (), {"events": Events()})()
    preloader = IdlePreloader()
    preloader.start(shell)
    assert not preloader.done.wait(0.3)  # no cell has run yet: the notebook may be coming
    shell.events.trigger("pre_run_cell")
    assert not preloader.done.wait(0.2)  # a cell is running
    shell.events.trigger("post_run_cell")
    assert preloader.done.wait(10)


def test_the_store_is_opened_on_the_kernels_own_thread_once_idle():
    """``then`` runs on the event loop that started the preloader (in a kernel, its main
    thread, where the store is used), after the import: not on the preloading thread."""

    async def kernel() -> list[threading.Thread]:
        called: list[threading.Thread] = []
        shell = type("Shell", (), {"events": Events()})()
        preloader = IdlePreloader(then=lambda: called.append(threading.current_thread()))
        preloader.start(shell)
        shell.events.trigger("post_run_cell")
        for _ in range(200):
            if called:
                break
            await asyncio.sleep(0.05)
        return called

    # the "kernel" runs its loop on a thread of its own (the test process may run a loop
    # of its own already, as Playwright's does)
    called: list[threading.Thread] = []
    loop_thread = threading.Thread(target=lambda: called.extend(asyncio.run(kernel())))
    loop_thread.start()
    loop_thread.join(30)
    assert called == [loop_thread]
