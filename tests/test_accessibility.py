"""A course for everyone: axe-core on every page in both themes, phone width, keyboard only.

Screenshots of every page (light and dark, 1280 and 390 px wide) are saved under
test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
import time

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from conftest import ARTIFACTS, PROJECT_ROOT
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from widgets.content import get_course

pytestmark = pytest.mark.browser

PAGES = sorted(path.name for path in (PROJECT_ROOT / "notebooks").glob("*.ipynb"))
THEMES = {"light": "voila_server", "dark": "voila_server_dark"}
WIDE, PHONE = 1280, 390
SCREENSHOTS = ARTIFACTS / "screenshots"
BLOCKING = ("serious", "critical")
# Parts of the page that are Voila's or JupyterLab's, not ours, and that axe flags; each
# entry says why it cannot be fixed in the course code. Whole rules are never switched off.
EXCLUDED: list[str] = []


def open_page(page, server, notebook: str) -> None:
    page.goto(f"{server.url}/voila/render/{notebook}")
    wait_until_rendered(page)


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
        self.context.close()


@pytest.fixture(scope="module")
def page_queue(browser):
    queue = PageQueue(browser)
    yield queue
    queue.close()


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


@pytest.mark.parametrize("notebook", PAGES)
@pytest.mark.parametrize("theme", list(THEMES))
def test_every_page_passes_axe_and_fits_a_phone(request, page_queue, theme, notebook):
    server = request.getfixturevalue(THEMES[theme])
    following = PAGES.index(notebook) + 1
    page = page_queue.open(server, notebook, PAGES[following] if following < len(PAGES) else None)
    try:
        light = "false" if theme == "dark" else "true"
        expect(page.locator("body")).to_have_attribute("data-jp-theme-light", light)
        assert_no_axe_problems(page, f"{notebook} ({theme})")
        stem = notebook.removesuffix(".ipynb")
        save_full_screenshot(page, SCREENSHOTS / f"{theme}-{WIDE}-{stem}.png")

        resize_and_settle(page, PHONE, 844)
        too_wide = [
            f"{name}: {scroll_width} px of content in {width} px"
            for name, scroll_width, width, _height in page.evaluate(SCROLLERS_JS)
            if scroll_width > width
        ]
        assert not too_wide, f"{notebook} scrolls sideways at {PHONE} px ({theme}): {too_wide}"
        cut_off = page.evaluate(WIDER_THAN_SCREEN_JS)
        assert not cut_off, f"{notebook} is wider than a {PHONE} px screen ({theme}): {cut_off}"
        save_full_screenshot(page, SCREENSHOTS / f"{theme}-{PHONE}-{stem}.png")
        assert page.js_errors == []
    finally:
        page.close()


FOCUSED_JS = """
() => {
  const element = document.activeElement;
  if (!element || element === document.body) { return null; }
  const style = getComputedStyle(element);
  const label = element.closest("label");
  return {
    tag: element.tagName.toLowerCase(),
    type: element.type || "",
    text: ((label ? label.textContent : element.textContent) || element.value || "").trim(),
    checked: Boolean(element.checked),
    quiz: Boolean(element.closest(".mm-scenario-quiz")),
    conversation: Boolean(element.closest(".mm-conversation")),
    choice: element.classList.contains("mm-choice-button"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
  };
}
"""


def focused(page) -> dict:
    """What has keyboard focus; fails if nothing has or if it cannot be seen."""
    element = page.evaluate(FOCUSED_JS)
    assert element is not None, "keyboard focus was lost (it is on the page body)"
    assert element["outline"] or element["shadow"], f"focus is not visible on {element}"
    return element


def press(page, key: str, times: int = 1) -> dict:
    for _ in range(times):
        page.keyboard.press(key)
        element = focused(page)
    return element


def tab_to(page, wanted, limit: int = 80) -> dict:
    for _ in range(limit):
        element = press(page, "Tab")
        if wanted(element):
            return element
    raise AssertionError(f"Tab never reached the control (last: {element})")


def wait_for_focus_on(page, text: str) -> dict:
    page.wait_for_function(
        "(text) => document.activeElement && document.activeElement.textContent.trim() === text",
        arg=text.strip(),
    )
    return focused(page)


@pytest.mark.parametrize("theme", list(THEMES))
def test_a_quiz_and_a_conversation_with_the_keyboard_alone(request, context, theme):
    server = request.getfixturevalue(THEMES[theme])
    course = get_course()
    scenario = course.module_scenarios("acknowledge")[0]
    best = next(i for i, option in enumerate(scenario.options) if option.rating == "best")
    conversation = course.conversations[course.module("acknowledge").conversation]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, server, "02_acknowledge.ipynb")
    quiz = page.locator(".mm-scenario-quiz")

    # the options are one radio group: Tab reaches it once, Space and the arrows choose.
    # They are shown in this learner's own order, so read the order off the page.
    quiz.locator(".mm-radio-option").first.wait_for(timeout=30_000)
    shown = [text.strip() for text in quiz.locator(".mm-radio-option").all_inner_texts()]
    assert sorted(shown) == sorted(option.text for option in scenario.options)
    best_position = shown.index(scenario.options[best].text)
    first = tab_to(page, lambda element: element["quiz"] and element["type"] == "radio")
    assert first["text"] == shown[0]
    press(page, "Space")
    chosen = press(page, "ArrowDown", best_position) if best_position else focused(page)
    assert chosen["checked"] and chosen["text"] == scenario.options[best].text
    check = quiz.get_by_role("button", name="Check answer")
    expect(check).to_be_enabled(timeout=30_000)
    assert press(page, "Tab")["text"] == "Check answer"
    page.keyboard.press("Enter")
    expect(quiz.locator(".mm-feedback-item.mm-chosen")).to_contain_text(
        "Strong choice", timeout=30_000
    )
    # Check is disabled once used: focus moves on to "Try again" rather than being lost
    wait_for_focus_on(page, "Try again")

    # the conversation, choice by choice: Tab (and Shift+Tab) to a reply, Enter to say it
    player = page.locator(".mm-conversation")
    node = conversation.nodes[conversation.start]

    def buttons_shown() -> list[str]:
        texts = player.locator(".mm-choice-button:visible").all_inner_texts()
        return [" ".join(text.split()) for text in texts]

    button = tab_to(page, lambda element: element["conversation"] and element["choice"])
    assert " ".join(button["text"].split()) == buttons_shown()[0]
    step = 0
    while node.ending is None:
        shown = buttons_shown()
        assert sorted(shown) == sorted(" ".join(c.text.split()) for c in node.choices)
        target = step % len(node.choices)
        press(page, "Tab", target + 1)  # one past the reply we want...
        reply = press(page, "Shift+Tab")  # ...and back
        assert " ".join(reply["text"].split()) == shown[target]
        page.keyboard.press("Enter")
        said = next(c for c in node.choices if " ".join(c.text.split()) == shown[target])
        node = conversation.nodes[said.goto]
        expect(player.locator(".mm-turn-them").last).to_contain_text(
            node.says.split(".")[0], timeout=30_000
        )
        if node.ending is None:
            wanted = sorted(" ".join(c.text.split()) for c in node.choices)
            deadline = time.monotonic() + 30
            while sorted(buttons_shown()) != wanted and time.monotonic() < deadline:
                page.wait_for_timeout(100)
            wait_for_focus_on(page, buttons_shown()[0])
        step += 1
    expect(player.locator(".mm-ending")).to_contain_text(node.ending.title, timeout=30_000)
    wait_for_focus_on(page, "Play it again")
    assert step >= 2
    # what appeared after the answers passes axe too
    assert_no_axe_problems(page, f"02_acknowledge.ipynb after a quiz and a conversation ({theme})")
    assert errors == []


# -- safe text: a learner's words are always shown as text, never run ---------------------------

PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<img src=\"x\" onerror=\"window.__xss.push('img-push')\">",
    "\"><svg onload=alert('svg')>",
    "'><svg/onload=alert('svg-slash')>",
    "<a href=\"javascript:alert('link')\">click me</a>",
    "javascript:alert('bare link')",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<body onload=alert('body')>",
    "<details open ontoggle=alert('details')>",
    "<input autofocus onfocus=alert('input')>",
    "<video><source onerror=alert('video')></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
    "&lt;script&gt;alert('entity')&lt;/script&gt;",
    "&#60;img src=x onerror=alert('numeric')&#62;",
    "&amp;lt;b&amp;gt;double-encoded&amp;lt;/b&amp;gt;",
    "<scr<script>ipt>alert('nested')</scr</script>ipt>",
    "<<SCRIPT>alert('double');//<</SCRIPT>",
    "</textarea><script>alert('textarea')</script>",
    "<b style=\"background:url(javascript:alert('css'))\">bold</b>",
    "<object data=\"javascript:alert('object')\"></object>",
    "<embed src=\"javascript:alert('embed')\">",
    "<form><button formaction=\"javascript:alert('form')\">go</button></form>",
    "<svg><animate onbegin=alert('animate') attributeName=x dur=1s>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('meta')\">",
    "<x onclick=alert('x')>tap</x>",
    "{{constructor['constructor']('alert(1)')()}}",
    "${alert('template')}",
    "%3Cscript%3Ealert('url')%3C/script%3E",
]
assert len(PAYLOADS) >= 20
ALL_PAYLOADS = "\n".join(PAYLOADS)

# Runs before any page script: every alert, confirm or prompt (and every payload that pushes
# to window.__xss) is recorded instead of shown.
TRAP_JS = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__xss.push(name + "(" + args.join(", ") + ")"); };
}
"""

INJECTED_JS = """
() => {
  const found = [];
  const risky = /^\\s*javascript:/i;
  for (const element of document.querySelectorAll("body *")) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")
          || (["href", "src", "data", "action", "formaction"].includes(attribute.name)
              && risky.test(attribute.value))) {
        found.push(element.outerHTML.slice(0, 160));
      }
    }
  }
  const tags = "script, iframe, object, embed, svg, math, details:not(.mm-key-reveal), video, "
    + "form, meta, x, b, "
    + "input[autofocus], img:not(.mm-chart):not(.widget-image)";
  for (const root of document.querySelectorAll(".mm-root")) {
    for (const element of root.querySelectorAll(tags)) {
      found.push(element.outerHTML.slice(0, 160));
    }
  }
  return found;
}
"""


def single_lines(limit: int) -> list[str]:
    """The payloads joined with spaces into lines of at most ``limit`` characters."""
    lines = [""]
    for payload in PAYLOADS:
        if lines[-1] and len(lines[-1]) + 1 + len(payload) > limit:
            lines.append("")
        lines[-1] = f"{lines[-1]} {payload}".strip()
    return lines


@pytest.fixture
def trapped(browser):
    context = browser.new_context(viewport={"width": WIDE, "height": 900})
    context.set_default_timeout(60_000)
    context.add_init_script(TRAP_JS)
    yield context
    context.close()


def trapped_page(context, server, notebook: str):
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    open_page(page, server, notebook)
    return page


def assert_nothing_ran(page) -> None:
    ran = page.evaluate("() => window.__xss")
    assert ran == [], f"a payload ran on {page.url}: {ran}"
    injected = page.evaluate(INJECTED_JS)
    assert injected == [], f"payload markup became elements on {page.url}: {injected}"
    assert page.js_errors == []


def assert_literal(locator, texts: list[str], where: str) -> None:
    expect(locator.first).to_contain_text(texts[-1].split("\n")[-1], timeout=30_000)
    shown = "\n".join(locator.all_inner_texts())
    missing = [text for text in texts if text not in shown]
    assert not missing, f"{where} does not show these literally: {missing}"


def test_learner_name_is_shown_as_typed(voila_server, trapped):
    from widgets.learner_panel import MAX_NAME_LENGTH

    page = trapped_page(trapped, voila_server, "00_home.ipynb")
    panel = page.locator(".mm-learner-panel")
    greeting = page.locator(".mm-greeting")
    names = single_lines(MAX_NAME_LENGTH)
    for name in names:
        panel.get_by_role("textbox", name="Your name").fill(name)
        panel.get_by_role("button", name="Save name").click()
        expect(panel.locator(".mm-score")).to_have_text(f"Thanks, {name}.")
        expect(greeting).to_have_text(f"Welcome, {name}.")
        assert_nothing_ran(page)
    page.reload()
    wait_until_rendered(page)
    expect(greeting).to_have_text(f"Welcome, {names[-1]}.")
    expect(panel.get_by_role("textbox", name="Your name")).to_have_value(names[-1])
    assert_nothing_ran(page)


def test_reflections_and_coached_replies_are_shown_as_typed(voila_server, trapped):
    from widgets.reply_rules import RULES, check_reply

    course = get_course()
    module = course.module("acknowledge")
    exercise = next(
        course.exercises[e] for e in module.exercises if course.exercises[e].kind == "reply"
    )
    page = trapped_page(trapped, voila_server, "02_acknowledge.ipynb")
    coach = page.locator(".mm-reply-coach").filter(has_text=exercise.title)
    draft = coach.get_by_role("textbox")
    for payload in PAYLOADS:
        # the report quotes the learner's own words back: one payload at a time
        reply = f"I can see {payload}"
        draft.fill(reply)
        coach.get_by_role("button", name="Check my reply").click()
        for result in check_reply(reply, exercise.person.name, exercise.checks or tuple(RULES)):
            expect(coach.locator(".mm-checks")).to_contain_text(result.reason)
    draft.fill(ALL_PAYLOADS)
    coach.get_by_role("button", name="Check my reply").click()
    expect(coach.locator(".mm-checks")).to_contain_text(
        check_reply(ALL_PAYLOADS, exercise.person.name, exercise.checks or tuple(RULES))[0].reason
    )
    reflection = page.locator(".mm-reflection").first
    reflection.get_by_role("textbox").fill(ALL_PAYLOADS)
    reflection.get_by_role("button", name="Save reflection").click()
    expect(reflection).to_contain_text("Saved.")
    assert_nothing_ran(page)

    page.goto(f"{voila_server.url}/voila/render/journal.ipynb")
    wait_until_rendered(page)
    entries = page.locator(".mm-journal-entry")
    expect(entries.filter(has_text=exercise.title)).to_have_count(1)
    for kind in (module.reflections[0].prompt, exercise.title):
        assert_literal(entries.filter(has_text=kind).locator(".mm-journal-text"), PAYLOADS, kind)
    assert_nothing_ran(page)


def test_a_paused_reply_is_shown_as_typed(voila_server, trapped):
    course = get_course()
    exercise = next(
        course.exercises[e] for e in course.module("pause").exercises
        if course.exercises[e].kind == "pause"
    )
    page = trapped_page(trapped, voila_server, "04_pause.ipynb")
    trainer = page.locator(".mm-pause-trainer").filter(has_text=exercise.title)
    trainer.get_by_role("button", name="Open the message").click()
    reply = trainer.get_by_role("textbox")
    expect(reply).to_be_enabled(timeout=exercise.pause_seconds * 1000 + 30_000)
    reply.fill(ALL_PAYLOADS)
    trainer.get_by_role("button", name="Send my reply").click()
    assert_literal(trainer.locator(".mm-compare-cell.mm-yours"), PAYLOADS, "the comparison")
    assert_nothing_ran(page)


def test_the_challenge_plan_and_log_are_shown_as_typed(voila_server, trapped):
    from widgets.challenge_log import DAYS

    page = trapped_page(trapped, voila_server, "08_five_day_challenge.ipynb")
    challenge = page.locator(".mm-challenge")
    plans = single_lines(200)
    plans = plans + [""] * (DAYS - len(plans)) if len(plans) < DAYS else plans
    plans = plans[: DAYS - 1] + [" ".join(plans[DAYS - 1:])]
    for day, plan in enumerate(plans, start=1):
        challenge.get_by_role("textbox", name=f"Day {day}", exact=True).fill(plan)
    challenge.get_by_role("button", name="Save my plan").click()
    expect(challenge).to_contain_text("Plan saved.")
    challenge.get_by_role("textbox", name="What I did").fill(ALL_PAYLOADS)
    challenge.get_by_role("textbox", name="How it landed").fill("\n".join(reversed(PAYLOADS)))
    challenge.get_by_role("button", name="Add to my log").click()
    expect(challenge).to_contain_text("Added to your log.")
    entry = challenge.locator(".mm-journal-entry")
    assert_literal(entry, PAYLOADS, "the challenge log")
    assert_nothing_ran(page)

    page.reload()
    wait_until_rendered(page)
    for day, plan in enumerate(plans, start=1):
        expect(challenge.get_by_role("textbox", name=f"Day {day}", exact=True)).to_have_value(plan)
    assert_literal(entry, PAYLOADS, "the challenge log after a reload")
    assert_nothing_ran(page)


def test_names_in_a_workshop_room_are_shown_as_typed(voila_server, trapped):
    import csv
    import io

    title = " ".join(PAYLOADS)
    name = " ".join(reversed(PAYLOADS))
    facilitator = trapped_page(trapped, voila_server, "facilitator.ipynb")
    facilitator.get_by_role("textbox", name="Room name").fill(title)
    facilitator.get_by_role("button", name="Create a room").click()
    code = facilitator.locator(".mm-facilitator .mm-room-code").first
    expect(code).to_have_text(re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$"), timeout=30_000)
    dashboard = facilitator.locator(".mm-dashboard")
    expect(dashboard.locator(".mm-title").first).to_have_text(title)

    participant = trapped_page(
        trapped, voila_server, f"workshop.ipynb?room={code.inner_text()}"
    )
    participant.get_by_role("textbox", name="Your name (optional)").fill(name)
    participant.get_by_role("checkbox", name=re.compile("Show my name")).check()
    participant.get_by_role("button", name="Join the room").click()
    room = participant.locator(".mm-participant-room")
    expect(room.locator("strong").first).to_have_text(name)
    expect(room.get_by_role("heading", level=3)).to_have_text(title)
    room.get_by_role("radio").first.check()
    room.get_by_role("button", name="Send my answer").click()
    expect(room).to_contain_text("Your answer is in")
    assert_nothing_ran(participant)

    # the first option the participant saw is the dashboard's first row too: one room order
    expect(dashboard.locator(".mm-bar-row").first).to_have_attribute(
        "data-count", "1", timeout=30_000
    )
    with facilitator.expect_download() as download_info:
        dashboard.get_by_role("button", name="Download results (CSV)").click()
    with open(download_info.value.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert [row["participant"] for row in rows] == [name]
    assert_nothing_ran(facilitator)

    # the live views, with every option's feedback revealed, pass axe too
    dashboard.get_by_role("button", name="Reveal all feedback").click()
    expect(room.locator(".mm-feedback-item").first).to_be_visible(timeout=30_000)
    expect(dashboard.locator(".mm-bar-feedback").first).to_be_visible()
    assert_no_axe_problems(facilitator, "the facilitator dashboard")
    assert_no_axe_problems(participant, "a participant's room")
    save_full_screenshot(facilitator, SCREENSHOTS / f"light-{WIDE}-facilitator-dashboard.png")
