"""Serve the course with Voila: the root URL opens the course home, not a file listing.

Settings live in ``voila.json`` at the project root (port, culling, stripped sources, the
kernel caps); this module adds what Voila cannot be configured to do: redirect ``/`` to the
home notebook, drop the directory listing, the contents API and the login pages, and put the
course's guarded handlers (:mod:`widgets.server.handlers`) in place of Voila's.
"""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import platformdirs
from jupyter_core.paths import jupyter_config_path
from jupyter_server.utils import url_path_join
from tornado.ioloop import PeriodicCallback
from tornado.web import RedirectHandler
from traitlets import Dict, Float, Int, List, Unicode, default
from voila.app import Voila
from voila.treehandler import VoilaTreeHandler

from widgets.actions.send_statements import sender_from_environment
from widgets.content import PROJECT_ROOT, default_notebooks_dir
from widgets.server.client import parse_networks
from widgets.server.connections import MessageBudget, descriptor_budget
from widgets.server.guard import ADDRESS_DIR_VARIABLE, default_max_kernels
from widgets.server.handlers import (
    BUDGETS,
    KERNELS,
    LIVE,
    REPLACEMENTS,
    SOCKETS,
    NotFound,
    PlainErrors,
)
from widgets.server.pools import SerialRefill
from widgets.server.watchdog import (
    BUSY_SHARE,
    CHECK_SECONDS,
    STOPPED_CODE,
    STOPPED_REASON,
    WINDOW_SECONDS,
    BusyWatch,
    kernel_pids,
)


