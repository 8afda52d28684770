"""A workshop room of many participants: ``make bench-room PARTICIPANTS=150``.

A facilitator (headless Chromium) creates a room on the facilitator page and opens the
presenter view (Chromium at 1920x1080). The participants are simulated at protocol level, as
``make bench-load``'s learners are: each fetches the join page with its own cookies (so it has
its own kernel and learner), opens the kernel's websocket, reports a browser, types the room
code and joins. Once every participant is in, they all answer the scenario at random moments
within the window (10 s by default), each waiting for its page to say the answer is in.

It measures how long after the last "your answer is in" the facilitator's dashboard (the sum
of its chart's counts) and the presenter view (its answer count) show every answer, and each
participant's time from "Send my answer" to that confirmation. The server is started as
``make serve`` starts it, on a temporary database. A table goes to stdout, then one JSON line;
progress goes to stderr.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from bench_server import Server
from common import CHROMIUM, CHROMIUM_ARGS, MIB, NOTEBOOKS, log, median, percentile
from learner_sim import Kernel, connect, open_page, request_states
from load import Sampler
from playwright.async_api import Page, async_playwright
from tornado.httpclient import AsyncHTTPClient

ROOM_CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")
#: a participant whose page has not confirmed within this long has failed
PATIENCE_S = 60.0


@dataclass
class Participant:
    """What one simulated participant saw."""

    number: int
    joined_s: float | None = None
    answered_at: float | None = None
    confirm_ms: float | None = None
    busy_pages: int = 0
    error: str = ""
    kernel: Kernel | None = field(default=None, repr=False)

    @property
    def succeeded(self) -> bool:
        return self.answered_at is not None and not self.error


def find(kernel: Kernel, model: str, **wanted: Any) -> str | None:
    """The id of the first widget of ``model`` (an ipywidgets model name, or an anywidget's
    class name) whose state has ``wanted``."""
    for model_id, state in kernel.models.items():
        anywidget = str(state.get("_anywidget_id", ""))
        if state.get("_model_name") != model and not anywidget.endswith("." + model):
            continue
        if all(state.get(key) == value for key, value in wanted.items()):
            return model_id
    return None


def shows(kernel: Kernel, text: str) -> bool:
    """True once some widget of the page carries ``text`` in its value."""
    return any(text in str(state.get("value", "")) for state in kernel.models.values())


def device_address(number: int) -> str:
    """A loopback address of its own for each participant's phone (127.0.1.1 onwards): the
    server counts kernels per address, and a room's phones are many devices."""
    return f"127.0.{1 + number // 250}.{1 + number % 250}"


async def join(server_url: str, code: str, participant: Participant) -> None:
    """Open the join page as a new browser and join the room; the socket stays open."""
    cookies: dict[str, str] = {}
    source = device_address(participant.number)
    kernel_id, start = await open_page(f"{server_url}/voila/render/workshop.ipynb",
                                       cookies, participant, source)
    kernel = await connect(server_url, kernel_id, cookies, source, 64 * MIB)
    participant.kernel = kernel
    await request_states(kernel, PATIENCE_S)
    identity = await kernel.until(lambda: find(kernel, "BrowserIdentity"), PATIENCE_S)
    await kernel.update(identity, stored_code="", page_query="", reported=True)
    field_id = await kernel.until(
        lambda: find(kernel, "TextModel", description="Room code"), PATIENCE_S
    )
    button = await kernel.until(
        lambda: find(kernel, "FormButton", description="Join the room"), PATIENCE_S
    )
    await kernel.update(field_id, value=code)
    await kernel.click(button)
    await kernel.until(lambda: shows(kernel, "You are in as"), PATIENCE_S)
    participant.joined_s = time.monotonic() - start


