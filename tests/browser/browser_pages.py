"""Opening course pages in the browser tests: themes, waiting for a page to be drawn."""

from __future__ import annotations

import re

from axe_playwright_python.base import AXE_SCRIPT
from conftest import ARTIFACTS, PROJECT_ROOT, leave_pages
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

PAGES = sorted(path.name for path in (PROJECT_ROOT / "notebooks").glob("*.ipynb"))
THEMES = {"light": "voila_server", "dark": "voila_server_dark"}
WIDE, PHONE = 1280, 390
SCREENSHOTS = ARTIFACTS / "screenshots"
BLOCKING = ("minor", "moderate", "serious", "critical")
# Parts of the page that are Voila's or JupyterLab's, not ours, and that axe flags; each
# entry says why it cannot be fixed in the course code. Whole rules are never switched off.
EXCLUDED: list[str] = []


def open_page(page, server, notebook: str) -> None:
    page.goto(f"{server.url}/voila/render/{notebook}")
    wait_until_rendered(page)


ROOM_CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")


def answer_best(page, scenario) -> None:
    """On a module page already open: give the scenario's best answer, check it and wait
    for the feedback."""
    quiz = page.locator(".mm-scenario-quiz")
    quiz.get_by_text(scenario.title).wait_for()
    give_key(quiz, scenario)
    quiz.get_by_role("button", name="Check answer").click()
    quiz.locator(".mm-feedback-item.mm-chosen").first.wait_for()  # a multi-select has several


def give_key(quiz, scenario) -> None:
    """In a quiz on the page, answer as the key says, as a learner would: the best radio,
    every checkbox to tick, or the ranking put in the key's order with Move up."""
    if scenario.kind == "ranking":
        rank_in_order(quiz, [o.text for o in sorted(scenario.options, key=lambda o: o.rank)])
        return
    role = "radio" if scenario.kind == "single" else "checkbox"
    for option in scenario.options:
        if option.rating == "best":
            quiz.get_by_role(role, name=option.text).check()


def ranking_shown(quiz) -> list[str]:
    """The ranking's option texts in the order the page shows them."""
    return [" ".join(t.split()) for t in quiz.locator(".mm-rank-text").all_inner_texts()]


def rank_in_order(quiz, wanted: list[str]) -> None:
    """Click Move up until the ranking on the page reads ``wanted``: the clicks are planned
    from the order first shown (each is handled in turn by the kernel), then the page is
    waited on to show the result."""
    quiz.locator(".mm-rank-text").first.wait_for()
    order = ranking_shown(quiz)
    assert sorted(order) == sorted(" ".join(t.split()) for t in wanted), order
    wanted = [" ".join(t.split()) for t in wanted]
    moves = quiz.locator(".mm-rank-row")
    for target, text in enumerate(wanted):
        place = order.index(text)
        while place > target:
            moves.nth(place).get_by_role("button", name="Move up").click()
            order[place - 1], order[place] = order[place], order[place - 1]
            place -= 1
    expect(quiz.locator(".mm-rank-text")).to_have_text(wanted)


def learner_of_page(page, server):
    """The learner a page's browser is, read from the course home's resume code."""
    from widgets.store import Storage

    page.goto(server.url + "/")
    code = page.locator(".mm-resume-code").inner_text()
    storage = Storage(server.data_dir / "course.sqlite3")
    return storage, storage.learners.learner_for_code(code)


def record_text(page, server) -> str:
    """Open the journal, download the completion record and return its text (the learner's
    modules must all be completed)."""
    import io

    from pypdf import PdfReader

    page.goto(f"{server.url}/voila/render/journal.ipynb")
    record = page.locator(".mm-record")
    expect(record).to_contain_text("Every module is done")
    with page.expect_download() as download:
        record.get_by_role("button", name="Download my completion record (PDF)").click()
    with open(download.value.path(), "rb") as handle:
        pages = PdfReader(io.BytesIO(handle.read())).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def module_meta(page, module_id: str):
    """The line under a module on the course home ("1 of 9 done")."""
    return page.locator(f'li[data-module="{module_id}"] .mm-module-meta')


