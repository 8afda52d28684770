"""A browser without a browser: opens a course page over HTTP, then speaks the kernel's
websocket protocol directly, as anyone with the developer tools open could.

Only for tests, and only against servers the tests start on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import functools
import http.client
import http.cookiejar
import json
import re
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

V1 = "v1.kernel.websocket.jupyter.org"
CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S
)


class _FromAddress(urllib.request.HTTPHandler):
    """Plain HTTP from a chosen local address (127.0.0.x: a different client on one machine)."""

    def __init__(self, source: str):
        super().__init__()
        self.source = source

    def http_open(self, req):  # noqa: ANN001 - urllib's signature
        return self.do_open(
            functools.partial(http.client.HTTPConnection, source_address=(self.source, 0)), req
        )


def fetch(url: str, jar: http.cookiejar.CookieJar | None = None, timeout: float = 60,
          method: str = "GET", data: bytes | None = None, source: str = "",
          headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    """An HTTP request with a cookie jar, from ``source`` (a local address) if given;
    returns status, body and headers (errors too)."""
    handlers: list = [urllib.request.HTTPCookieProcessor(jar)]
    if source:
        handlers.append(_FromAddress(source))
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, method=method, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(
                response.headers
            )
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


def run_async(coroutine: Any) -> Any:
    """Run a coroutine to its end from synchronous test code, in a thread of its own (the
    browser tests' Playwright keeps an event loop running in the main thread)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def cookie_header(jar: http.cookiejar.CookieJar) -> str:
    """The Cookie header a browser holding ``jar`` would send."""
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


#: pages opened by the tests, shut down after each (see :func:`shut_down_all`)
OPENED: list[Page] = []


@dataclass
class Page:
    """A course page as a hostile browser holds it: its kernel id and its cookies."""

    server_url: str
    notebook: str
    kernel_id: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    #: the local address the page's requests come from ('' for the default)
    source: str = ""

    @classmethod
    def open(cls, server_url: str, notebook: str, jar: http.cookiejar.CookieJar | None = None,
             query: str = "", source: str = "") -> Page:
        jar = jar if jar is not None else http.cookiejar.CookieJar()
        url = f"{server_url}/voila/render/{notebook}" + (f"?{query}" if query else "")
        status, body, _headers = fetch(url, jar, source=source)
        assert status == 200, (status, body[:300])
        config = json.loads(CONFIG.search(body).group(1))
        page = cls(server_url, notebook, config["kernelId"], jar, source)
        OPENED.append(page)
        return page

    def shut_down(self) -> int:
        """Ask for the page's kernel to be shut down, as leaving the page does."""
        xsrf = next((c.value for c in self.jar if c.name == "_xsrf"), "")
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        request = urllib.request.Request(
            f"{self.server_url}/voila/api/shutdown/{self.kernel_id}", data=b"",
            method="POST", headers={"X-XSRFToken": xsrf},
        )
        try:
            with opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0  # the test's own server has stopped already


def shut_down_all() -> None:
    """Shut down the kernels of every page the tests opened."""
    while OPENED:
        OPENED.pop().shut_down()


def message(channel: str, msg_type: str, content: dict[str, Any], session: str,
            metadata: dict[str, Any] | None = None) -> tuple[bytes, str]:
    """A v1 frame for the kernel, and its message id."""
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id, "msg_type": msg_type, "username": "hostile", "session": session,
        "date": datetime.now(timezone.utc).isoformat(), "version": "5.3",
    }
    parts = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
    return serialize_msg_to_ws_v1(parts, channel), msg_id