async def answer(participant: Participant, delay: float, rng: random.Random) -> None:
    """After ``delay`` seconds, choose an option and send it; wait for the confirmation."""
    kernel = participant.kernel
    assert kernel is not None
    await asyncio.sleep(delay)
    radios = await kernel.until(lambda: find(kernel, "RadioGroup"), PATIENCE_S)
    send = await kernel.until(
        lambda: find(kernel, "FormButton", description="Send my answer"), PATIENCE_S
    )
    choices = len(kernel.models[radios].get("labels") or [None])
    await kernel.send("comm_msg", {"comm_id": radios, "data": {
        "method": "custom", "content": {"do": "choose", "index": rng.randrange(choices)}}})
    sent = time.monotonic()
    await kernel.click(send)
    await kernel.until(lambda: shows(kernel, "Your answer is in"), PATIENCE_S)
    participant.answered_at = time.monotonic()
    participant.confirm_ms = (participant.answered_at - sent) * 1000


async def guarded(participant: Participant, work: Any) -> None:
    """Run one participant's step; a failure is recorded, never raised."""
    if participant.error:
        return
    try:
        await work
    except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the run
        participant.error = f"{type(error).__name__}: {error}"


async def dashboard_total(page: Page) -> int:
    """The answers the facilitator's dashboard chart counts."""
    return int(await page.evaluate(
        """() => [...document.querySelectorAll('.mm-dashboard .mm-bar-row[data-count]')]
                  .reduce((sum, row) => sum + Number(row.dataset.count), 0)"""
    ))


async def presenter_total(page: Page) -> int:
    """The answer count on the presenter view."""
    value = await page.evaluate(
        """() => document.querySelector('.mm-presenter-count')?.dataset.answers ?? '0'"""
    )
    return int(value)


