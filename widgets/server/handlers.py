"""The course's replacements for Voila's request handlers: nothing the browser sends is trusted.

* :class:`CoursePage` renders a notebook for the browser that asked: it gives the browser its
  owner cookie, binds the new kernel to it, and answers with a "busy" page at the kernel cap.
* :class:`CourseKernelWebsocket` accepts only the v1 protocol from the kernel's owner, checks
  every frame's bounds, passes on only the messages the course's front end sends, and strips
  tracebacks and standard error from what goes back.
* :class:`CourseKernelHandler` and :class:`CourseShutdown`: the kernel API and the shutdown
  on leaving, for the owner only. Anyone else gets a 404, as if the kernel did not exist.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.handlers import KernelHandler
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
from tornado.web import HTTPError, RequestHandler
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from widgets.server.client import (
    browser_id,
    client_address,
    owner_of,
    owner_secret,
    served_over_tls,
    set_owner_cookie,
)
from widgets.server.connections import MessageBudget, OpenSockets, QuietLog
from widgets.server.guard import (
    BROWSER_VARIABLE,
    RETRY_SECONDS,
    PageKernels,
    busy_page,
    owner_hash,
)
from widgets.server.protocol import V1_PROTOCOL, FrameError, parse_v1, refusal, scrub_outgoing

log = logging.getLogger("micromoments.server")

#: the page kernels of this server process
KERNELS = PageKernels()
#: the kernel websockets open in this server process, and each kernel's message budget
SOCKETS = OpenSockets()
BUDGETS: defaultdict[str, MessageBudget] = defaultdict(MessageBudget)
#: the open websocket handlers of each kernel (to tell a stopped page)
LIVE: defaultdict[str, set[Any]] = defaultdict(set)
#: kernels whose page flooded them, and until when (monotonic) they take no new websocket
COOLING: dict[str, float] = {}
#: messages over the budget within a second that close a connection (a person never does it)
FLOOD_DROPS = 200
COOL_DOWN_SECONDS = 5.0
#: refusals a client causes at will are logged once a minute, with a count
REFUSALS = QuietLog()
#: largest message a page may send (tornado's default is 10 MiB); a course message is tiny
MAX_MESSAGE_BYTES = 256 * 1024


def _check_owner(handler: RequestHandler, kernel_id: str) -> None:
    if not KERNELS.owned_by(kernel_id, owner_of(handler)):
        raise HTTPError(404)


def request_address(handler: RequestHandler) -> str:
    """The client address a request is counted against (the proxy's word only from a
    trusted proxy: ``--CourseVoila.trusted_proxies``)."""
    app = handler.settings.get("voila")
    proxies = getattr(app, "proxy_networks", ())
    return client_address(handler.request.remote_ip or "", handler.request.headers, proxies)


class PlainErrors:
    """Errors as a short plain-text answer: never a template that may be missing (Voila has
    no 400.html, which turned a refusal into a second, uncaught exception), never a
    traceback."""

    def write_error(self, status_code: int, **_kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")  # type: ignore[attr-defined]
        self.finish(f"{status_code}: {self._reason}")  # type: ignore[attr-defined]


class TemplateFiles(TemplateStaticFileHandler):
    """Voila's template files, with a malformed path (``../..``) refused as a 404 instead
    of an uncaught AssertionError (a 500 with a traceback in the log)."""

    def parse_url_path(self, path: str) -> str:
        try:
            return super().parse_url_path(path)
        except (AssertionError, ValueError) as error:
            raise HTTPError(404) from error

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        try:
            return super().get_absolute_path(root, path)
        except (AssertionError, ValueError) as error:
            raise HTTPError(404) from error


class _StartsOwnedKernels:
    """The kernel manager as a page sees it: a kernel it starts (or takes from the preheated
    pool) is bound to the page's browser, and learns the client's address."""

    def __init__(self, manager: Any, page: CoursePage):
        self._manager = manager
        self._page = page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)

    async def start_kernel(self, **kwargs: Any) -> str:
        kwargs["env"] = {
            **(kwargs.get("env") or {}), "REMOTE_ADDR": self._page.address,
            BROWSER_VARIABLE: browser_id(self._page.owner),
        }
        kernel_id = await ensure_async(self._manager.start_kernel(**kwargs))
        self._page.bind_kernel(kernel_id)
        return kernel_id

    async def get_rendered_notebook(self, *args: Any, **kwargs: Any) -> Any:
        result = await self._manager.get_rendered_notebook(*args, **kwargs)
        self._page.bind_kernel(result[2])
        return result


class CoursePage(PlainErrors, TornadoVoilaHandler):
    """Voila's page with an owner cookie, the kernel cap, and the ``_xsrf`` cookie (the page
    sends it back when the learner leaves, asking for its kernel to be shut down)."""

    owner: str = ""
    address: str = ""
    _reserved = False

    @property
    def kernel_manager(self) -> Any:
        manager = self.settings["kernel_manager"]
        return _StartsOwnedKernels(manager, self) if self.owner else manager

    async def get(self, path: str | None = None) -> None:
        if path and ("\x00" in path or ".." in path.split("/")):
            raise HTTPError(404)
        self.xsrf_token  # noqa: B018 - reading the token is what sets the cookie
        app = self.settings["voila"]
        self.address = request_address(self)
        live = set(self.settings["kernel_manager"].list_kernel_ids())
        KERNELS.prune(live)
        for gone in [kernel for kernel in BUDGETS if kernel not in live]:
            del BUDGETS[gone]  # a stopped kernel's budget (its sockets closed with it)
        for gone in [kernel for kernel in COOLING if kernel not in live]:
            del COOLING[gone]
        if (
            KERNELS.bound_count() + KERNELS.starting_count() >= app.max_kernels
            or KERNELS.running(self.address) >= app.max_kernels_per_address
        ):
            log.warning("kernel cap reached: %s page refused for %s", path, self.address)
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_SECONDS))
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(busy_page())
            return
        secret, new = owner_secret(self)
        if new:
            proxies = getattr(app, "proxy_networks", ())
            request = self.request
            tls = served_over_tls(request.remote_ip or "", request.headers, request.protocol,
                                  proxies)
            set_owner_cookie(self, secret, secure=tls)
        self.owner = owner_hash(secret)
        KERNELS.reserve(self.address)
        self._reserved = True
        try:
            await super().get(path)
        finally:
            self._release()
            # Voila keeps each preheated page's request (its query: a ?code= too) for its
            # request-info socket, which the course does not serve, and never drops it
            for kernel_id in self._kernels:
                RequestInfoSocketHandler._cache.pop(kernel_id, None)

    _kernels: tuple[str, ...] = ()

    def bind_kernel(self, kernel_id: str) -> None:
        """Bind a kernel this page started (or took from a pool) to the page's browser."""
        KERNELS.register(kernel_id, self.owner, self.address, browser_id(self.owner))
        self._kernels = (*self._kernels, kernel_id)
        self._release()

    def _release(self) -> None:
        if self._reserved:
            self._reserved = False
            KERNELS.release(self.address)


