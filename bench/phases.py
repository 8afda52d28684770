"""The benchmark's phases: every page cold and preheated, then N learners at once."""

from __future__ import annotations

import asyncio
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

import psutil
from bench_server import (
    BARE_PAGE,
    PageSpec,
    Server,
)
from browser_steps import (
    answer_bare,
    answer_quiz,
    leave,
    leave_page,
    load,
    new_profile,
    new_tab,
)
from common import (
    BARE,
    LEARNER_TIMEOUT_S,
    MIB,
    QUIZ_CONTROL,
    TIMINGS_JS,
    finite,
    log,
    median,
    percentile,
)
from playwright.async_api import Browser, BrowserContext, Page
from report import (
    fmt,
)

# -- phases ----------------------------------------------------------------------------------


@dataclass
class PageRuns:
    """Every load of one page."""

    spec: PageSpec
    tti_ms: list[float] = field(default_factory=list)
    response_end_ms: list[float] = field(default_factory=list)
    kernel_rss_mib: list[float] = field(default_factory=list)
    kernel_uss_mib: list[float] = field(default_factory=list)
    clicks: list[dict[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Medians and raw values, for the JSON file."""
        return {
            "notebook": self.spec.notebook,
            "control": self.spec.control_label,
            "kind": self.spec.kind,
            "tti_ms_median": median(self.tti_ms),
            "tti_ms": self.tti_ms,
            "html_response_end_ms_median": median(self.response_end_ms),
            "kernel_rss_mib_median": median(self.kernel_rss_mib),
            "kernel_rss_mib": self.kernel_rss_mib,
            # unique set size: what this kernel alone holds (its shared libraries and the
            # pages it shares with the others are counted once per machine, not per kernel)
            "kernel_uss_mib_median": median(self.kernel_uss_mib),
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
                # the pool taken from by the last page is full again, and the refill is over
                await server.wait_kernels(pool, timeout=60)
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
                        memory = psutil.Process(new.pop()).memory_full_info()
                        run.kernel_rss_mib.append(memory.rss / MIB)
                        run.kernel_uss_mib.append(memory.uss / MIB)
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
        # kernels over the pool size (a pool refills only after a lull, so fewer can run)
        "kernels_still_running_3s_later": max(0, len(server.kernels()) - pool),
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
