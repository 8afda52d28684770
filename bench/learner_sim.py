"""One simulated learner, over HTTP and the kernel websocket as a browser would be
(``bench/load.py`` runs many): fetch a module page, read its kernel id, open the kernel's
websocket in the v1 protocol, ask for the widget states, report a browser with no stored
resume code, answer three scenarios with the messages a click sends, and leave.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from common import LEARNER_TIMEOUT_S
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

V1 = "v1.kernel.websocket.jupyter.org"
CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S
)
ANSWERS = 3


@dataclass
class Learner:
    """What one simulated learner saw."""

    number: int
    html_s: float | None = None
    tti_s: float | None = None
    feedback_ms: list[float] = field(default_factory=list)
    busy_pages: int = 0
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.tti_s is not None and len(self.feedback_ms) == ANSWERS and not self.error


class Kernel:
    """One page's kernel websocket: keeps every widget's state as the kernel sends it."""

    def __init__(self, connection: Any):
        self.connection = connection
        self.session = uuid.uuid4().hex
        self.models: dict[str, dict[str, Any]] = {}
        self.changed = asyncio.Event()
        self.states_received = asyncio.Event()
        self.reader = asyncio.ensure_future(self._read())

    async def send(self, msg_type: str, content: dict[str, Any], metadata: dict | None = None):
        header = {
            "msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "learner",
            "session": self.session, "date": datetime.now(timezone.utc).isoformat(),
            "version": "5.3",
        }
        parts = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
        await self.connection.write_message(serialize_msg_to_ws_v1(parts, "shell"), binary=True)

    async def _read(self) -> None:
        while True:
            data = await self.connection.read_message()
            if data is None:
                return
            _channel, parts = deserialize_msg_from_ws_v1(data)
            header, content = json.loads(parts[0]), json.loads(parts[3])
            payload = content.get("data") or {}
            if header["msg_type"] == "comm_open" and "state" in payload:
                self.models[content["comm_id"]] = dict(payload["state"])
            elif header["msg_type"] == "comm_msg" and payload.get("method") == "update":
                self.models.setdefault(content["comm_id"], {}).update(payload["state"])
            elif header["msg_type"] == "comm_msg" and payload.get("method") == "update_states":
                for model_id, entry in payload["states"].items():
                    self.models.setdefault(model_id, {}).update(entry["state"])
                self.states_received.set()
            self.changed.set()

    async def until(self, found: Any, timeout: float) -> Any:
        """Wait until ``found()`` returns something true; returns it."""
        deadline = time.monotonic() + timeout
        while not (result := found()):
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the page did not change as expected")
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except asyncio.TimeoutError:
                continue
        return result

    async def update(self, model_id: str, **state: Any) -> None:
        await self.send("comm_msg", {"comm_id": model_id, "data": {
            "method": "update", "state": state, "buffer_paths": []}})

    async def click(self, model_id: str) -> None:
        await self.send("comm_msg", {"comm_id": model_id, "data": {
            "method": "custom", "content": {"event": "click"}}})

    def close(self) -> None:
        self.reader.cancel()
        self.connection.close()


def children(kernel: Kernel, model_id: str) -> list[str]:
    refs = kernel.models.get(model_id, {}).get("children") or []
    return [ref.removeprefix("IPY_MODEL_") for ref in refs]


def descendants(kernel: Kernel, model_id: str) -> list[str]:
    found, todo = [], [model_id]
    while todo:
        current = todo.pop(0)
        found.append(current)
        todo.extend(children(kernel, current))
    return found


def deck_parts(kernel: Kernel) -> tuple[str, str, str] | None:
    """(options, Check answer, Next) of the quiz on screen, once all three are there."""
    deck = next((k for k, s in kernel.models.items()
                 if "mm-scenario-deck" in s.get("_dom_classes", ())), None)
    if deck is None or len(children(kernel, deck)) < 3:
        return None
    _bar, stage, navigation, *_ = children(kernel, deck)
    if not children(kernel, stage) or not children(kernel, navigation):
        return None
    quiz = descendants(kernel, children(kernel, stage)[0])
    radio = next((k for k in quiz if kernel.models.get(k, {}).get("labels")), None)
    check = next((k for k in quiz if kernel.models.get(k, {}).get("description")
                  == "Check answer"), None)
    next_button = children(kernel, navigation)[-1]
    return (radio, check, next_button) if radio and check else None


async def open_page(url: str, cookies: dict[str, str], learner: Any,
                    source: str | None = None) -> tuple[str, float]:
    """GET the page as a browser does (a busy page is retried after its Retry-After), from
    the local address ``source`` if given (each device of a room has its own)."""
    client = AsyncHTTPClient()
    start = time.monotonic()
    while time.monotonic() - start < LEARNER_TIMEOUT_S:
        header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        response = await client.fetch(
            HTTPRequest(url, headers={"Cookie": header} if header else {},
                        request_timeout=LEARNER_TIMEOUT_S, follow_redirects=False,
                        network_interface=source),
            raise_error=False,
        )
        for cookie in response.headers.get_list("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        if response.code == 503:
            learner.busy_pages += 1
            await asyncio.sleep(float(response.headers.get("Retry-After", "5")))
            continue
        if response.code != 200:
            raise RuntimeError(f"page answered {response.code}")
        config = json.loads(CONFIG.search(response.body.decode()).group(1))
        return config["kernelId"], start
    raise TimeoutError("the course stayed busy")


async def answer(kernel: Kernel, learner: Learner, rng: random.Random,
                 shown: set[str]) -> str:
    """Choose an option in the scenario on screen (a new one), check it, wait for the
    feedback; returns the Next button."""
    radio, check, next_button = await kernel.until(
        lambda: (parts := deck_parts(kernel)) and parts[0] not in shown and parts,
        LEARNER_TIMEOUT_S,
    )
    shown.add(radio)
    choices = len(kernel.models[radio]["labels"])
    await kernel.update(radio, index=rng.randrange(choices))
    await asyncio.sleep(0.05)
    feedback_before = {k for k, s in kernel.models.items() if "mm-feedback-list" in str(s)}
    sent = time.monotonic()
    await kernel.click(check)
    await kernel.until(
        lambda: {k for k, s in kernel.models.items() if "mm-feedback-list" in str(s.get("value"))}
        - feedback_before,
        LEARNER_TIMEOUT_S,
    )
    learner.feedback_ms.append((time.monotonic() - sent) * 1000)
    return next_button


async def connect(server_url: str, kernel_id: str, cookies: dict[str, str],
                  source: str | None = None, max_message_size: int | None = None) -> Kernel:
    """The page's kernel websocket (v1 protocol), as its browser (its cookies, and the local
    address ``source`` if given) opens it."""
    request = HTTPRequest(
        f"{server_url.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels"
        f"?session_id={uuid.uuid4().hex}",
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        network_interface=source,
    )
    sizes = {} if max_message_size is None else {"max_message_size": max_message_size}
    return Kernel(await websocket_connect(request, subprotocols=[V1], **sizes))


async def request_states(kernel: Kernel, timeout: float) -> None:
    """Ask for every widget's state, as the page's widget manager does, and wait for them."""
    control = uuid.uuid4().hex
    await kernel.send("comm_open", {"comm_id": control, "data": {},
                                    "target_name": "jupyter.widget.control"},
                      metadata={"version": "1.0.0"})
    await kernel.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
    await asyncio.wait_for(kernel.states_received.wait(), timeout)


async def learner_visit(server_url: str, page: str, learner: Learner, delay: float,
                        think: float) -> None:
    """One learner's visit, from arrival to leaving."""
    rng = random.Random(learner.number)
    await asyncio.sleep(delay)
    cookies: dict[str, str] = {}
    kernel = None
    try:
        kernel_id, start = await open_page(f"{server_url}/voila/render/{page}", cookies, learner)
        learner.html_s = time.monotonic() - start
        kernel = await connect(server_url, kernel_id, cookies)
        await request_states(kernel, LEARNER_TIMEOUT_S)
        learner.tti_s = time.monotonic() - start
        identity = next(k for k, s in kernel.models.items() if "stored_code" in s)
        await kernel.update(identity, stored_code="", page_query="", reported=True)
        shown: set[str] = set()
        for number in range(ANSWERS):
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            next_button = await answer(kernel, learner, rng, shown)
            if number < ANSWERS - 1:
                await kernel.click(next_button)
        await leave(server_url, kernel_id, cookies)
    except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the run
        learner.error = f"{type(error).__name__}: {error}"
    finally:
        if kernel is not None:
            kernel.close()


async def leave(server_url: str, kernel_id: str, cookies: dict[str, str]) -> None:
    """Ask for the kernel to be shut down, as Voila's page does when its tab closes."""
    await AsyncHTTPClient().fetch(HTTPRequest(
        f"{server_url}/voila/api/shutdown/{kernel_id}", method="POST", body=b"",
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                 "X-XSRFToken": cookies.get("_xsrf", "")},
    ), raise_error=False)
