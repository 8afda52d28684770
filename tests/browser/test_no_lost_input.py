"""No input is lost on a busy server: every form, filled and sent as fast as Playwright can,
against kernels that take a quarter of a second over every widget message.

The delay is a test setting of the kernels only (an IPython startup file in the server's
IPYTHONDIR), so the same test runs against any version of the course's code. On a slow
kernel ipywidgets holds a text box's next update back until the kernel has answered the last
one, while a click goes at once; before FormButton, a click overtook the text it acted on.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator

import pytest
from browser_pages import create_room
from conftest import VoilaServer
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DELAY = 0.25  # seconds a kernel takes over every widget message
SLOW_KERNEL = f"""
import os
import pathlib
import time
import ipywidgets.widgets.widget as _widget

# the test checks that the kernels it talks to are the slowed ones
pathlib.Path(os.environ["MM_SLOW_MARKERS"], str(os.getpid())).touch()

_handle = _widget.Widget._handle_msg


def _slowly(self, message):
    time.sleep({DELAY})
    return _handle(self, message)


_widget.Widget._handle_msg = _slowly
"""


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory) -> Iterator[VoilaServer]:
    home = tmp_path_factory.mktemp("slow-ipython")
    startup = home / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-slow-widgets.py").write_text(SLOW_KERNEL)
    markers = tmp_path_factory.mktemp("slow-markers")
    server = VoilaServer(
        tmp_path_factory.mktemp("slow-voila"),
        environment={"IPYTHONDIR": str(home), "MM_SLOW_MARKERS": str(markers)},
    )
    server.slow_markers = markers
    yield server
    server.stop()


def rows(server: VoilaServer, sql: str) -> list[tuple]:
    with sqlite3.connect(server.database) as db:
        return db.execute(sql).fetchall()


def eventually(read: Callable[[], object], expected: object, timeout: float = 90) -> None:
    """Wait until ``read()`` equals ``expected`` (the slow kernels work through a queue)."""
    deadline = time.monotonic() + timeout
    found = read()
    while found != expected and time.monotonic() < deadline:
        time.sleep(0.5)
        found = read()
    assert found == expected


def test_every_form_keeps_every_word_on_a_slow_kernel(slow_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    base = f"{slow_server.url}/voila/render"

    # the five-day challenge: 20 entries, one after another without a pause
    page.goto(f"{base}/08_five_day_challenge.ipynb")
    log = page.locator(".mm-challenge")
    log.get_by_role("button", name="Add to my log").wait_for()
    expected_entries = set()
    for number in range(20):
        day = number % 5 + 1
        what, landed = f"Moment {number}: thanked Ana for the rota", f"She smiled ({number})"
        log.get_by_label("Day", exact=True).select_option(label=f"Day {day}")
        log.get_by_role("textbox", name="What I did").fill(what)
        log.get_by_role("textbox", name="How it landed").fill(landed)
        log.get_by_role("button", name="Add to my log").click()
        expected_entries.add((day, what, landed))
    eventually(lambda: set(rows(
        slow_server, "SELECT day, what_i_did, how_it_landed FROM challenge_entries"
    )), expected_entries)
    # the page's kernel is one of the slowed ones
    slowed = {int(marker.name) for marker in slow_server.slow_markers.iterdir()}
    assert slowed & {kernel.pid for kernel in slow_server.kernels()}
    expect(log).not_to_contain_text("Describe what you did first.")

    # reflections: 21 saves over the three prompts of Foundations
    page.goto(f"{base}/01_foundations.ipynb")
    prompts = page.locator(".mm-reflection")
    expect(prompts).to_have_count(3)
    last = {}
    for round_ in range(7):
        for index in range(3):
            prompt = prompts.nth(index)
            text = f"Round {round_}: what I noticed in prompt {index}"
            prompt.get_by_role("textbox").fill(text)
            prompt.get_by_role("button", name="Save reflection").click()
            last[index] = text
    eventually(lambda: sorted(t for (t,) in rows(slow_server, "SELECT text FROM reflections")),
               sorted(last.values()))

    # the learner's name, changed five times in a row
    page.goto(slow_server.url + "/")
    panel = page.locator(".mm-learner-panel")
    for number in range(5):
        panel.get_by_role("textbox", name="Your name").fill(f"Ana {number}")
        panel.get_by_role("button", name="Save name").click()
    eventually(lambda: rows(slow_server, "SELECT display_name FROM learners"), [("Ana 4",)])

    # an if-then plan, written and saved five times
    page.goto(f"{base}/02_acknowledge.ipynb")
    plan = page.locator(".mm-plan")
    plan.get_by_label("When…").select_option(index=1)
    for number in range(5):
        plan.get_by_label("I will…").fill(f"thank the person by name, version {number}")
        plan.get_by_role("button", name="Save my plan").click()
    eventually(lambda: [a for (a,) in rows(slow_server, "SELECT action FROM if_then_plans")],
               ["thank the person by name, version 4"])

    # a workshop room: join with a name typed at once, then answer
    facilitator = context.new_page()
    facilitator.goto(f"{base}/facilitator.ipynb")
    code = create_room(facilitator, "Slow room")
    participant = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    participant.set_default_timeout(60_000)
    participant.goto(f"{base}/workshop.ipynb")
    participant.get_by_role("textbox", name="Room code").fill(code)
    participant.get_by_role("textbox", name="Your name (optional)").fill("Noor Haddad")
    participant.get_by_role("button", name="Join the room").click()
    eventually(
        lambda: rows(slow_server, "SELECT display_name FROM room_participants"),
        [("Noor Haddad",)],
    )
    room = participant.locator(".mm-participant-room")
    room.locator(".mm-radio-option").first.click()
    room.get_by_role("button", name="Send my answer").click()
    eventually(lambda: len(rows(slow_server, "SELECT id FROM room_answers")), 1)
    participant.context.close()
    context.close()
