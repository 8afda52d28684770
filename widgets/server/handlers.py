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

from widgets.server.guard import (
    OWNER_COOKIE,
    RETRY_SECONDS,
    PageKernels,
    busy_page,
    new_owner_secret,
    owner_hash,
)
from widgets.server.protocol import V1_PROTOCOL, FrameError, parse_v1, refusal, scrub_outgoing

log = logging.getLogger("micromoments.server")

#: the page kernels of this server process
KERNELS = PageKernels()
#: largest message a page may send (tornado's default is 10 MiB); a course message is tiny
MAX_MESSAGE_BYTES = 256 * 1024


def _owner_cookie(handler: RequestHandler) -> str | None:
    value = handler.get_cookie(OWNER_COOKIE)
    return value if value and len(value) <= 64 else None


def _check_owner(handler: RequestHandler, kernel_id: str) -> None:
    if not KERNELS.owned_by(kernel_id, _owner_cookie(handler)):
        raise HTTPError(404)


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
        kwargs["env"] = {**(kwargs.get("env") or {}), "REMOTE_ADDR": self._page.address}
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
        self.address = self.request.remote_ip or "unknown"
        live = set(self.settings["kernel_manager"].list_kernel_ids())
        KERNELS.prune(live)
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
        secret = _owner_cookie(self)
        if secret is None:
            secret = new_owner_secret()
            self.set_cookie(
                OWNER_COOKIE, secret, path=self.base_url, httponly=True, samesite="Lax",
                secure=self.request.protocol == "https",
            )
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
        KERNELS.register(kernel_id, self.owner, self.address)
        self._kernels = (*self._kernels, kernel_id)
        self._release()

    def _release(self) -> None:
        if self._reserved:
            self._reserved = False
            KERNELS.release(self.address)


class CourseKernelWebsocket(PlainErrors, VoilaKernelWebsocketHandler):
    """A kernel's websocket, for its owner, in the v1 protocol, with every frame checked."""

    @property
    def max_message_size(self) -> int:
        return MAX_MESSAGE_BYTES

    async def get(self, kernel_id: str) -> None:  # type: ignore[override]
        _check_owner(self, kernel_id)
        offered = self.request.headers.get("Sec-WebSocket-Protocol", "")
        if V1_PROTOCOL not in [p.strip() for p in offered.split(",")]:
            # the legacy format is parsed by code that trusts the frame's own counts
            raise HTTPError(400, "only the v1 kernel websocket protocol is accepted")
        await super().get(kernel_id)

    def select_subprotocol(self, subprotocols: list[str]) -> str | None:
        return V1_PROTOCOL if V1_PROTOCOL in subprotocols else None

    def on_message(self, message: str | bytes) -> None:
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
            log.warning("kernel %s: message dropped: %s", self.kernel_id, reason)
            return
        super().on_message(message)

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
