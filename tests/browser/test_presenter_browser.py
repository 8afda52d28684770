"""A room in front of a projector: a facilitator in Chromium, the presenter view in Chromium at
1920x1080, and thirty participants at protocol level (each its own browser: a page, a kernel,
the websocket a page speaks), on one Voila server."""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from browser_pages import assert_no_axe_problems, create_room
from playwright.sync_api import expect

from widgets.content import get_course

sys.path.insert(0, str(Path(__file__).parents[1] / "server"))
from hostile_client import KernelSocket, Page, find, run_async  # noqa: E402

pytestmark = pytest.mark.browser

PARTICIPANTS = 30
#: participants answering at once (each is a page with its own kernel)
AT_ONCE = 6
#: the presenter follows the room within this many seconds (the issue's bar)
FOLLOWS_WITHIN = 1.0


async def wait_for_text(socket: KernelSocket, text: str, timeout: float = 30) -> None:
    """Read the kernel's messages until one carries ``text`` (a widget's new state)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = await socket.receive(timeout)
        if reply is None:
            raise ConnectionError("the server closed the connection")
        if text in str(reply["content"].get("data", "")):
            return
    raise TimeoutError(f"the page never showed {text!r}")


async def join_and_answer(page: Page, code: str, position: int) -> tuple[str, float]:
    """Join the room as a new learner and answer its scenario with the option shown at
    ``position``; the label answered and when the page said the answer was in."""
    socket = await KernelSocket.connect(page)
    try:
        states = await socket.states()
        await socket.report_browser(states)
        await socket.settle(quiet=0.3)
        await socket.update(find(states, "TextModel", description="Room code"), value=code)
        await socket.click(find(states, "FormButton", description="Join the room"))
        await wait_for_text(socket, "You are in as")
        states = await socket.states()
        radios = find(states, "RadioGroup")
        label = states[radios]["labels"][position]
        await socket.custom(radios, {"do": "choose", "index": position})
        await socket.click(find(states, "FormButton", description="Send my answer"))
        await wait_for_text(socket, "Your answer is in")
        return label, time.monotonic()
    finally:
        socket.close()


async def answer_the_wall(page: Page, text: str) -> float:
    """On a page already in the room: the open question is on (a tick of the page shows
    it), send ``text`` to the wall; when the page said it was in."""
    socket = await KernelSocket.connect(page)
    try:
        states = await socket.states()
        await socket.custom(find(states, "Ticker", active=True), {"kind": "tick"})
        await wait_for_text(socket, "Open question")
        states = await socket.states()
        box = find(states, "TextBox", description="Your answer*")
        await socket.custom(box, {"do": "text", "value": text})
        await socket.click(find(states, "FormButton", description="Send to the wall"))
        await wait_for_text(socket, "Your answer is in")
        return time.monotonic()
    finally:
        socket.close()


def seconds_until(check, limit: float = 10.0) -> float:
    """Poll ``check()`` until it is true; how long that took (or ``limit`` if never)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if check():
            return time.monotonic() - start
        time.sleep(0.02)
    return limit


def follows(dashboard_shows, presenter_shows) -> float:
    """How long the presenter took to show a change once the facilitator's own page shows
    it (the facilitator's kernel has acted on the click by then)."""
    expect(dashboard_shows).to_be_visible(timeout=10_000)
    return seconds_until(presenter_shows)