class CourseKernelWebsocket(PlainErrors, VoilaKernelWebsocketHandler):
    """A kernel's websocket, for its owner, in the v1 protocol, with every frame checked,
    within the connection caps and the kernel's message budget."""

    _counted: tuple[str, str, str] | None = None
    _dropped = 0

    @property
    def max_message_size(self) -> int:
        return MAX_MESSAGE_BYTES

    async def get(self, kernel_id: str) -> None:  # type: ignore[override]
        _check_owner(self, kernel_id)
        offered = self.request.headers.get("Sec-WebSocket-Protocol", "")
        if V1_PROTOCOL not in [p.strip() for p in offered.split(",")]:
            # the legacy format is parsed by code that trusts the frame's own counts
            raise HTTPError(400, "only the v1 kernel websocket protocol is accepted")
        counted = (kernel_id, owner_of(self) or "", request_address(self))
        if COOLING.get(kernel_id, 0.0) > time.monotonic():
            REFUSALS.warn("websocket refused: the page flooded its kernel a moment ago")
            raise HTTPError(429, "this page flooded its kernel; wait a few seconds")
        refused = SOCKETS.admit(*counted)
        if refused:
            REFUSALS.warn(f"websocket refused: {refused}")
            raise HTTPError(429, refused)
        self._counted = counted
        LIVE[kernel_id].add(self)
        try:
            await super().get(kernel_id)
        finally:
            if self.ws_connection is None:  # the handshake failed: nothing will close
                self._uncount()

    def _log(self) -> None:
        if self.get_status() != 429:  # refusals are counted in REFUSALS, not one line each
            super()._log()

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, HTTPError) and value.status_code == 429:
            return  # counted in REFUSALS
        super().log_exception(typ, value, tb)

    def _uncount(self) -> None:
        if self._counted is not None:
            SOCKETS.release(*self._counted)
            kernel_id = self._counted[0]
            LIVE[kernel_id].discard(self)
            if not LIVE[kernel_id]:
                del LIVE[kernel_id]
            self._counted = None

    def on_close(self) -> None:
        self._uncount()
        if self._dropped:
            log.warning(
                "kernel %s: %d messages over the page's rate were dropped on this connection",
                self.kernel_id, self._dropped,
            )
        super().on_close()

    def select_subprotocol(self, subprotocols: list[str]) -> str | None:
        return V1_PROTOCOL if V1_PROTOCOL in subprotocols else None

    def on_message(self, message: str | bytes) -> None:
        if self.ws_connection is None or self.ws_connection.is_closing():
            # a frame read before the close took effect: with the connection gone, the
            # server would parse it as the legacy protocol's (and fail on it)
            return
        if not BUDGETS[self.kernel_id].take():
            self._drop()
            return
        if not isinstance(message, bytes):
            self.close(1003, "binary v1 frames only")
            return
        try:
            frame = parse_v1(message)
        except FrameError as error:
            log.warning("kernel %s: malformed frame, connection closed: %s", self.kernel_id, error)
            self.close(1002, "malformed frame")
            return
        reason = refusal(frame)
        if reason is not None:
            if not self._refused:
                log.warning("kernel %s: message dropped: %s (further ones on this "
                            "connection are dropped without a line)", self.kernel_id, reason)
            self._refused += 1
            return
        super().on_message(message)

    _refused = 0
    _window = (0.0, 0)

    def _drop(self) -> None:
        """Drop a message over the budget; a connection that keeps flooding is closed, and
        its kernel takes no new websocket for a few seconds (reading frames costs the
        server too)."""
        if not self._dropped:
            log.warning("kernel %s: a page sends faster than a person; dropping the "
                        "excess (one line per connection)", self.kernel_id)
        self._dropped += 1
        moment = time.monotonic()
        start, count = self._window
        start, count = (start, count + 1) if moment - start < 1.0 else (moment, 1)
        self._window = (start, count)
        if count == FLOOD_DROPS:
            COOLING[self.kernel_id] = moment + COOL_DOWN_SECONDS
            self.close(1008, "too many messages")

    def _report(self, text: str) -> None:
        log.error("kernel %s (shown to the page as a plain sentence):\n%s", self.kernel_id, text)

    def write_message(self, message: Any, binary: bool = False) -> Any:
        if isinstance(message, bytes):
            message = scrub_outgoing(message, self._report)
            if message is None:
                return None
        elif isinstance(message, dict):
            return None  # only the legacy protocol sends dicts, and it is refused
        # past Voila's own write_message, which reads headers without bounds
        return KernelWebsocketHandler.write_message(self, message, binary=binary)


class CourseKernelHandler(KernelHandler):
    """``/api/kernels/<id>``: the kernel's model and its deletion, for its owner only."""

    async def prepare(self) -> None:
        await super().prepare()
        kernel_id = self.path_kwargs.get("kernel_id") or (self.path_args or [""])[0]
        _check_owner(self, kernel_id)


class CourseShutdown(VoilaShutdownKernelHandler):
    """The shutdown a page asks for when the learner leaves: its own kernel only."""

    async def post(self, kernel_id: str) -> None:
        _check_owner(self, kernel_id)
        await super().post(kernel_id)


class NotFound(PlainErrors, RequestHandler):
    """Paths the course does not serve (``/login``, ``/logout``): a plain 404."""

    def prepare(self) -> None:
        raise HTTPError(404)


REPLACEMENTS: dict[type, type] = {
    RequestInfoSocketHandler: NotFound,
    TemplateStaticFileHandler: TemplateFiles,
    TornadoVoilaHandler: CoursePage,
    VoilaKernelWebsocketHandler: CourseKernelWebsocket,
    KernelHandler: CourseKernelHandler,
    VoilaShutdownKernelHandler: CourseShutdown,
}
