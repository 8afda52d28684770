"""Benchmark of the served course (issue 8): time to interactive, click latency, memory, load.

Run it with ``make bench`` or ``.venv/bin/python bench/run.py [--quick] [--output FILE]``.

It starts Voila exactly as ``python -m widgets serve`` does (same command, same ``voila.json``),
on a temporary copy of ``notebooks/`` that also holds ``bare.ipynb``: one ipywidgets question
(RadioButtons, a Check button, an HTML feedback line) that every figure is compared against.
Headless Debian Chromium, driven by Playwright, plays the learners; no browser is downloaded.

Servers are started one after the other:

1. *cold*: the production settings; every page starts and runs a new kernel. Time to
   interactive of every page and of the bare page, click-to-feedback latency, kernel memory.
2. *preheated*: ``preheat_kernel=True`` with one pooled kernel per notebook; warm time to
   interactive of the same pages.
3. *load*, one server per N: the production settings with a shorter culling timeout
   (production keeps ``voila.json``'s 600 s / 60 s); N learners at once, each opening a module
   page and answering 3 scenarios, then leaving (half close the tab, half just disappear);
   after the last N, culling is awaited.

The table goes to stdout, progress to stderr, everything measured to a JSON file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psutil
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = PROJECT_ROOT / "notebooks"
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
BARE = "bare.ipynb"
MIB = 1024 * 1024

# What "the first control can be clicked" means on each kind of page.
QUIZ_CONTROL = ".mm-scenario-quiz input[type=radio], .mm-scenario-quiz input[type=checkbox]"
COURSE_CONTROL = ".mm-root button, .mm-root a[href]"
BARE_CONTROL = ".widget-radio-box input[type=radio]"
QUIZ_CHECK = ".mm-scenario-quiz .mm-actions button"
QUIZ_FEEDBACK = ".mm-scenario-quiz .mm-feedback-list"
QUIZ_NEXT = ".mm-deck-nav button:last-child"
BARE_CHECK = "button.bare-check"
BARE_FEEDBACK = ".bare-feedback"

TARGET_TTI_RATIO = 1.25
TARGET_RSS_RATIO = 1.3
TARGET_LOAD_LEARNERS = 40
TARGET_LOAD_P95_MS = 5000.0
# A learner whose page is not interactive after a minute has failed; the load servers' culling
# timeout matches it (a kernel whose page never connected is idle, and culled, after that).
LEARNER_TIMEOUT_S = 60

BARE_SOURCE = '''\
import ipywidgets as widgets

choice = widgets.RadioButtons(
    options=["Acknowledge the effort first", "Give advice straight away"], value=None
)
check = widgets.Button(description="Check answer")
check.add_class("bare-check")
feedback = widgets.HTML()
clicks = 0


def show_feedback(_button):
    global clicks
    clicks += 1
    verdict = "Strong choice" if choice.index == 0 else "Misses the moment"
    feedback.value = f'<p class="bare-feedback">{verdict} ({clicks})</p>'


check.on_click(show_feedback)
widgets.VBox([choice, check, feedback])
'''

# Installed in every page before its own scripts: notes performance.now() (milliseconds since
# navigation start) at the first animation frame in which a control matching the page's
# selector is rendered and enabled. Checking once a frame keeps the probe from forcing extra
# layouts while the page builds its widgets.
TTI_SCRIPT = """
(() => {
  const selectors = __SELECTORS__;
  const selector = selectors[decodeURIComponent(location.pathname.split("/").pop())];
  if (!selector) { return; }
  const ready = () => {
    for (const el of document.querySelectorAll(selector)) {
      if (!el.disabled && el.getClientRects().length > 0) { return true; }
    }
    return false;
  };
  const tick = () => {
    if (ready()) { window.__benchTti = performance.now(); } else { requestAnimationFrame(tick); }
  };
  requestAnimationFrame(tick);
})();
"""

# Gives each page its own in-memory localStorage: pages of one browser profile (sharing
# Voila's cached scripts) then act as separate learners, each with its own resume code.
OWN_STORAGE_SCRIPT = """
(() => {
  const data = new Map();
  const storage = {
    getItem: (key) => (data.has(key) ? data.get(key) : null),
    setItem: (key, value) => { data.set(key, String(value)); },
    removeItem: (key) => { data.delete(key); },
    clear: () => { data.clear(); },
    key: (index) => [...data.keys()][index] ?? null,
    get length() { return data.size; },
  };
  Object.defineProperty(window, "localStorage", { value: storage, configurable: true });
})();
"""

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0] || {};
  return {tti: window.__benchTti, response_start: nav.responseStart,
          response_end: nav.responseEnd};
}"""