class CourseVoila(Voila):
    """Voila in directory mode whose root redirects to the course home."""

    name = "voila"
    home_notebook = Unicode(
        "00_home.ipynb", config=True, help="notebook the root URL redirects to"
    )
    max_kernels = Int(
        config=True,
        help="page kernels running at once, in all; past it a page answers 'the course is "
        "busy' and retries by itself (default: what half the machine's memory holds at 75 MiB "
        "a kernel)",
    )
    max_kernels_per_address = Int(
        config=True,
        help="page kernels running at once for one client address (default: half of "
        "max_kernels). Behind a proxy, set trusted_proxies so that the address is the "
        "learner's, not the proxy's.",
    )
    trusted_proxies = List(
        Unicode(), config=True,
        help="addresses or networks of the reverse proxies in front of the course (e.g. "
        "127.0.0.1). A request from one of them is counted against the client address in its "
        "X-Forwarded-For (or X-Real-IP) header; from anywhere else those headers are ignored.",
    )
    sockets_per_kernel = Int(4, config=True, help="kernel websockets one page may hold open")
    sockets_per_browser = Int(40, config=True, help="kernel websockets one browser may hold")
    sockets_per_address = Int(
        config=True, help="kernel websockets one client address may hold (default: four for "
        "each kernel it may run, at least 100)",
    )
    messages_per_second = Float(
        20.0, config=True, help="messages a page's kernel takes a second, after a burst"
    )
    message_burst = Int(200, config=True, help="messages a page may send at once")
    busy_window_seconds = Float(
        WINDOW_SECONDS, config=True,
        help="a page kernel that used a processor for most of this long is stopped",
    )
    busy_check_seconds = Float(CHECK_SECONDS, config=True, help="how often kernels are checked")
    busy_share = Float(
        BUSY_SHARE, config=True,
        help="the share of one processor a page kernel may use over busy_window_seconds",
    )
    cookie_secret_file = Unicode(
        config=True,
        help="file holding the key that signs owner cookies (made on first start); servers "
        "behind one proxy share it, and browsers stay known across restarts (default: in the "
        "course's data folder)",
    )

    @default("cookie_secret_file")
    def _default_cookie_secret_file(self) -> str:
        folder = platformdirs.user_data_dir("micromoments", appauthor=False)
        return str(Path(folder) / "cookie_secret")

    pool_sizes = Dict(
        value_trait=Int(), config=True,
        help="preheated kernels to keep ready per notebook, over voila.json's "
        "VoilaKernelManager.kernel_pools_config (e.g. workshop.ipynb=40 before a workshop)",
    )

    @default("max_kernels")
    def _default_max_kernels(self) -> int:
        return default_max_kernels()

    @default("max_kernels_per_address")
    def _default_per_address(self) -> int:
        return max(1, self.max_kernels // 2)

    @default("sockets_per_address")
    def _default_sockets_per_address(self) -> int:
        return max(100, 4 * self.max_kernels_per_address)

    @default("config_file_paths")
    def _config_file_paths_default(self) -> list[str]:
        return [str(PROJECT_ROOT), *jupyter_config_path()]

    def init_settings(self) -> dict[str, Any]:
        # traitlets leaves the logger at DEBUG and filters in the handler: every debug line
        # of every kernel message was formatted into a record, then dropped
        self.log.setLevel(self.log_level)
        # before Voila creates the kernel manager, which starts the pools at once
        self._prepare_kernel_environment()
        pools = dict(self.config.VoilaKernelManager.get("kernel_pools_config", {}))
        for notebook, size in self.pool_sizes.items():
            pools[notebook] = {**pools.get(notebook, {}), "pool_size": max(0, int(size))}
        self.config.VoilaKernelManager.kernel_pools_config = pools
        self._apply_connection_limits()
        self.cookie_secret = read_or_make_secret(Path(self.cookie_secret_file))
        self._bring_the_database_up_to_date()
        settings = super().init_settings()
        self._start_statement_sender()
        if hasattr(self.kernel_manager, "fill_delay"):  # preheating is on
            SerialRefill(self.kernel_manager, self.kernel_manager.fill_delay)
        return settings

    def _bring_the_database_up_to_date(self) -> None:
        """Open the course's store once before any page does, in a process of its own: a new
        or older database is migrated now, so no page kernel imports Alembic, and the server
        process never holds Alembic either. A store that cannot be opened is logged; each
        page then says so to its learner, as before."""
        script = "from widgets.store import Storage\nStorage().close()\n"
        try:
            done = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            self.log.warning("The course database could not be prepared: %s", error)
            return
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
            self.log.warning("The course database could not be prepared: %s", reason)

    def _apply_connection_limits(self) -> None:
        """The proxies to believe, the websocket caps (within what the open-file limit
        holds) and every kernel's message budget."""
        self.proxy_networks = parse_networks(self.trusted_proxies)
        if self.config.get("ServerApp", {}).get("trust_xheaders"):
            self.log.warning(
                "ServerApp.trust_xheaders does nothing for the course server: set "
                "--CourseVoila.trusted_proxies to your proxy's address instead."
            )
        caps = SOCKETS.caps
        caps.per_kernel = max(1, self.sockets_per_kernel)
        caps.per_browser = max(1, self.sockets_per_browser)
        caps.per_address = max(1, self.sockets_per_address)
        caps.total = descriptor_budget(self.max_kernels)
        rate, burst = max(1.0, self.messages_per_second), max(1, self.message_burst)
        BUDGETS.default_factory = lambda: MessageBudget(rate=rate, burst=burst)

    def listen(self) -> None:
        every = max(0.5, self.busy_check_seconds)
        PeriodicCallback(self._stop_busy_kernels, every * 1000).start()
        super().listen()

    _busy_watch: BusyWatch | None = None

    async def _stop_busy_kernels(self) -> None:
        """Shut down page kernels that kept a processor busy (see widgets/server/watchdog.py)
        and tell their pages."""
        self._busy_watch = self._busy_watch or BusyWatch(
            window=self.busy_window_seconds, share=self.busy_share
        )
        bound = list(KERNELS.owners)
        for kernel_id in self._busy_watch.over_bound(kernel_pids(self.kernel_manager, bound)):
            self.log.warning("kernel %s kept a processor busy for a minute: stopped", kernel_id)
            for socket in list(LIVE.get(kernel_id, ())):
                socket.close(STOPPED_CODE, STOPPED_REASON)
            try:
                await self.kernel_manager.shutdown_kernel(kernel_id, now=True)
            except Exception as error:  # noqa: BLE001 - it may have stopped by itself
                self.log.warning("kernel %s could not be stopped: %s", kernel_id, error)

    def _start_statement_sender(self) -> None:
        """When the host reports to an LRS: deliver the outbox from this server process, in
        a thread of its own, so no page ever waits for the LRS."""
        sender = sender_from_environment()  # the command line checked the settings first
        if sender is None:
            return
        for name in ("widgets.reporting", "widgets.actions.send_statements"):
            sender_log = logging.getLogger(name)
            sender_log.setLevel(logging.INFO)
            sender_log.propagate = False
            for handler in self.log.handlers:
                sender_log.addHandler(handler)
        sender.start()
        atexit.register(sender.stop, 5.0)
        self.log.info("xAPI statements go to %s", sender.config.statements_url)

    def _prepare_kernel_environment(self) -> None:
        """Folders every page kernel inherits through this server's environment: where the
        server leaves each kernel its client's address, and an IPython profile that keeps
        no history (a page runs its notebook, never a learner's code, and 50 kernels
        writing one history database at start wait on each other's locks). Startup files of
        an ``IPYTHONDIR`` the server was started with are kept (the tests slow every page
        kernel down that way)."""
        folder = Path(tempfile.mkdtemp(prefix="micromoments-kernels-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        addresses = folder / "addresses"
        addresses.mkdir()
        KERNELS.address_dir = addresses
        os.environ[ADDRESS_DIR_VARIABLE] = str(addresses)
        profile = folder / "ipython" / "profile_default"
        profile.mkdir(parents=True)
        given = Path(os.environ.get("IPYTHONDIR", "")) / "profile_default" / "startup"
        if os.environ.get("IPYTHONDIR") and given.is_dir():
            shutil.copytree(given, profile / "startup")
        (profile / "ipython_kernel_config.py").write_text(
            "c.HistoryManager.enabled = False\n", encoding="utf-8"
        )
        os.environ["IPYTHONDIR"] = str(folder / "ipython")

    def init_handlers(self) -> list:
        handlers = [
            _course_handler(handler)
            for handler in super().init_handlers()
            if not _is_listing(handler)
        ]
        home = url_path_join(self.base_url, "voila/render", self.home_notebook)
        to_home = {"url": home, "permanent": False}
        first = [
            (self.server_url, RedirectHandler, to_home),
            (url_path_join(self.server_url, r"/voila/tree(/.*)?"), RedirectHandler, to_home),
            (url_path_join(self.server_url, r"/(login|logout)"), NotFound),
        ]
        return first + handlers


def read_or_make_secret(path: Path) -> bytes:
    """The key in ``path``, made (32 random bytes, readable by the owner only) if missing."""
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        secret = b""
    if len(secret) < 32:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(secret)
    return secret


def _is_listing(handler: tuple) -> bool:
    handler_class = handler[1]
    pattern = handler[0]
    return (isinstance(handler_class, type) and issubclass(handler_class, VoilaTreeHandler)) or (
        "/voila/api/contents" in pattern
    )


def _course_handler(handler: tuple) -> tuple:
    replacement = REPLACEMENTS.get(handler[1], handler[1])
    if isinstance(replacement, type) and not issubclass(replacement, PlainErrors):
        # every error as a short plain answer: jupyter_server's error templates are missing
        # under Voila, so a 404 became a second exception with a traceback in the log
        replacement = type(replacement.__name__, (PlainErrors, replacement), {})
    return (handler[0], replacement, *handler[2:])


#: the course's own Voila template ("course", voila.json), found through JUPYTER_PATH
TEMPLATES = Path(__file__).with_name("share") / "jupyter"


def use_course_template() -> None:
    """Let Voila find the course's page template (share/jupyter/voila/templates/course)."""
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if str(TEMPLATES) not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in [str(TEMPLATES), *paths] if p)


def serve(port: int | None = None, ip: str | None = None, extra_args: Sequence[str] = ()) -> None:
    """Start the course server (blocks until stopped)."""
    argv = [str(default_notebooks_dir())]
    if port is not None:
        argv.append(f"--port={port}")
    if ip is not None:
        argv.append(f"--Voila.ip={ip}")
    argv.extend(extra_args)
    use_course_template()
    CourseVoila.launch_instance(argv)