def create_room(facilitator, title: str) -> str:
    """On an open facilitator page: create a room called ``title``; its code."""
    facilitator.get_by_role("textbox", name="Room name").fill(title)
    facilitator.get_by_role("button", name="Create a room").click()
    code = facilitator.locator(".mm-facilitator .mm-room-code").first
    expect(code).to_have_text(ROOM_CODE, timeout=30_000)
    return code.inner_text()


def wait_until_rendered(page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_selector(".mm-root")
    page.wait_for_load_state("networkidle")


class PageQueue:
    """Pages opened one step ahead: while a test checks one page, the server already runs the
    next one's kernel. Each page records its JavaScript errors in ``page.js_errors``."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": WIDE, "height": 900})
        self.context.set_default_timeout(60_000)
        self.waiting: dict[tuple[str, str], object] = {}

    def _start(self, server, notebook: str):
        page = self.context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        page.goto(f"{server.url}/voila/render/{notebook}", wait_until="commit")
        return page

    def open(self, server, notebook: str, then: str | None = None):
        page = self.waiting.pop((server.url, notebook), None) or self._start(server, notebook)
        if then is not None and (server.url, then) not in self.waiting:
            self.waiting[(server.url, then)] = self._start(server, then)
        wait_until_rendered(page)
        return page

    def close(self) -> None:
        leave_pages(self.context)
        self.context.close()


def axe_problems(page) -> list[str]:
    """Serious and critical axe-core violations, one readable line per element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "([context, options]) => axe.run(context, options)",
        [{"exclude": [[selector] for selector in EXCLUDED]}, {"resultTypes": ["violations"]}],
    )
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            detail = node.get("failureSummary") or ""
            problems.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"    at {' > '.join(map(str, node['target']))}\n"
                f"    {node['html'][:200]}\n    {' '.join(detail.split())[:300]}"
            )
    return problems


def assert_no_axe_problems(page, where: str) -> None:
    problems = axe_problems(page)
    assert not problems, f"axe-core on {where}:\n" + "\n".join(problems)


SCROLLERS_JS = """
() => {
  const found = [["the document", document.documentElement.scrollWidth, window.innerWidth,
                  document.documentElement.scrollHeight]];
  for (const element of document.querySelectorAll("body *")) {
    const style = getComputedStyle(element);
    const scrolls = (value) => value === "auto" || value === "scroll";
    if (scrolls(style.overflowX) || scrolls(style.overflowY)) {
      const name = element.tagName.toLowerCase() + "." +
        String(element.className).trim().split(/\\s+/).join(".");
      found.push([name, element.scrollWidth, element.clientWidth, element.scrollHeight]);
    }
  }
  return found;
}
"""

WIDER_THAN_SCREEN_JS = """
() => [...document.querySelectorAll(".jp-Cell *")]
  .filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.right > window.innerWidth + 1
      && ![...element.children].some((child) =>
        child.getBoundingClientRect().right > window.innerWidth + 1);
  })
  .slice(0, 10)
  .map((element) => element.tagName.toLowerCase() + "." + String(element.className) + ": "
    + (element.textContent || "").trim().slice(0, 60))
"""


def next_frame(page) -> None:
    """Wait until the browser has drawn one more frame."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")


CELLS_FIT_JS = """
(width) => [...document.querySelectorAll(".jp-Cell")]
  .every((cell) => cell.getBoundingClientRect().right <= width + 1)
"""


def resize_and_settle(page, width: int, height: int) -> None:
    """Resize the window and wait for the page to lay itself out again: Lumino resizes its
    panels in a later frame, not in the resize event, so measuring at once sees the old width.
    If the cells never fit, the checks that follow say what is too wide."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(f"() => window.innerWidth === {width}")
    try:
        page.wait_for_function(CELLS_FIT_JS, arg=width, timeout=5_000)
    except PlaywrightTimeoutError:
        pass
    next_frame(page)


def save_full_screenshot(page, path) -> None:
    """A screenshot of the whole page: Voila's lab template scrolls inside a panel, not the
    document, so the window is made as tall as the tallest scrolling content first."""
    size = page.viewport_size
    tallest = max(row[3] for row in page.evaluate(SCROLLERS_JS))
    page.set_viewport_size({"width": size["width"], "height": min(max(tallest, 400), 16_000)})
    next_frame(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