async def seen_at(read: Any, page: Page, wanted: int, limit: float) -> float | None:
    """The moment (monotonic) ``read(page)`` first reaches ``wanted``, or None."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if await read(page) >= wanted:
            return time.monotonic()
        await asyncio.sleep(0.05)
    return None


async def run(count: int, window: float, joining: int, work: Path) -> dict[str, Any]:
    """One server, one room, ``count`` participants answering within ``window`` seconds."""
    # the default cap on running kernels (what half this machine's memory holds: 160 on the
    # 24 GiB build machine); a bigger room on a smaller machine meets "the course is busy"
    server = Server(f"room-{count}", work, NOTEBOOKS)
    participants = [Participant(n) for n in range(count)]
    try:
        server.wait_until_up(timeout=120)
        await server.wait_quiet(max_wait=120, windows=4)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            console = await (await browser.new_context(
                viewport={"width": 1280, "height": 900})).new_page()
            console.set_default_timeout(60_000)
            await console.goto(f"{server.url}/voila/render/facilitator.ipynb")
            await console.get_by_role("textbox", name="Room name").fill("Benchmark room")
            await console.get_by_role("button", name="Create a room").click()
            code_element = console.locator(".mm-facilitator .mm-room-code").first
            await code_element.wait_for()
            code = (await code_element.inner_text()).strip()
            if not ROOM_CODE.match(code):
                raise RuntimeError(f"no room code on the facilitator page: {code!r}")
            projector = await (await browser.new_context(
                viewport={"width": 1920, "height": 1080})).new_page()
            projector.set_default_timeout(60_000)
            await projector.goto(
                f"{server.url}/voila/render/presenter.ipynb?room={code}"
            )
            await projector.locator(".mm-presenter-count").wait_for()
            log(f"room {code}: {count} participants joining, {joining} at a time")
            machine_before = psutil.virtual_memory().used / MIB
            kernels_before = len(server.kernels())

            started = time.monotonic()
            gate = asyncio.Semaphore(joining)

            async def one_joins(participant: Participant) -> None:
                async with gate:
                    await guarded(participant, join(server.url, code, participant))

            await asyncio.gather(*(one_joins(p) for p in participants))
            joined = [p for p in participants if p.joined_s is not None]
            log(f"{len(joined)} of {count} joined in {time.monotonic() - started:.0f} s; "
                f"answering within {window:g} s")
            await server.wait_quiet(max_wait=60, windows=4)
            kernels_added = len(server.kernels()) - kernels_before
            machine_added = psutil.virtual_memory().used / MIB - machine_before

            sampler = Sampler(server)
            stop = asyncio.Event()
            sampling = asyncio.ensure_future(sampler.run(stop))
            arrivals = random.Random(count)
            await asyncio.gather(*(
                guarded(p, answer(p, arrivals.uniform(0, window), random.Random(p.number)))
                for p in joined
            ))
            last_answer = max((p.answered_at for p in joined if p.answered_at), default=None)
            expected = sum(1 for p in joined if p.answered_at is not None)
            dashboard_at, presenter_at = await asyncio.gather(
                seen_at(dashboard_total, console, expected, 30),
                seen_at(presenter_total, projector, expected, 30),
            )
            stop.set()
            await sampling
            await browser.close()
    finally:
        server.stop()
        for participant in participants:
            if participant.kernel is not None:
                participant.kernel.close()
    for participant in participants:
        if participant.error:
            log(f"participant {participant.number}: {participant.error}")
    confirms = [p.confirm_ms for p in participants if p.confirm_ms is not None]
    joins = [p.joined_s for p in participants if p.joined_s is not None]

    def after_last(moment: float | None) -> float | None:
        if moment is None or last_answer is None:
            return None
        return max(0.0, moment - last_answer)

    return {
        "participants": count, "window_s": window,
        "joined": len(joins), "answered": expected,
        "success_rate": sum(p.succeeded for p in participants) / count,
        "join_median_s": median(joins), "join_p95_s": percentile(joins, 0.95),
        "confirm_median_ms": median(confirms), "confirm_p95_ms": percentile(confirms, 0.95),
        "dashboard_after_last_s": after_last(dashboard_at),
        "presenter_after_last_s": after_last(presenter_at),
        "busy_pages": sum(p.busy_pages for p in participants),
        "server_cpu_s": sampler.cpu("server"), "kernels_cpu_s": sampler.cpu("pooled")
        + sampler.cpu("started"),
        "peak_rss_mib": sampler.peak.get("rss_mib"), "peak_kernels": sampler.peak.get("kernels"),
        "kernel_rss_median_mib": sampler.peak.get("kernel_rss_median_mib"),
        # what the machine's memory in use grew by per kernel the participants started
        "machine_mib_per_kernel": machine_added / kernels_added if kernels_added else None,
        "kernels_added": kernels_added,
    }


def table(result: dict[str, Any]) -> str:
    def fmt(value: float | None, digits: int = 2) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    return "\n".join([
        "participants  window  answered  success  confirm med/p95  dashboard  presenter  "
        "peak kernels, MiB  machine MiB per kernel",
        f"{result['participants']:>12}  {result['window_s']:>5g}s  {result['answered']:>8}  "
        f"{result['success_rate']:>7.0%}  {fmt(result['confirm_median_ms'], 0):>5} / "
        f"{fmt(result['confirm_p95_ms'], 0):>5} ms  "
        f"{fmt(result['dashboard_after_last_s']):>8}s  "
        f"{fmt(result['presenter_after_last_s']):>8}s  "
        f"{fmt(result['peak_kernels'], 0):>6}, {fmt(result['peak_rss_mib'], 0):>6}  "
        f"{fmt(result['machine_mib_per_kernel'], 0):>22}",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=150)
    parser.add_argument("--window", type=float, default=10.0,
                        help="seconds within which everyone answers")
    parser.add_argument("--joining", type=int, default=8,
                        help="participants joining at the same moment")
    args = parser.parse_args(argv)
    AsyncHTTPClient.configure(None, max_clients=1000)
    with tempfile.TemporaryDirectory(prefix="mm-room-") as tmp:
        result = asyncio.run(run(args.participants, args.window, args.joining, Path(tmp)))
    print(table(result))
    print(json.dumps(result))
    within = [result["dashboard_after_last_s"], result["presenter_after_last_s"]]
    return 0 if result["success_rate"] == 1 and all(
        value is not None and value <= 2 for value in within) else 1


if __name__ == "__main__":
    sys.exit(main())