class KernelSocket:
    """One websocket to a page's kernel."""

    def __init__(self, connection: WebSocketClientConnection):
        self.connection = connection
        self.session = uuid.uuid4().hex

    @classmethod
    async def connect(cls, page: Page, *, protocol: str | None = V1, cookies: bool = True
                      ) -> KernelSocket:
        """Connect as the page's browser (or, with ``cookies=False``, as a stranger)."""
        url = page.server_url.replace("http", "ws", 1)
        request = HTTPRequest(
            f"{url}/api/kernels/{page.kernel_id}/channels?session_id={uuid.uuid4().hex}",
            headers={"Cookie": cookie_header(page.jar)} if cookies else {},
            network_interface=page.source or None,
        )
        connection = await websocket_connect(
            request, subprotocols=[protocol] if protocol else None,
            max_message_size=64 * 1024 * 1024,
        )
        return cls(connection)

    async def send(self, channel: str, msg_type: str, content: dict[str, Any],
                   metadata: dict[str, Any] | None = None) -> str:
        frame, msg_id = message(channel, msg_type, content, self.session, metadata)
        await self.connection.write_message(frame, binary=True)
        return msg_id

    async def send_raw(self, data: bytes | str) -> None:
        await self.connection.write_message(data, binary=isinstance(data, bytes))

    async def receive(self, timeout: float = 10) -> dict[str, Any] | None:
        """The next message (channel, header, parent_header, content), or None if closed."""
        data = await asyncio.wait_for(self.connection.read_message(), timeout)
        if data is None:
            return None
        channel, parts = deserialize_msg_from_ws_v1(data)
        header, parent, _metadata, content = (json.loads(part) for part in parts[:4])
        return {"channel": channel, "header": header, "parent": parent, "content": content,
                "size": len(data)}

    async def closed_by_server(self, timeout: float = 10) -> bool:
        """True once the server has closed this connection."""
        try:
            while True:
                if await asyncio.wait_for(self.connection.read_message(), timeout) is None:
                    return True
        except asyncio.TimeoutError:
            return False

    async def states(self, timeout: float = 30) -> dict[str, dict[str, Any]]:
        """Every widget model of the page (model id -> state), as the page asks for them."""
        comm_id = uuid.uuid4().hex
        await self.send("shell", "comm_open", {
            "comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {},
        }, metadata={"version": "1.0.0"})
        await self.send("shell", "comm_msg", {
            "comm_id": comm_id, "data": {"method": "request_states"},
        })
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            reply = await self.receive(timeout)
            if reply is None:
                raise ConnectionError("the server closed the connection")
            data = reply["content"].get("data", {})
            if reply["header"]["msg_type"] == "comm_msg" and data.get("method") == "update_states":
                return {key: value["state"] for key, value in data["states"].items()}
        raise TimeoutError("no widget states")

    async def update(self, model_id: str, **state: Any) -> None:
        """Set traits of a widget, as its view in the page would."""
        await self.send("shell", "comm_msg", {
            "comm_id": model_id, "data": {"method": "update", "state": state,
                                          "buffer_paths": []},
        })

    async def custom(self, model_id: str, content: dict[str, Any]) -> None:
        """Send a widget's custom message, as its JavaScript does."""
        await self.send("shell", "comm_msg", {
            "comm_id": model_id, "data": {"method": "custom", "content": content},
        })

    async def report_browser(self, states: dict[str, dict[str, Any]], stored_code: str = "",
                             query: str = "") -> str:
        """Answer the page's BrowserIdentity as a browser keeping ``stored_code`` would; the
        model id is returned."""
        identity = find(states, "BrowserIdentity")
        await self.update(identity, stored_code=stored_code, page_query=query, reported=True)
        return identity

    async def click(self, model_id: str) -> str:
        """Click a button (disabled or not: the page controls that); the message's id."""
        return await self.send("shell", "comm_msg", {
            "comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}},
        })

    async def until_handled(self, msg_ids: set[str], limit: float = 60) -> list[dict[str, Any]]:
        """Read messages until the kernel has finished handling each of ``msg_ids`` (its
        ``idle`` status for them), however slow the machine; the messages read."""
        seen: list[dict[str, Any]] = []
        waiting = set(msg_ids)
        deadline = asyncio.get_running_loop().time() + limit
        while waiting:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise TimeoutError(f"the kernel did not handle {len(waiting)} messages")
            reply = await self.receive(left)
            if reply is None:
                raise ConnectionError("the server closed the connection")
            seen.append(reply)
            if (reply["header"]["msg_type"] == "status"
                    and reply["content"].get("execution_state") == "idle"):
                waiting.discard(reply["parent"].get("msg_id"))
        return seen

    async def settle(self, quiet: float = 0.5, limit: float = 30) -> list[dict[str, Any]]:
        """Read messages until the kernel has been quiet for ``quiet`` seconds."""
        seen = []
        deadline = asyncio.get_running_loop().time() + limit
        while asyncio.get_running_loop().time() < deadline:
            try:
                reply = await self.receive(quiet)
            except asyncio.TimeoutError:
                return seen
            if reply is None:
                return seen
            seen.append(reply)
        return seen

    def close(self) -> None:
        self.connection.close()


def find(states: dict[str, dict[str, Any]], model: str, **wanted: Any) -> str:
    """The id of the first widget of ``model`` (an ipywidgets model name, or the class name
    of an anywidget such as ``FormButton``) whose state has ``wanted`` (prefix match for
    strings ending in '*')."""
    for model_id, state in states.items():
        anywidget = str(state.get("_anywidget_id", ""))
        if state.get("_model_name") != model and not anywidget.endswith("." + model):
            continue
        if all(
            (str(state.get(key, "")).startswith(value[:-1]) if isinstance(value, str)
             and value.endswith("*") else state.get(key) == value)
            for key, value in wanted.items()
        ):
            return model_id
    raise LookupError(f"no {model} with {wanted}")


async def guess_codes(page: Page, guesses: int) -> str:
    """Type ``guesses`` wrong resume codes on a course home page; what the page then shows."""
    socket = await KernelSocket.connect(page)
    states = await socket.states()
    code = find(states, "TextModel", description="Resume code")
    restore = find(states, "FormButton", description="Restore my progress")
    clicks = set()
    for guess in range(guesses):
        await socket.update(code, value=f"AAAA-BBBB-{guess:04d}")
        clicks.add(await socket.click(restore))
    # every guess answered, on a machine as slow as it is (not a quiet spell of the kernel)
    replies = await socket.until_handled(clicks)
    socket.close()
    return " ".join(str(r["content"].get("data", "")) for r in replies)


async def refused(page: Page, **kwargs: Any) -> int:
    """The HTTP status a refused websocket connection got (0 if it was accepted)."""
    try:
        socket = await KernelSocket.connect(page, **kwargs)
    except HTTPClientError as error:
        return error.code
    socket.close()
    return 0
