"""Many learners at once, without browsers: ``make bench-load LEARNERS=40 WINDOW=10``.

Each simulated learner does over HTTP and the kernel websocket what a browser does on a module
page: it fetches the page (keeping its cookies), reads the kernel id, opens the kernel's
websocket in the v1 protocol, asks for the widget states, reports a browser with no stored
resume code (as the identity widget does), then answers three scenarios by sending the
messages a click sends (choose an option, Check answer, Next) and leaves, asking for its
kernel to be shut down as a closing tab does.

* time to interactive: from the GET until the widget states are received;
* feedback: from sending "Check answer" until the feedback arrives.

The server is started as ``make serve`` starts it (``python -m widgets serve``, ``voila.json``),
on a temporary database, with the module page's pool sized for the room as a host would
(``--pool PAGE=N``, N = learners unless ``--pool`` says otherwise). Learners arrive at random
moments within the window. A table goes to stdout, then one JSON line per run (the last line is
the last run); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psutil
from bench_server import Server
from common import LEARNER_TIMEOUT_S, MIB, NOTEBOOKS, log, median, percentile
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


async def open_page(url: str, cookies: dict[str, str], learner: Learner) -> tuple[str, float]:
    """GET the page as a browser does (a busy page is retried after its Retry-After)."""
    client = AsyncHTTPClient()
    start = time.monotonic()
    while time.monotonic() - start < LEARNER_TIMEOUT_S:
        header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        response = await client.fetch(
            HTTPRequest(url, headers={"Cookie": header} if header else {},
                        request_timeout=LEARNER_TIMEOUT_S, follow_redirects=False),
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


async def learner_visit(server_url: str, page: str, learner: Learner, delay: float,
                        think: float) -> None:
    """One learner's visit, from arrival to leaving."""
    rng = random.Random(learner.number)
    await asyncio.sleep(delay)
    cookies: dict[str, str] = {}
    kernel = None
    try:
        kernel_id, start = await open_page(f"{server_url}/voila/render/{page}", cookies, learner)
        request = HTTPRequest(
            f"{server_url.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels"
            f"?session_id={uuid.uuid4().hex}",
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        )
        learner.html_s = time.monotonic() - start
        kernel = Kernel(await websocket_connect(request, subprotocols=[V1]))
        control = uuid.uuid4().hex
        await kernel.send("comm_open", {"comm_id": control, "data": {},
                                        "target_name": "jupyter.widget.control"},
                          metadata={"version": "1.0.0"})
        await kernel.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        await asyncio.wait_for(kernel.states_received.wait(), LEARNER_TIMEOUT_S)
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


class Sampler:
    """Peak memory and the CPU time of every process of the server, sampled twice a second
    (a kernel that exits keeps the CPU time it was last seen with)."""

    def __init__(self, server: Server):
        self.server = server
        self.peak: dict[str, float] = {}
        self.start = self._cpu()
        self.seen: dict[int, tuple[bool, float]] = {}

    def _cpu(self) -> dict[int, tuple[bool, float]]:
        found = {}
        for process in [self.server.ps, *self.server.ps.children(recursive=True)]:
            try:
                times = process.cpu_times()
                is_kernel = any("ipykernel" in part for part in process.cmdline())
            except psutil.Error:
                continue
            found[process.pid] = (is_kernel, times.user + times.system)
        return found

    def sample(self) -> None:
        self.seen.update(self._cpu())
        kernels = [k for k in self.server.kernels() if k.is_running()]
        rss = [k.memory_info().rss / MIB for k in kernels]
        total = self.server.ps.memory_info().rss / MIB + sum(rss)
        self.peak["rss_mib"] = max(self.peak.get("rss_mib", 0.0), total)
        self.peak["kernels"] = max(self.peak.get("kernels", 0), len(kernels))
        if rss:
            self.peak["kernel_rss_median_mib"] = median(rss)

    def cpu(self, kernels: bool) -> float:
        return sum(
            cpu - self.start.get(pid, (kernels, 0.0))[1]
            for pid, (is_kernel, cpu) in self.seen.items() if is_kernel == kernels
        )

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            try:
                await asyncio.wait_for(stop.wait(), 0.5)
            except asyncio.TimeoutError:
                continue
        self.sample()


async def wait_for_pool(server: Server, page: str, size: int, timeout: float) -> float:
    start = time.monotonic()
    filled = f"Kernel pool of {page} is filled with {size} kernel(s)"
    while size and filled not in server.log_text():
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"the pool of {page} did not fill in {timeout} s")
        await asyncio.sleep(0.5)
    return time.monotonic() - start