def stored_status(database: str, text: str) -> str | None:
    """The moderation the store holds for the open answer containing ``text``."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        row = db.execute(
            "SELECT status FROM room_open_answers WHERE instr(text, ?) > 0", (text,)
        ).fetchone()
    return row[0] if row else None


def decoded_qr(element, folder: Path) -> str:
    """What a real QR decoder (zbar) reads in a picture of ``element``."""
    picture = folder / "qr.png"
    element.screenshot(path=str(picture))
    result = subprocess.run(
        [shutil.which("zbarimg") or "zbarimg", "--raw", "-q", str(picture)],
        capture_output=True, text=True, timeout=30, check=False,
    )
    return result.stdout.strip()


def test_thirty_participants_and_a_presenter_view_that_follows_the_room(
    voila_server, browser, tmp_path
):
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is missing: install Debian's zbar-tools (.ci/run does)")
    course = get_course()
    workshop = min(course.workshops.values(), key=lambda w: w.minutes)
    first = course.scenarios[workshop.scenario_ids()[0]]
    errors: list[str] = []
    facilitator_context = browser.new_context(viewport={"width": 1280, "height": 900})
    facilitator = facilitator_context.new_page()
    facilitator.on("pageerror", lambda error: errors.append(str(error)))
    facilitator.goto(f"{voila_server.url}/voila/render/facilitator.ipynb")
    code = create_room(facilitator, "Projector room")
    dashboard = facilitator.locator(".mm-dashboard")
    presenter_link = dashboard.locator(".mm-presenter-link a")
    expect(presenter_link).to_have_attribute("href", f"{voila_server.url}/voila/render/"
                                             f"presenter.ipynb?room={code}")

    projector_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    projector = projector_context.new_page()
    projector.on("pageerror", lambda error: errors.append(str(error)))
    projector.goto(presenter_link.get_attribute("href"))
    presenter = projector.locator(".mm-presenter")
    count = presenter.locator(".mm-presenter-count")
    expect(count).to_have_attribute("data-answers", "0", timeout=60_000)
    expect(presenter).to_contain_text(first.title)
    # readable from the back of the room: body text of 32 px or more at 1080p
    for selector in (".mm-situation p", ".mm-presenter-option", ".mm-presenter-count span"):
        size = presenter.locator(selector).first.evaluate(
            "(e) => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert size >= 32, (selector, size)
    # nothing to press and no key: the projector only shows
    assert presenter.locator("button, input, textarea, select").count() == 0
    assert "facilitator key" not in presenter.inner_text().lower()

    # the QR code reads, with a real decoder, as the join link shown beside it
    join_link = f"{voila_server.url}/voila/render/workshop.ipynb?room={code}"
    expect(presenter.locator(".mm-join-link a")).to_have_attribute("href", join_link)
    expect(presenter.locator(".mm-join-code")).to_have_text(code)
    assert decoded_qr(presenter.locator(".mm-qr svg"), tmp_path) == join_link
    assert decoded_qr(dashboard.locator(".mm-qr svg"), tmp_path) == join_link

    # thirty people join and answer, six at a time; the first three stay for the wall
    pages = [Page.open(voila_server.url, "workshop.ipynb", http.cookiejar.CookieJar(),
                       query=f"room={code}") for _ in range(3)]

    def participant(number: int) -> tuple[str, float]:
        page = pages[number] if number < 3 else Page.open(
            voila_server.url, "workshop.ipynb", http.cookiejar.CookieJar()
        )
        try:
            return run_async(join_and_answer(page, code, number % len(first.options)))
        finally:
            if number >= 3:
                page.shut_down()

    with ThreadPoolExecutor(AT_ONCE) as pool:
        answered = list(pool.map(participant, range(PARTICIPANTS)))
        # halfway or at the end: the projector shows how many, never what, before the reveal
        assert presenter.locator(".mm-bar-row").count() == 0
    last_answer = max(at for _label, at in answered)
    waited = seconds_until(lambda: count.get_attribute("data-answers") == str(PARTICIPANTS))
    shown_after = time.monotonic() - last_answer
    assert waited < 10 and shown_after <= FOLLOWS_WITHIN, shown_after
    expect(presenter.locator(".mm-results-hidden")).to_be_visible()
    assert presenter.locator(".mm-bar-row, .mm-key-badge").count() == 0
    expect(dashboard.locator(".mm-participants")).to_contain_text(f"{PARTICIPANTS} people")

    # the reveal: bars as a share of the answers, the counts the answers given, the key marked
    by_text = {option.text: option for option in first.options}
    expected = {option.id: 0 for option in first.options}
    for label, _at in answered:
        expected[by_text[label.split(". ", 1)[1]].id] += 1
    dashboard.get_by_role("button", name="Reveal the results").click()
    rows = presenter.locator(".mm-bar-row")
    assert follows(dashboard.get_by_role("button", name="Hide the results"),
                   lambda: rows.count() == len(first.options)) <= FOLLOWS_WITHIN
    for option in first.options:
        row = presenter.locator(f'.mm-bar-row[data-option="{option.id}"]')
        expect(row).to_have_attribute("data-count", str(expected[option.id]))
        share = round(100 * expected[option.id] / PARTICIPANTS)
        expect(row.locator(".mm-bar")).to_have_attribute("style", f"width: {share}%")
        expect(row.locator(".mm-bar-count")).to_contain_text(f"{share}%")
        expect(row.locator(".mm-key-badge")).to_have_count(1 if option.rating == "best" else 0)

    # the room's timer and the next scenario follow the dashboard within a second
    dashboard.get_by_role("button", name="Start the timer").click()
    timer = presenter.locator(".mm-presenter-timer")
    assert follows(dashboard.get_by_role("button", name="Pause").and_(
        dashboard.locator("button:enabled")), lambda: timer.count() == 1) <= FOLLOWS_WITHIN
    expect(timer).to_have_text(re.compile(r"^[23]:\d\d$"))
    second = course.scenarios[workshop.scenario_ids()[1]]
    dashboard.get_by_role("button", name="Next scenario ▶").click()
    assert follows(dashboard.get_by_role("heading", name=second.title),
                   lambda: second.title in presenter.inner_text()) <= FOLLOWS_WITHIN
    expect(count).to_have_attribute("data-answers", "0")
    assert presenter.locator(".mm-bar-row").count() == 0

    # an open question: three answers on the wall once shown; one hidden disappears
    question = "What will you try on Monday?"
    dashboard.get_by_role("textbox", name="Question to ask the room (up to 300 characters)"
                          ).fill(question)
    dashboard.get_by_role("button", name="Ask the room").click()
    expect(presenter.locator(".mm-presenter-question")).to_have_text(question, timeout=5_000)
    texts = ["Saying thank you by name", "<b>Pausing</b> & asking first",
             "Noticing the rota work"]
    for page, text in zip(pages, texts, strict=True):
        run_async(answer_the_wall(page, text))
    expect(count).to_have_attribute("data-answers", "3", timeout=5_000)
    assert presenter.locator(".mm-wall-answer").count() == 0
    dashboard.get_by_role("button", name="Reveal the results").click()
    wall = presenter.locator(".mm-wall-answer")
    expect(wall).to_have_count(3, timeout=5_000)
    assert sorted(wall.all_inner_texts()) == sorted(texts)
    assert presenter.locator(".mm-wall b, .mm-wall script").count() == 0
    expect(presenter.locator(".mm-word-cloud li").first).to_be_visible()
    dashboard.get_by_role("checkbox", name=re.compile("Pausing")).uncheck()
    # from when the facilitator's kernel has stored the decision (as the other checks count
    # from when the facilitator's page shows a change): the presenter's own lag
    assert seconds_until(lambda: stored_status(voila_server.database, "Pausing") == "hidden",
                         limit=30) < 30
    hidden_after = seconds_until(lambda: wall.count() == 2)
    assert hidden_after <= FOLLOWS_WITHIN, hidden_after
    assert texts[1] not in presenter.inner_text()

    assert_no_axe_problems(projector, "the presenter view")
    dashboard.get_by_role("button", name="Close the room").click()
    dashboard.get_by_role("button", name="Yes, close it now").click()
    assert follows(dashboard.get_by_text("The room is closed."),
                   lambda: "closed" in presenter.locator(".mm-presenter-title").inner_text()
                   ) <= FOLLOWS_WITHIN
    for page in pages:
        page.shut_down()
    assert errors == []
    facilitator_context.close()
    projector_context.close()