# Clicks `button` from inside the page and resolves with the milliseconds until an element
# matching `until` that was not there before is visible (mode "appears"), or until the button
# is enabled (mode "enabled").
CLICK_JS = """async ([click, button, until, mode]) => {
  const target = document.querySelector(click);
  if (!target) { throw new Error("nothing to click: " + click); }
  const before = new Set(document.querySelectorAll(until));
  const done = () => {
    if (mode === "enabled") {
      const el = document.querySelector(button);
      return el !== null && !el.disabled;
    }
    return [...document.querySelectorAll(until)].some(
      (el) => !before.has(el) && el.getClientRects().length > 0);
  };
  return await new Promise((resolve, reject) => {
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true,
    });
    target.click();
    setTimeout(() => { observer.disconnect(); reject(new Error("no reaction in 30 s")); }, 30000);
  });
}"""


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values."""
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear-interpolated percentile (0 <= fraction <= 1), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    if position == low or ordered[low] == ordered[high]:
        return ordered[low]
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def finite(value: float | None) -> float | None:
    """The value, or None when it is infinite (JSON has no infinity)."""
    return None if value is None or math.isinf(value) else value


def ratio(value: float | None, base: float | None) -> float | None:
    """value / base, or None if either is missing."""
    if value is None or not base:
        return None
    return value / base


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    """A served notebook and the control whose readiness counts as interactive."""

    notebook: str
    control: str
    kind: str  # "quiz", "course" (no quiz: first button or link) or "bare"

    @property
    def control_label(self) -> str:
        """How the table names the control."""
        return {"quiz": "quiz option", "course": "button/link*", "bare": "radio"}[self.kind]


def course_pages() -> list[PageSpec]:
    """Home, every module page and the journal, in the order of their file names."""
    pages = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        code = "".join("".join(cell["source"]) for cell in notebook["cells"])
        if "scenario_deck(" in code:
            pages.append(PageSpec(path.name, QUIZ_CONTROL, "quiz"))
        else:
            pages.append(PageSpec(path.name, COURSE_CONTROL, "course"))
    return pages


BARE_PAGE = PageSpec(BARE, BARE_CONTROL, "bare")


def bare_notebook() -> dict[str, Any]:
    """The one-question ipywidgets notebook every page is compared against."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "bare-question",
                "metadata": {},
                "outputs": [],
                "source": BARE_SOURCE.splitlines(keepends=True),
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def prepare_notebooks(work: Path) -> Path:
    """A copy of notebooks/ plus bare.ipynb; notebooks/ itself is never touched."""
    target = work / "notebooks"
    shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (target / BARE).write_text(json.dumps(bare_notebook(), indent=1), encoding="utf-8")
    return target


# -- the server ------------------------------------------------------------------------------


class Server:
    """``python -m widgets serve`` on a free port, its own database and the copied notebooks."""

    def __init__(self, name: str, work: Path, notebooks: Path, extra_args: Sequence[str] = ()):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_args = [f"--Voila.root_dir={notebooks}", *extra_args]
        self.command = [
            sys.executable, "-m", "widgets", "serve", "--port", str(self.port),
            "--", *self.extra_args,
        ]
        self.log_path = work / f"voila-{name}.log"
        env = {**os.environ, "MICROMOMENTS_DB": str(work / f"{name}.sqlite3")}
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.command, cwd=PROJECT_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.ps = psutil.Process(self.process.pid)

    def wait_until_up(self, timeout: float = 60) -> float:
        """Block until the server answers; returns the seconds it took."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"Voila exited early:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/voila/static/", timeout=2):
                    return time.monotonic() - start
            except urllib.error.HTTPError:
                return time.monotonic() - start
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"Voila did not start within {timeout} s:\n{self.log_tail()}")

    def log_text(self) -> str:
        """The server log so far."""
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server log."""
        return "\n".join(self.log_text().splitlines()[-lines:])

    def kernels(self) -> list[psutil.Process]:
        """The kernel processes the server started."""
        found = []
        for child in self.ps.children(recursive=True):
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    found.append(child)
            except psutil.Error:
                continue
        return found

    def kernel_pids(self) -> set[int]:
        """Process ids of the running kernels."""
        return {kernel.pid for kernel in self.kernels()}

    def memory(self) -> dict[str, float]:
        """Server RSS, kernel count and kernels' total RSS, in MiB."""
        kernels = self.kernels()
        kernel_rss = 0
        for kernel in kernels:
            try:
                kernel_rss += kernel.memory_info().rss
            except psutil.Error:
                continue
        server_rss = self.ps.memory_info().rss
        return {
            "server_rss_mib": server_rss / MIB,
            "kernels": len(kernels),
            "kernels_rss_mib": kernel_rss / MIB,
            "total_rss_mib": (server_rss + kernel_rss) / MIB,
        }

    def own_cpu_seconds(self) -> float:
        """CPU time used so far by the server process alone."""
        times = self.ps.cpu_times()
        return times.user + times.system

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and everything it started."""
        total = 0.0
        for process in [self.ps, *self.ps.children(recursive=True)]:
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                continue
        return total

    async def wait_quiet(
        self, max_wait: float = 15.0, busy: float = 0.15, windows: int = 2
    ) -> float:
        """Wait until the server and its kernels use < ``busy`` of a core for ``windows``
        quarter-seconds in a row; returns the seconds waited."""
        start = time.monotonic()
        calm = 0
        last = self.cpu_seconds()
        while time.monotonic() - start < max_wait and calm < windows:
            await asyncio.sleep(0.25)
            now = self.cpu_seconds()
            calm = calm + 1 if (now - last) / 0.25 < busy else 0
            last = now
        return time.monotonic() - start

    async def wait_kernels(self, count: int, timeout: float) -> float | None:
        """Wait until exactly ``count`` kernels run; seconds taken, or None on timeout."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if len(self.kernels()) == count:
                return time.monotonic() - start
            await asyncio.sleep(0.5)
        return None

    def stop(self) -> None:
        """Stop the server (it shuts its kernels down; any left are killed) and close the log."""
        kernels = self.kernels()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for kernel in kernels:
            try:
                kernel.kill()
            except psutil.Error:
                continue
        self._log.close()