async def run(count: int, window: float, page: str, pool: int, think: float,
              work: Path) -> dict[str, Any]:
    """One server, ``count`` learners arriving within ``window`` seconds."""
    server = Server(f"load-{count}", work, NOTEBOOKS,
                    [f"--CourseVoila.pool_sizes={page}={pool}"])
    try:
        server.wait_until_up(timeout=180)  # the server starts every pool at once
        filled = await wait_for_pool(server, page, pool, timeout=60 + 3 * pool)
        await server.wait_quiet(max_wait=120, windows=4)
        log(f"{count} learners: pool of {pool} ready after {filled:.1f} s; arriving within "
            f"{window:g} s")
        idle = server.memory()
        sampler = Sampler(server)
        stop = asyncio.Event()
        sampling = asyncio.ensure_future(sampler.run(stop))
        arrivals = random.Random(count)
        learners = [Learner(n) for n in range(count)]
        started = time.monotonic()
        await asyncio.gather(*(
            learner_visit(server.url, page, learner, arrivals.uniform(0, window), think)
            for learner in learners
        ))
        elapsed = time.monotonic() - started
        stop.set()
        await sampling
        peak = sampler.peak
    finally:
        server.stop()
    for learner in learners:
        if learner.error:
            log(f"learner {learner.number}: {learner.error}")
    ttis = [lr.tti_s for lr in learners if lr.tti_s is not None]
    feedback = [ms for lr in learners for ms in lr.feedback_ms]
    return {
        "learners": count, "window_s": window, "page": page, "pool": pool,
        "success_rate": sum(lr.succeeded for lr in learners) / count,
        "html_median_s": median([lr.html_s for lr in learners if lr.html_s is not None]),
        "tti_median_s": median(ttis), "tti_p95_s": percentile(ttis, 0.95),
        "feedback_median_ms": median(feedback), "feedback_p95_ms": percentile(feedback, 0.95),
        "busy_pages": sum(lr.busy_pages for lr in learners),
        "server_cpu_s": sampler.cpu(kernels=False), "kernels_cpu_s": sampler.cpu(kernels=True),
        "elapsed_s": elapsed,
        "idle_rss_mib": idle["total_rss_mib"], "idle_kernels": idle["kernels"],
        "peak_rss_mib": peak.get("rss_mib"), "peak_kernels": peak.get("kernels"),
        "kernel_rss_median_mib": peak.get("kernel_rss_median_mib"),
    }


def table(results: list[dict[str, Any]]) -> str:
    def fmt(value: float | None, digits: int = 0) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    lines = [
        "learners  window  pool  success  TTI med  TTI p95  fb med  fb p95  busy  "
        "CPU s srv/krn  peak kernels, MiB  kernel MiB",
    ]
    for r in results:
        lines.append(
            f"{r['learners']:>8}  {r['window_s']:>5g}s  {r['pool']:>4}  "
            f"{r['success_rate']:>7.0%}  {fmt(r['tti_median_s'], 2):>6}s  "
            f"{fmt(r['tti_p95_s'], 2):>6}s  {fmt(r['feedback_median_ms']):>4}ms  "
            f"{fmt(r['feedback_p95_ms']):>4}ms  {r['busy_pages']:>4}  "
            f"{r['server_cpu_s']:>5.1f} / {r['kernels_cpu_s']:>5.1f}  "
            f"{fmt(r['peak_kernels']):>6}, {fmt(r['peak_rss_mib']):>6}  "
            f"{fmt(r['kernel_rss_median_mib']):>9}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[40])
    parser.add_argument("--window", type=float, default=10.0,
                        help="seconds within which the learners arrive")
    parser.add_argument("--page", default="02_acknowledge.ipynb")
    parser.add_argument("--pool", type=int, default=None,
                        help="preheated kernels of the page (default: one per learner)")
    parser.add_argument("--think", type=float, default=2.0,
                        help="mean seconds a learner reads before each answer")
    args = parser.parse_args(argv)
    AsyncHTTPClient.configure(None, max_clients=1000)
    results = []
    with tempfile.TemporaryDirectory(prefix="mm-load-") as tmp:
        for count in args.learners:
            pool = count if args.pool is None else args.pool
            results.append(asyncio.run(
                run(count, args.window, args.page, pool, args.think, Path(tmp))
            ))
    print(table(results))
    for result in results:
        print(json.dumps(result))
    return 0 if all(r["success_rate"] == 1 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
