"""Shared fixtures: a real Voila server on a free port, headless Debian Chromium, and a real
PostgreSQL server beside SQLite for the store's tests."""

from __future__ import annotations

import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from lrs_server import LrsServer
from postgres_server import PostgresServer
from processes import stop_process

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("MICROMOMENTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


def pytest_configure(config):
    """Keep every test (and every notebook kernel nbval starts) off the learner's own data."""
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="mm-test-"))
    os.environ["MICROMOMENTS_DB"] = str(scratch / "db.sqlite3")
    os.environ["MICROMOMENTS_CACHE"] = str(scratch / "cache")
    # the servers' cookie key (one for every server the tests start, as on one machine)
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")


#: test modules that start a course server of their own (not in `make check`)
SERVER_MODULES = {
    "test_serve", "test_shared_network", "test_hostile_rules", "test_pools",
    "test_hostile_clients",
}


def pytest_collection_modifyitems(config, items):
    """Mark the tests that start a course server, so `make check` can leave them out."""
    for item in items:
        module = getattr(item, "module", None)  # a notebook cell (nbval) has none
        if (module is not None and module.__name__.rsplit(".", 1)[-1] in SERVER_MODULES) or (
            "voila_server" in getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.server)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test run (Debian's package, a temporary folder, a free
    port), stopped and removed at the end."""
    server = PostgresServer(free_port())
    yield server
    server.destroy()


@pytest.fixture(scope="session")
def lrs_server() -> Iterator[LrsServer]:
    """A real LRS (Ralph) of this test run, on a free port in a temporary folder."""
    server = LrsServer(free_port())
    yield server
    server.destroy()


@pytest.fixture
def lrs(lrs_server: LrsServer) -> Iterator[LrsServer]:
    """The test run's LRS, running (a test that stopped it has it started again after)."""
    lrs_server.start()
    yield lrs_server
    lrs_server.start()


class CourseDatabase:
    """An empty course database on one backend: ``target`` is what ``Storage`` and
    ``MICROMOMENTS_DB`` take (a SQLite path or a PostgreSQL URL); :meth:`rows` reads it
    directly, without the course's code."""

    def __init__(self, backend: str, target: str, rows):
        self.backend = backend
        self.target = target
        self.rows = rows

    def count(self, table: str) -> int:
        """Rows in a table."""
        return self.rows(f"SELECT COUNT(*) FROM {table}")[0][0]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> Iterator[CourseDatabase]:
    """The same test on a SQLite file and on a database of the real PostgreSQL server."""
    if request.param == "sqlite":
        path = tmp_path / "db.sqlite3"

        def rows(sql: str) -> list[tuple]:
            with sqlite3.connect(path) as connection:
                return connection.execute(sql).fetchall()

        yield CourseDatabase("sqlite", str(path), rows)
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = "course_" + secrets.token_hex(6)
    url = server.create_database(name)
    yield CourseDatabase("postgresql", url, lambda sql: server.query(name, sql))
    server.drop_database(name)


def wait_until_answering(url: str, process: subprocess.Popen, name: str,
                         log: Callable[[], str], timeout: float = 60) -> None:
    """Block until a server started as ``process`` answers at ``url`` (any HTTP status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited early:\n{log()}")
        try:
            urllib.request.urlopen(url + "/voila/static/", timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{name} did not start within {timeout} s:\n{log()}")


class VoilaServer:
    """A course server started exactly as `make serve` starts it, on its own port and database."""

    def __init__(
        self, data_dir: Path, extra_args: tuple[str, ...] = (), database: str | None = None,
        environment: dict[str, str] | None = None,
    ):
        self.data_dir = data_dir
        self.database = database or str(data_dir / "course.sqlite3")
        env = {**os.environ, "MICROMOMENTS_DB": self.database, **(environment or {})}
        for attempt in range(3):
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.log_path = data_dir / f"voila-{self.port}.log"
            self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "widgets", "serve", "--port", str(self.port), *extra_args],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=self._log,
                stderr=subprocess.STDOUT,
            )
            try:
                self._wait_until_up()
                return
            except RuntimeError:
                # another process took the free port between the probe and the bind: a new
                # port, not a failure of the course
                if attempt == 2 or "already in use" not in self.log():
                    raise
                self._log.close()

    def _wait_until_up(self, timeout: float = 60) -> None:
        wait_until_answering(self.url, self.process, "Voila", self.log, timeout)

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text()

    def kernels(self) -> list[psutil.Process]:
        """The kernel processes this server runs."""
        found = []
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                if "ipykernel" in " ".join(child.cmdline()):
                    found.append(child)
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                pass  # a kernel exiting just now is not one the server runs
        return found

    def stop(self) -> None:
        stop_process(self.process)
        self._log.close()


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    server = VoilaServer(tmp_path_factory.mktemp("voila"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_server_dark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """The same course served with Voila's dark theme (``--`` ends our own options)."""
    server = VoilaServer(tmp_path_factory.mktemp("voila-dark"), extra_args=("--", "--theme=dark"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # Playwright's expect gives up after 5 s; a page whose kernel starts cold on a loaded
    # two-core machine (the other test worker busy) can take longer. A check that holds
    # still passes as soon as it does: only a failing one waits the whole 20 s.
    expect.set_options(timeout=20_000)

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def leave_pages(context) -> None:
    """Leave every page of a context as a learner would (Voila then shuts each page's kernel
    down), so that a long test run does not pile up idle kernels until the culler comes."""
    for page in list(context.pages):
        try:
            page.goto("about:blank", timeout=5_000)
        except Exception:  # noqa: BLE001 - a page that cannot be left is closed all the same
            pass


@pytest.fixture(autouse=True)
def _leave_open_pages(request):
    """After a browser test, leave the pages of the contexts it opened and did not close
    (contexts of wider-scoped fixtures, such as a queue of pages opened ahead, are kept)."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    for context in browser.contexts:
        if context not in before:
            leave_pages(context)


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    yield context
    leave_pages(context)
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
