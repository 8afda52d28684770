"""Safe text: a learner's words are always shown as text, never run, in every text field."""

from __future__ import annotations

import re

import pytest
from browser_pages import (
    SCREENSHOTS,
    WIDE,
    assert_no_axe_problems,
    open_page,
    save_full_screenshot,
    wait_until_rendered,
)
from conftest import leave_pages
from playwright.sync_api import expect

from widgets.content import get_course
from widgets.limits import NAME_MAX, TITLE_MAX

pytestmark = pytest.mark.browser

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
  // the one svg of our own: the QR code the kernel draws of a checked join link
  const tags = "script, iframe, object, embed, svg:not(.mm-qr-svg), math, "
    + "details:not(.mm-key-reveal), video, "
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


def trapped_context(browser):
    """A browser context (its own cookies and storage: another person) where any payload
    that runs leaves a trace."""
    context = browser.new_context(viewport={"width": WIDE, "height": 900})
    context.set_default_timeout(60_000)
    context.add_init_script(TRAP_JS)
    return context


@pytest.fixture
def trapped(browser):
    context = trapped_context(browser)
    yield context
    leave_pages(context)
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
    page = trapped_page(trapped, voila_server, "00_home.ipynb")
    panel = page.locator(".mm-learner-panel")
    greeting = page.locator(".mm-greeting")
    names = single_lines(NAME_MAX)
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
    from widgets.content.reply_rules import RULES, check_reply

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
    from widgets.learner.challenge_log import DAYS

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


def test_names_in_a_workshop_room_are_shown_as_typed(voila_server, trapped, browser):
    import csv
    import io

    titles = single_lines(TITLE_MAX)  # every payload, in room names within the limit
    names = single_lines(NAME_MAX)
    facilitator = trapped_page(trapped, voila_server, "facilitator.ipynb")
    dashboard = facilitator.locator(".mm-dashboard")
    code = facilitator.locator(".mm-facilitator .mm-room-code").first
    for title in titles:
        facilitator.get_by_role("textbox", name="Room name").fill(title)
        facilitator.get_by_role("button", name="Create a room").click()
        expect(dashboard.locator(".mm-title").first).to_have_text(title, timeout=30_000)
        assert_nothing_ran(facilitator)
    expect(code).to_have_text(re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$"), timeout=30_000)

    # one participant (one browser) per line of payloads, four at a time: each step is done
    # on the four pages before waiting for any of them, and the next four pages are asked for
    # while these are filled in (not all at once: a crowd of kernels starting together only
    # slows each of them)
    people = [trapped_context(browser) for _ in names]
    pages = []

    def ask_for(context):
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda error, page=page: page.js_errors.append(str(error)))
        page.goto(f"{voila_server.url}/voila/render/workshop.ipynb?room={code.inner_text()}",
                  wait_until="commit")
        pages.append(page)

    together = 4
    for context in people[:together]:
        ask_for(context)
    for first in range(0, len(names), together):
        group = range(first, min(first + together, len(names)))
        for context in people[first + together:first + 2 * together]:
            ask_for(context)
        for number in group:
            participant = pages[number]
            wait_until_rendered(participant)
            participant.get_by_role("textbox", name="Your name (optional)").fill(names[number])
            participant.get_by_role("checkbox", name=re.compile("Show my name")).check()
            participant.get_by_role("button", name="Join the room").click()
        for number in group:
            room = pages[number].locator(".mm-participant-room")
            expect(room.locator("strong").first).to_have_text(names[number])
            expect(room.get_by_role("heading", level=3)).to_have_text(titles[-1])
            room.get_by_role("radio").first.check()
            room.get_by_role("button", name="Send my answer").click()
        for number in group:
            room = pages[number].locator(".mm-participant-room")
            expect(room).to_contain_text("Your answer is in", timeout=30_000)
            assert_nothing_ran(pages[number])
    participant = pages[-1]

    # the first option the participant saw is the dashboard's first row too: one room order
    expect(dashboard.locator(".mm-bar-row").first).to_have_attribute(
        "data-count", str(len(names)), timeout=30_000
    )
    with facilitator.expect_download() as download_info:
        dashboard.get_by_role("button", name="Download results (CSV)").click()
    with open(download_info.value.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    # (four joined at a time: the rows are in the order the kernels wrote them)
    assert sorted(row["participant"] for row in rows) == sorted(names)
    assert_nothing_ran(facilitator)

    # the live views, with every option's feedback revealed, pass axe too
    dashboard.get_by_role("button", name="Reveal all feedback").click()
    expect(room.locator(".mm-feedback-item").first).to_be_visible(timeout=30_000)
    expect(dashboard.locator(".mm-bar-feedback").first).to_be_visible()
    assert_no_axe_problems(facilitator, "the facilitator dashboard")
    assert_no_axe_problems(participant, "a participant's room")
    save_full_screenshot(facilitator, SCREENSHOTS / f"light-{WIDE}-facilitator-dashboard.png")
    for context in people:
        leave_pages(context)
        context.close()