# -- one page in the browser ----------------------------------------------------------------


async def new_profile(
    browser: Browser, pages: Sequence[PageSpec], *, own_storage: bool = False
) -> BrowserContext:
    """A fresh browser profile with the time-to-interactive probe installed."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    selectors = {spec.notebook: spec.control for spec in pages}
    await context.add_init_script(TTI_SCRIPT.replace("__SELECTORS__", json.dumps(selectors)))
    if own_storage:
        await context.add_init_script(OWN_STORAGE_SCRIPT)
    return context


async def new_tab(context: BrowserContext) -> tuple[Page, list[str]]:
    """A new page, and the list its JavaScript errors are collected in."""
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


async def load(page: Page, url: str, timeout_ms: float) -> dict[str, float]:
    """Navigate and wait until the control is usable (``timeout_ms`` in all); timings in ms
    since navigation start."""
    deadline = time.monotonic() + timeout_ms / 1000
    await page.goto(url, wait_until="commit", timeout=timeout_ms)
    await page.wait_for_function(
        "() => window.__benchTti !== undefined",
        timeout=max(1.0, (deadline - time.monotonic()) * 1000),
        polling=100,
    )
    return await page.evaluate(TIMINGS_JS)


async def leave_page(page: Page) -> None:
    """Navigate away as a learner closing the tab does: Voila's beforeunload handler runs and
    asks the server to shut the page's kernel down."""
    try:
        await page.goto("about:blank", timeout=15_000)
    except Exception:  # noqa: BLE001 - leaving must never fail the run
        pass


async def leave(page: Page, *, close_tab: bool) -> None:
    """The learner leaves: closing the tab normally, or vanishing (laptop shut, network gone:
    no beforeunload, only culling can reclaim the kernel)."""
    if close_tab:
        await leave_page(page)
    await page.close()


async def click_timed(page: Page, click: str, button: str, until: str, mode: str) -> float:
    """Milliseconds from clicking ``click`` until the page reacts (see CLICK_JS)."""
    return float(await page.evaluate(CLICK_JS, [click, button, until, mode]))


async def answer_quiz(page: Page, questions: int) -> list[dict[str, float]]:
    """Answer ``questions`` scenarios of a module page: choose the first option, Check, Next.

    For each: ms from choosing until Check is enabled (a kernel round trip), and from clicking
    Check until the feedback is shown."""
    results = []
    for number in range(questions):
        await page.wait_for_function(
            """(sel) => { const el = document.querySelector(sel);
                          return el !== null && !el.disabled
                            && document.querySelector(".mm-feedback-list") === null; }""",
            arg=QUIZ_CONTROL,
            timeout=30_000,
            polling=100,
        )
        select_ms = await click_timed(page, QUIZ_CONTROL, QUIZ_CHECK, QUIZ_CHECK, "enabled")
        feedback_ms = await click_timed(page, QUIZ_CHECK, QUIZ_CHECK, QUIZ_FEEDBACK, "appears")
        results.append({"select_to_enabled_ms": select_ms, "click_to_feedback_ms": feedback_ms})
        if number < questions - 1:
            await page.locator(QUIZ_NEXT).click(timeout=30_000)
    return results


async def answer_bare(page: Page, questions: int) -> list[dict[str, float]]:
    """Click the bare page's option and its Check button ``questions`` times."""
    results = []
    radios = page.locator(BARE_CONTROL)
    for number in range(questions):
        await radios.nth(number % 2).check(timeout=30_000)
        feedback_ms = await click_timed(page, BARE_CHECK, BARE_CHECK, BARE_FEEDBACK, "appears")
        results.append({"click_to_feedback_ms": feedback_ms})
    return results


# -- phases ----------------------------------------------------------------------------------


