"""One page in the browser: open, load, answer, click, leave."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from bench_server import (
    PageSpec,
)
from common import (
    BARE_CHECK,
    BARE_CONTROL,
    BARE_FEEDBACK,
    CLICK_JS,
    OWN_STORAGE_SCRIPT,
    QUIZ_CHECK,
    QUIZ_CONTROL,
    QUIZ_FEEDBACK,
    QUIZ_NEXT,
    TIMINGS_JS,
    TTI_SCRIPT,
)
from playwright.async_api import Browser, BrowserContext, Page

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
