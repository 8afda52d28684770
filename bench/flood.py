"""An honest learner's feedback time while another browser floods its own page with clicks:
``make bench-flood`` (issue 26: a 30 s flood must not raise it above 2x its idle value).

1. **Idle**: simulated learners (``learner_sim``, no browser) answer scenarios one after the
   other on a module page; the time from "Check answer" to the feedback is recorded.
2. **Flood**: a hostile browser opens the same page and sends "Check answer" clicks (and a
   chosen option) as fast as its websocket takes them for ``--seconds``, reading and dropping
   what comes back; meanwhile the honest learners answer again.

Prints a table, then one JSON line (the ratio of the flood's median and p95 feedback to the
idle ones, the clicks sent, and the lines the server logged about them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from bench_server import Server
from common import NOTEBOOKS, log, median, percentile
from learner_sim import V1, Kernel, Learner, deck_parts, learner_visit, open_page
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

PAGE = "02_acknowledge.ipynb"


async def honest_rounds(url: str, rounds: int, first: int) -> list[float]:
    """Feedback times (ms) of ``rounds`` learners visiting one after the other."""
    feedback: list[float] = []
    for number in range(first, first + rounds):
        learner = Learner(number)
        await learner_visit(url, PAGE, learner, 0.0, 0.3)
        if learner.error:
            log(f"honest learner {number}: {learner.error}")
        feedback.extend(learner.feedback_ms)
    return feedback


async def connect(url: str, kernel_id: str, cookies: dict[str, str]) -> Kernel | None:
    """A websocket to one's own kernel (None when the server refuses it)."""
    request = HTTPRequest(
        f"{url.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels"
        f"?session_id={uuid.uuid4().hex}",
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
    )
    try:
        return Kernel(await websocket_connect(request, subprotocols=[V1]))
    except Exception:  # noqa: BLE001 - a refused connection: the flooder tries again
        return None


async def flood(url: str, seconds: float) -> dict[str, int]:
    """Click "Check answer" on one's own page as fast as the socket takes it, reconnecting
    whenever the server closes the connection."""
    cookies: dict[str, str] = {}
    kernel_id, _start = await open_page(f"{url}/voila/render/{PAGE}", cookies, Learner(-1))
    kernel = await connect(url, kernel_id, cookies)
    assert kernel is not None
    control = uuid.uuid4().hex
    await kernel.send("comm_open", {"comm_id": control, "data": {},
                                    "target_name": "jupyter.widget.control"},
                      metadata={"version": "1.0.0"})
    await kernel.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
    await asyncio.wait_for(kernel.states_received.wait(), 60)
    identity = next(k for k, state in kernel.models.items() if "stored_code" in state)
    await kernel.update(identity, stored_code="", page_query="", reported=True)
    radio, check, _next = await kernel.until(lambda: deck_parts(kernel), 60)
    sent = connections = refused = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if kernel is None or kernel.reader.done():
            if kernel is not None:
                kernel.close()
            await asyncio.sleep(0)
            kernel = await connect(url, kernel_id, cookies)
            connections += 1
            if kernel is None:
                refused += 1
                continue
        try:
            await kernel.update(radio, index=sent % 3)
            await kernel.click(check)
        except Exception:  # noqa: BLE001 - closed under us: reconnect
            kernel.close()
            kernel = None
            await asyncio.sleep(0)
            continue
        sent += 2
        if sent % 200 == 0:
            await asyncio.sleep(0)  # let the reader drain what comes back
    if kernel is not None:
        kernel.close()
    return {"flood_messages_sent": sent, "flood_reconnections": connections,
            "flood_reconnections_refused": refused}


async def run(seconds: float, rounds: int, work: Path) -> dict[str, Any]:
    server = Server("flood", work, NOTEBOOKS, [f"--CourseVoila.pool_sizes={PAGE}=4"])
    try:
        server.wait_until_up(timeout=180)
        await server.wait_quiet(max_wait=120, windows=4)
        log("idle: honest learners answer on a quiet server")
        idle = await honest_rounds(server.url, rounds, 0)
        log(f"flood: one browser clicks as fast as it can for {seconds:g} s")
        flooding = asyncio.ensure_future(flood(server.url, seconds))
        await asyncio.sleep(2)  # the flood is under way
        during: list[float] = []
        while not flooding.done():
            during.extend(await honest_rounds(server.url, 1, 100 + len(during)))
        sent = await flooding
        text = server.log_text()
        log_bytes = len(text.encode())
        shapes = Counter(re.sub(r"[0-9a-f-]{32,36}|\d+", "N", line)[:100]
                         for line in text.splitlines())
        for shape, count in shapes.most_common(3):
            log(f"server log: {count} x {shape}")
    finally:
        server.stop()
    result = {
        "seconds": seconds,
        "idle_feedback_median_ms": median(idle), "idle_feedback_p95_ms": percentile(idle, 0.95),
        "flood_feedback_median_ms": median(during),
        "flood_feedback_p95_ms": percentile(during, 0.95),
        "answers_idle": len(idle), "answers_during_flood": len(during),
        **sent,
        "log_lines_about_the_flood": text.count("sends faster than a person")
        + text.count("dropped on this connection") + text.count("websocket refused")
        + text.count("429 GET"),
        "server_log_bytes": log_bytes,
    }
    for kind in ("median", "p95"):
        idle_value = result[f"idle_feedback_{kind}_ms"]
        flood_value = result[f"flood_feedback_{kind}_ms"]
        result[f"{kind}_ratio"] = (flood_value / idle_value) if idle_value and flood_value else None
    return result


def table(result: dict[str, Any]) -> str:
    def ms(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.0f} ms"

    ratio = result["median_ratio"]
    return "\n".join([
        "| | idle | during the flood | ratio |",
        "|---|---|---|---|",
        f"| feedback median | {ms(result['idle_feedback_median_ms'])} | "
        f"{ms(result['flood_feedback_median_ms'])} | "
        f"{'n/a' if ratio is None else f'{ratio:.2f}x'} |",
        f"| feedback p95 | {ms(result['idle_feedback_p95_ms'])} | "
        f"{ms(result['flood_feedback_p95_ms'])} | "
        f"{'n/a' if result['p95_ratio'] is None else format(result['p95_ratio'], '.2f') + 'x'} |",
        f"| answers measured | {result['answers_idle']} | {result['answers_during_flood']} | |",
        "",
        f"The flooding browser sent {result['flood_messages_sent']:,} messages in "
        f"{result['seconds']:g} s and reconnected {result['flood_reconnections']:,} times "
        f"({result['flood_reconnections_refused']:,} refused); the server logged "
        f"{result['log_lines_about_the_flood']} lines about them "
        f"(the whole log: {result['server_log_bytes']:,} bytes).",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the flood lasts")
    parser.add_argument("--rounds", type=int, default=6, help="honest visits measured idle")
    args = parser.parse_args(argv)
    AsyncHTTPClient.configure(None, max_clients=100)
    with tempfile.TemporaryDirectory(prefix="mm-flood-") as tmp:
        result = asyncio.run(run(args.seconds, args.rounds, Path(tmp)))
    print(table(result))
    print(json.dumps(result))
    ratio = result["median_ratio"]
    return 0 if ratio is not None and ratio <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