@dataclass
class PageRuns:
    """Every load of one page."""

    spec: PageSpec
    tti_ms: list[float] = field(default_factory=list)
    response_end_ms: list[float] = field(default_factory=list)
    kernel_rss_mib: list[float] = field(default_factory=list)
    clicks: list[dict[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Medians and raw values, for the JSON file."""
        return {
            "notebook": self.spec.notebook,
            "control": self.spec.control_label,
            "tti_ms_median": median(self.tti_ms),
            "tti_ms": self.tti_ms,
            "html_response_end_ms_median": median(self.response_end_ms),
            "kernel_rss_mib_median": median(self.kernel_rss_mib),
            "kernel_rss_mib": self.kernel_rss_mib,
            "click_to_feedback_ms_median": median(
                [c["click_to_feedback_ms"] for c in self.clicks]
            ),
            "select_to_enabled_ms_median": median(
                [c["select_to_enabled_ms"] for c in self.clicks if "select_to_enabled_ms" in c]
            ),
            "clicks": self.clicks,
            "errors": self.errors,
        }


async def measure_pages(
    server: Server,
    browser: Browser,
    pages: list[PageSpec],
    repeat: int,
    *,
    warm: bool = False,
    clicks: bool = False,
    pool: int = 0,
) -> tuple[dict[str, PageRuns], dict[str, Any]]:
    """Load every page ``repeat`` times, one at a time, interleaved so that noise hits all.

    One browser profile is used throughout, as a learner moving through the course: after two
    warm-up loads the browser has Voila's scripts in its cache, and it keeps its resume code.
    Before each load the server must be idle (with ``warm``: its preheated pool refilled).
    With ``clicks``, the first round records each page kernel's RSS once the learner is known,
    after answering 3 questions on the quiz and bare pages. Returns the runs and how many
    kernels of the pages the browser left (``pool``: kernels the server keeps anyway) still
    run."""
    runs = {spec.notebook: PageRuns(spec) for spec in pages}
    context = await new_profile(browser, pages)
    page, errors = await new_tab(context)
    for spec in pages[:2]:  # warm-up, not counted
        await server.wait_quiet(max_wait=30)
        try:
            await load(page, f"{server.url}/voila/render/{spec.notebook}", 60_000)
        except Exception as error:  # noqa: BLE001 - the measured loads will report it
            log(f"{server.name} warm-up {spec.notebook} failed: {error}")
        await leave_page(page)
    for round_number in range(repeat):
        for spec in pages:
            if warm:
                await asyncio.sleep(1.2)  # Voila refills a pool 1 s after taking a kernel
                await server.wait_quiet(max_wait=30, windows=3)
            else:
                await server.wait_quiet()
            run = runs[spec.notebook]
            errors.clear()
            before = server.kernel_pids()
            url = f"{server.url}/voila/render/{spec.notebook}"
            try:
                timings = await load(page, url, 60_000)
                run.tti_ms.append(timings["tti"])
                if timings.get("response_end"):
                    run.response_end_ms.append(timings["response_end"])
                if clicks and round_number == 0:
                    await asyncio.sleep(1.0)  # the browser reports who the learner is
                    if spec.kind == "quiz":
                        run.clicks.extend(await answer_quiz(page, 3))
                    elif spec.kind == "bare":
                        run.clicks.extend(await answer_bare(page, 3))
                    new = server.kernel_pids() - before
                    if len(new) == 1:
                        rss = psutil.Process(new.pop()).memory_info().rss
                        run.kernel_rss_mib.append(rss / MIB)
                log(
                    f"{server.name} {round_number + 1}/{repeat} {spec.notebook}: "
                    f"interactive at {timings['tti']:.0f} ms"
                )
            except Exception as error:  # noqa: BLE001 - recorded and reported
                run.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
                log(f"{server.name} {spec.notebook}: FAILED {run.errors[-1]}")
            run.errors.extend(errors)
            await leave_page(page)
    await context.close()
    await asyncio.sleep(3)
    closed = {
        "pages_left": 2 + repeat * len(pages),
        "kernels_still_running_3s_later": len(server.kernels()) - pool,
    }
    return runs, closed


async def learner(
    context: BrowserContext, url: str, index: int, questions: int, timeout_ms: float
) -> tuple[dict[str, Any], Page]:
    """One learner: open a module page, answer ``questions`` scenarios."""
    page, errors = await new_tab(context)
    result: dict[str, Any] = {"learner": index, "page": url.rsplit("/", 1)[-1], "ok": False}
    started = time.monotonic()
    try:
        timings = await load(page, url, timeout_ms)
        result["tti_ms"] = timings["tti"]
        result["html_ms"] = timings.get("response_end")
        result["answers"] = await answer_quiz(page, questions)
        result["ok"] = True
    except Exception as error:  # noqa: BLE001 - a failed learner is a result, not a crash
        message = re.sub(r"\d+(\.\d+)?ms", "N ms", str(error).splitlines()[0])
        result["error"] = f"{type(error).__name__}: {message}"
        try:  # how far the page got: had the server sent the whole page?
            timings = await asyncio.wait_for(page.evaluate(TIMINGS_JS), timeout=5)
            result["html_ms"] = timings.get("response_end") or None
        except Exception:  # noqa: BLE001 - nothing more to learn
            pass
    result["seconds"] = time.monotonic() - started
    result["page_errors"] = errors
    return result, page


def browser_cpu_seconds() -> float:
    """CPU time used so far by the Chromium processes this benchmark started."""
    total = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            if "chrom" in process.name().lower():
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue
    return total


async def sample_memory(server: Server, stop: asyncio.Event, peaks: dict[str, float]) -> None:
    """Keep the peak kernel count and total RSS until ``stop`` is set."""
    while not stop.is_set():
        memory = server.memory()
        peaks["kernels"] = max(peaks.get("kernels", 0), memory["kernels"])
        peaks["total_rss_mib"] = max(peaks.get("total_rss_mib", 0), memory["total_rss_mib"])
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except asyncio.TimeoutError:
            pass


async def measure_load(
    server: Server,
    browser: Browser,
    modules: list[str],
    count: int,
    cull_wait: float | None,
    questions: int = 3,
) -> dict[str, Any]:
    """``count`` learners at once on module pages, then they leave; with ``cull_wait``, wait
    (at most that many seconds) for culling to take the server back to no kernels.

    The learners' pages share one browser profile that has Voila's scripts cached (one
    untimed load of the bare page first), each page with its own storage, so its own learner.
    The browser runs on the same cores as the server: its CPU time is reported apart."""
    specs = [PageSpec(module, QUIZ_CONTROL, "quiz") for module in modules]
    context = await new_profile(browser, [*specs, BARE_PAGE], own_storage=True)
    warm_up, _errors = await new_tab(context)
    try:
        await load(warm_up, f"{server.url}/voila/render/{BARE}", 60_000)
    except Exception as error:  # noqa: BLE001 - the learners will show the problem
        log(f"load {count}: warm-up failed: {error}")
    await leave(warm_up, close_tab=True)
    await server.wait_quiet()
    before = server.memory()
    log_start = len(server.log_text())
    stop = asyncio.Event()
    peaks: dict[str, float] = {}
    sampler = asyncio.create_task(sample_memory(server, stop, peaks))
    urls = [f"{server.url}/voila/render/{modules[i % len(modules)]}" for i in range(count)]
    cpu_start = (server.own_cpu_seconds(), server.cpu_seconds(), browser_cpu_seconds())
    started = time.monotonic()
    outcomes = await asyncio.gather(
        *(
            learner(context, url, i, questions, LEARNER_TIMEOUT_S * 1000)
            for i, url in enumerate(urls)
        )
    )
    wall = time.monotonic() - started
    cpu_end = (server.own_cpu_seconds(), server.cpu_seconds(), browser_cpu_seconds())
    culled_early = server.log_text()[log_start:].count("Culling '")
    results = [result for result, _page in outcomes]
    # Half close the tab normally, half vanish (only culling can reclaim those kernels).
    await asyncio.gather(
        *(leave(page, close_tab=index % 2 == 0) for index, (_r, page) in enumerate(outcomes))
    )
    await context.close()
    await asyncio.sleep(2)
    stop.set()
    await sampler
    after_leaving = server.memory()
    culled_in = after_culling = None
    if cull_wait is not None:
        culled_in = await server.wait_kernels(0, timeout=cull_wait)
        await server.wait_quiet()
        after_culling = server.memory()
    ok = [r for r in results if r["ok"]]
    # Learners who never got an interactive page count as infinitely slow, not as missing.
    tti = [r.get("tti_ms", math.inf) for r in results]
    html = [r.get("html_ms") or math.inf for r in results]
    feedback = [a["click_to_feedback_ms"] for r in ok for a in r["answers"]]
    errors: dict[str, int] = {}
    for r in results:
        if "error" in r:
            errors[r["error"]] = errors.get(r["error"], 0) + 1
    summary = {
        "learners": count,
        "succeeded": len(ok),
        "success_rate": len(ok) / count,
        "tti_ms_median": finite(median(tti)),
        "tti_ms_p95": finite(percentile(tti, 0.95)),
        "tti_ms_max": finite(max(tti)),
        "html_response_end_ms_median": finite(median(html)),
        "html_response_end_ms_p95": finite(percentile(html, 0.95)),
        "click_to_feedback_ms_median": median(feedback),
        "click_to_feedback_ms_p95": percentile(feedback, 0.95),
        "wall_seconds": wall,
        "cpu_seconds": {
            "server": cpu_end[0] - cpu_start[0],
            "kernels": (cpu_end[1] - cpu_end[0]) - (cpu_start[1] - cpu_start[0]),
            "browser": cpu_end[2] - cpu_start[2],
        },
        "kernels_culled_while_learners_were_on_the_page": culled_early,
        "before": before,
        "peak_kernels": peaks.get("kernels"),
        "peak_total_rss_mib": peaks.get("total_rss_mib"),
        "after_leaving": after_leaving,
        "culled_after_seconds": culled_in,
        "after_culling": after_culling,
        "errors": errors,
        "results": results,
    }
    log(
        f"load {count}: {len(ok)}/{count} ok, TTI median {fmt(summary['tti_ms_median'])} ms, "
        f"p95 {fmt(summary['tti_ms_p95'])} ms, {after_leaving['kernels']} kernels after leaving"
        + (f", {after_culling['kernels']} after culling" if after_culling else "")
    )
    return summary


# -- report ----------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 0, suffix: str = "") -> str:
    """A number for the table, '-' if missing."""
    return "-" if value is None else f"{value:.{digits}f}{suffix}"


def page_table(results: dict[str, Any]) -> list[str]:
    """Time to interactive and kernel memory per page."""
    cold = results["cold"]["pages"]
    warm = results.get("preheated", {}).get("pages", {})
    bare_cold = cold[BARE]["tti_ms_median"]
    bare_warm = warm.get(BARE, {}).get("tti_ms_median")
    bare_rss = cold[BARE]["kernel_rss_mib_median"]
    lines = [
        "Time to interactive (ms since navigation start; median of "
        f"{results['meta']['repeat']} cold / {results['meta']['warm_repeat']} warm loads, one "
        "browser profile) and page kernel RSS (MiB)",
        f"{'page':<30}{'control':<14}{'html':>7}{'cold':>7}{'x bare':>8}"
        f"{'warm':>7}{'x bare':>8}{'RSS':>7}{'x bare':>8}",
    ]
    for name, page in cold.items():
        warm_tti = warm.get(name, {}).get("tti_ms_median")
        rss = page["kernel_rss_mib_median"]
        lines.append(
            f"{name:<30}{page['control']:<14}{fmt(page['html_response_end_ms_median']):>7}"
            f"{fmt(page['tti_ms_median']):>7}{fmt(ratio(page['tti_ms_median'], bare_cold), 2):>8}"
            f"{fmt(warm_tti):>7}{fmt(ratio(warm_tti, bare_warm), 2):>8}"
            f"{fmt(rss):>7}{fmt(ratio(rss, bare_rss), 2):>8}"
        )
    lines.append(
        "cold: a new kernel per page (production); warm: preheated pool. html: the page's HTML "
        "fully received."
    )
    lines.append(
        "* no scenario quiz on the page: the first enabled button or link of the course widgets."
    )
    return lines


def click_table(results: dict[str, Any]) -> list[str]:
    """Click-to-feedback latency, course against bare."""
    cold = results["cold"]["pages"]
    bare = cold[BARE]["click_to_feedback_ms_median"]
    lines = [
        "Click to feedback in the browser (ms, median of 3 answers, cold server, one learner)",
        f"{'page':<30}{'choose->Check on':>18}{'Check->feedback':>17}{'x bare':>8}",
    ]
    for name, page in cold.items():
        if page["click_to_feedback_ms_median"] is None:
            continue
        lines.append(
            f"{name:<30}{fmt(page['select_to_enabled_ms_median']):>18}"
            f"{fmt(page['click_to_feedback_ms_median']):>17}"
            f"{fmt(ratio(page['click_to_feedback_ms_median'], bare), 2):>8}"
        )
    return lines


def slow(value: float | None) -> str:
    """A learner time for the table; None means beyond the learner timeout."""
    return f">{LEARNER_TIMEOUT_S}s" if value is None else f"{value:.0f}"


def closed_tab_lines(results: dict[str, Any]) -> list[str]:
    """Whether leaving a page shut its kernel down."""
    lines = []
    for mode in ("cold", "preheated"):
        closed = results.get(mode, {}).get("closed_tabs")
        if closed and closed["pages_left"]:
            still = closed["kernels_still_running_3s_later"]
            lines.append(
                f"Pages left normally ({mode} server): {still} of {closed['pages_left']} page "
                "kernels still running 3 s later"
                + (" (only the culler reclaims those)." if still else ": shut down on leaving.")
            )
    return lines


def load_table(results: dict[str, Any]) -> list[str]:
    """Simultaneous learners."""
    load = results.get("load")
    if not load:
        return []
    settings = load["culling"]
    lines = [
        "Simultaneous learners: each opens a module page and answers 3 scenarios (cold kernels,",
        f"a fresh server per row). success: interactive within {LEARNER_TIMEOUT_S} s and feedback "
        "on all 3 answers;",
        "ms; html: the page's HTML fully received (the server has run the notebook); CPU s: CPU",
        "seconds used while the learners were on their pages (the browser shares the 2 cores).",
        f"{'N':>4}{'success':>9}{'TTI med':>9}{'TTI p95':>9}{'html med':>10}{'html p95':>10}"
        f"{'feedback p95':>14}{'wall s':>8}{'CPU s: server':>15}{'kernels':>9}{'browser':>9}",
    ]
    for run in load["runs"]:
        cpu = run["cpu_seconds"]
        lines.append(
            f"{run['learners']:>4}{fmt(100 * run['success_rate'], 0, '%'):>9}"
            f"{slow(run['tti_ms_median']):>9}{slow(run['tti_ms_p95']):>9}"
            f"{slow(run['html_response_end_ms_median']):>10}"
            f"{slow(run['html_response_end_ms_p95']):>10}"
            f"{fmt(run['click_to_feedback_ms_p95']):>14}{fmt(run['wall_seconds']):>8}"
            f"{fmt(cpu['server']):>15}{fmt(cpu['kernels']):>9}{fmt(cpu['browser']):>9}"
        )
    lines += [
        "",
        "Kernels and memory (MiB: server + kernels RSS) before (1 kernel: an untimed warm-up",
        "page), at the peak, 2 s after the learners left (half closed the tab, half vanished),",
        "and once culling ran",
        f"{'N':>4}{'before':>8}{'MiB':>6}{'peak':>6}{'MiB':>7}{'left':>6}{'MiB':>7}"
        f"{'culled':>8}{'MiB':>6}{'after s':>9}",
    ]
    for run in load["runs"]:
        after = run["after_culling"] or {}
        lines.append(
            f"{run['learners']:>4}{run['before']['kernels']:>8}"
            f"{fmt(run['before']['total_rss_mib']):>6}"
            f"{fmt(run['peak_kernels']):>6}{fmt(run['peak_total_rss_mib']):>7}"
            f"{run['after_leaving']['kernels']:>6}{fmt(run['after_leaving']['total_rss_mib']):>7}"
            f"{after.get('kernels', '-'):>8}{fmt(after.get('total_rss_mib')):>6}"
            f"{fmt(run['culled_after_seconds']):>9}"
        )
    lines.append(
        f"Culling in these runs: cull_idle_timeout={settings['timeout']} s, "
        f"cull_interval={settings['interval']} s (production: voila.json, 600 s / 60 s)."
    )
    early = sum(run["kernels_culled_while_learners_were_on_the_page"] for run in load["runs"])
    if early:
        lines.append(
            f"{early} kernels were culled before their page connected (learners still waiting "
            f"after {settings['timeout']} s)."
        )
    return lines


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 8 with the measured figure and whether it is met."""
    targets = []
    for mode in ("cold", "preheated"):
        pages = results.get(mode, {}).get("pages")
        if not pages or pages[BARE]["tti_ms_median"] is None:
            continue
        bare = pages[BARE]["tti_ms_median"]
        ratios = {
            name: ratio(page["tti_ms_median"], bare)
            for name, page in pages.items()
            if name != BARE and page["tti_ms_median"] is not None
        }
        worst = max(ratios, key=lambda name: ratios[name])
        failing = [name for name, value in ratios.items() if value > TARGET_TTI_RATIO]
        targets.append({
            "target": f"page time to interactive <= {TARGET_TTI_RATIO}x bare ({mode})",
            "measured": f"worst {ratios[worst]:.2f}x ({worst}); over: {len(failing)} of "
            f"{len(ratios)} pages",
            "met": not failing and len(ratios) == len(pages) - 1,
            "failing": failing,
        })
    pages = results["cold"]["pages"]
    bare_rss = pages[BARE]["kernel_rss_mib_median"]
    rss = {
        name: ratio(page["kernel_rss_mib_median"], bare_rss)
        for name, page in pages.items()
        if name != BARE and page["kernel_rss_mib_median"] is not None
    }
    if rss:
        worst = max(rss, key=lambda name: rss[name])
        failing = [name for name, value in rss.items() if value > TARGET_RSS_RATIO]
        targets.append({
            "target": f"page kernel RSS <= {TARGET_RSS_RATIO}x bare kernel",
            "measured": f"worst {rss[worst]:.2f}x ({worst}); over: {len(failing)} of {len(rss)}",
            "met": not failing,
            "failing": failing,
        })
    runs = results.get("load", {}).get("runs", [])
    big = [run for run in runs if run["learners"] >= TARGET_LOAD_LEARNERS]
    for run in big:
        p95 = run["tti_ms_p95"]
        targets.append({
            "target": f"{run['learners']} learners: 100% success, p95 TTI < "
            f"{TARGET_LOAD_P95_MS / 1000:.0f} s",
            "measured": f"{100 * run['success_rate']:.0f}% success, p95 "
            + (f"{p95:.0f} ms" if p95 is not None else f"> {LEARNER_TIMEOUT_S} s"),
            "met": run["success_rate"] == 1.0 and p95 is not None and p95 < TARGET_LOAD_P95_MS,
        })
    for run in runs:
        if run["after_culling"] is None:
            continue
        pool = results["load"]["pool_size"]
        targets.append({
            "target": f"kernels back to the pool size ({pool}) after culling ({run['learners']})",
            "measured": f"{run['after_culling']['kernels']} kernels, "
            f"{fmt(run['culled_after_seconds'], 1)} s after leaving",
            "met": run["after_culling"]["kernels"] == pool,
        })
    return targets


def report(results: dict[str, Any]) -> str:
    """The whole table."""
    meta = results["meta"]
    lines = [
        f"Benchmark of {meta['git']} on {meta['machine']}, {meta['date']}",
        f"Server: {' '.join(meta['serve_command'])}",
        "",
        *page_table(results),
        "",
        *click_table(results),
        *closed_tab_lines(results),
        "",
        *load_table(results),
        "",
        "Targets (issue 8)",
    ]
    for target in results["targets"]:
        mark = "met    " if target["met"] else "NOT MET"
        lines.append(f"  [{mark}] {target['target']}: {target['measured']}")
    lines.append(f"Total time: {results['meta']['seconds']:.0f} s")
    return "\n".join(lines)


def machine() -> str:
    """Cores, memory and CPU model."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 1024**3
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {model}"


def git_describe() -> str:
    """The commit measured, marked when the working tree has changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
            text=True, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return commit + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"


# -- main ------------------------------------------------------------------------------------


async def with_server(
    name: str, work: Path, notebooks: Path, extra_args: Sequence[str],
    body: Callable[[Server], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    """Start a server, run ``body`` against it, stop it."""
    server = Server(name, work, notebooks, extra_args)
    try:
        started = server.wait_until_up()
        log(f"{name} server up on port {server.port} in {started:.1f} s")
        result = await body(server)
        result["startup_seconds"] = started
        result["extra_args"] = server.extra_args
        return result
    except Exception:
        log(f"{name} server log:\n{server.log_tail()}")
        raise
    finally:
        server.stop()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase, in one run."""
    begin = time.monotonic()
    pages = course_pages()
    if args.quick:
        pages = [p for p in pages if p.notebook == "00_home.ipynb"] + [
            p for p in pages if p.kind == "quiz"
        ][:1]
    pages = [BARE_PAGE, *pages]
    modules = [p.notebook for p in pages if p.kind == "quiz"]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mm-bench-") as tmp:
        work = Path(tmp)
        notebooks = prepare_notebooks(work)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )

            async def cold(server: Server) -> dict[str, Any]:
                await server.wait_quiet()
                idle = server.memory()
                runs, closed = await measure_pages(
                    server, browser, pages, args.repeat, clicks=True
                )
                return {
                    "idle": idle,
                    "closed_tabs": closed,
                    "pages": {name: run.summary() for name, run in runs.items()},
                }

            results["cold"] = await with_server("cold", work, notebooks, [], cold)

            if args.preheat:
                pool = len(list(notebooks.glob("*.ipynb")))

                async def preheated(server: Server) -> dict[str, Any]:
                    filled = await server.wait_kernels(pool, timeout=120)
                    await server.wait_quiet(max_wait=90, windows=4)
                    log(f"preheated pool of {pool} kernels started after {fmt(filled, 1)} s")
                    runs, closed = await measure_pages(
                        server, browser, pages, args.warm_repeat, warm=True, pool=pool
                    )
                    return {
                        "pool_size_per_notebook": 1,
                        "pool_started_seconds": filled,
                        "closed_tabs": closed,
                        "pages": {name: run.summary() for name, run in runs.items()},
                    }

                results["preheated"] = await with_server(
                    "preheated", work, notebooks,
                    [
                        "--VoilaConfiguration.preheat_kernel=True",
                        "--VoilaConfiguration.default_pool_size=1",
                    ],
                    preheated,
                )

            if args.learners:
                cull_args = [
                    f"--MappingKernelManager.cull_idle_timeout={args.cull_timeout}",
                    f"--MappingKernelManager.cull_interval={args.cull_interval}",
                ]
                cull_wait = args.cull_timeout + 3 * args.cull_interval + 30
                runs = []
                for position, count in enumerate(args.learners):
                    last = position == len(args.learners) - 1

                    async def loaded(
                        server: Server, count: int = count, last: bool = last
                    ) -> dict[str, Any]:
                        return await measure_load(
                            server, browser, modules, count, cull_wait if last else None
                        )

                    runs.append(
                        await with_server(f"load-{count}", work, notebooks, cull_args, loaded)
                    )
                results["load"] = {
                    "pool_size": 0,
                    "culling": {"timeout": args.cull_timeout, "interval": args.cull_interval},
                    "runs": runs,
                }
            chromium_version = browser.version
            await browser.close()
    results["meta"] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git": git_describe(),
        "machine": machine(),
        "python": platform.python_version(),
        "chromium": chromium_version,
        "serve_command": [
            "python", "-m", "widgets", "serve", "--port", "<free port>", "--",
            "--Voila.root_dir=<copy of notebooks/ plus bare.ipynb>",
        ],
        "repeat": args.repeat,
        "warm_repeat": args.warm_repeat,
        "quick": args.quick,
        "seconds": time.monotonic() - begin,
    }
    try:
        results["targets"] = evaluate_targets(results)
    except (KeyError, TypeError, ValueError) as error:  # a failed phase: keep the figures
        log(f"could not evaluate the targets: {error!r}")
        results["targets"] = []
    return results


def main(argv: list[str] | None = None) -> int:
    """Parse options, run the benchmark, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output", type=Path, default=PROJECT_ROOT / "bench-results.json",
        help="JSON results file (default: bench-results.json)",
    )
    parser.add_argument(
        "--quick", action="store_true",
        help="smoke run: home, one module and bare, once each; 2 learners",
    )
    parser.add_argument(
        "--learners", type=int, nargs="*", default=None,
        help="simultaneous learner counts (default 10 20 40; none to skip)",
    )
    parser.add_argument("--repeat", type=int, default=None, help="cold loads per page (3)")
    parser.add_argument("--warm-repeat", type=int, default=None, help="warm loads per page (2)")
    parser.add_argument("--no-preheat", dest="preheat", action="store_false",
                        help="skip the preheated server")
    parser.add_argument("--cull-timeout", type=int, default=None,
                        help="cull_idle_timeout of the load servers, seconds (60; quick: 20)")
    parser.add_argument("--cull-interval", type=int, default=5,
                        help="cull_interval of the load servers, seconds (5)")
    args = parser.parse_args(argv)
    if args.learners is None:
        args.learners = [2] if args.quick else [10, 20, 40]
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    if args.cull_timeout is None:
        args.cull_timeout = 20 if args.quick else LEARNER_TIMEOUT_S
    if args.warm_repeat is None:
        args.warm_repeat = 1 if args.quick else 2
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)", file=sys.stderr)
        return 2
    results = asyncio.run(run(args))
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"Results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
