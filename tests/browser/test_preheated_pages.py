"""Pages served from Voila's preheated pools: the notebook ran before anyone asked for the
page, so ``?code=`` and ``?room=`` reach the kernel from the browser, and a pooled kernel
belongs to the browser that took it and to no one else."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest
from conftest import VoilaServer
from playwright.sync_api import expect

from widgets.content import get_course
from widgets.store import Storage

pytestmark = pytest.mark.browser
#: every page these tests open comes from a pool, even with pages opened one after another
POOLS = ("00_home.ipynb=6", "02_acknowledge.ipynb=2", "workshop.ipynb=2")


@pytest.fixture(scope="module")
def pooled_server(tmp_path_factory):
    """A server with pools sized so that no page of these tests has to start a kernel."""
    args = [arg for pool in POOLS for arg in ("--pool", pool)]
    server = VoilaServer(tmp_path_factory.mktemp("pooled"), extra_args=tuple(args))
    deadline = time.monotonic() + 120
    while server.log().count("is filled with") < 12:
        assert time.monotonic() < deadline, "the pools did not fill"
        time.sleep(0.5)
    yield server
    server.stop()

CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")
POOLED = re.compile(r"Using pre-heated kernel: ([0-9a-f-]{36}) for (\S+)")


def pooled_pages(server) -> list[tuple[str, str]]:
    """(kernel id, notebook) of every page the server took from a pool so far."""
    return POOLED.findall(server.log())


def open_page(page, server, notebook: str, query: str = "") -> None:
    page.goto(f"{server.url}/voila/render/{notebook}{query}")
    expect(page.locator(".mm-root").first).to_be_visible(timeout=30_000)


def resume_code(page) -> str:
    code = page.locator(".mm-resume-code")
    expect(code).to_have_text(CODE, timeout=30_000)
    return code.inner_text()


def test_room_and_code_links_work_on_preheated_pages(pooled_server, browser):
    scenario = get_course().module_scenarios("acknowledge")[0]
    room, _key = Storage(pooled_server.data_dir / "course.sqlite3").rooms.create_room(
        "Pool room", "", [scenario.id]
    )
    before = len(pooled_pages(pooled_server))
    joiner = browser.new_context()
    page = joiner.new_page()
    open_page(page, pooled_server, "workshop.ipynb", f"?room={room.code.lower()}")
    expect(page.get_by_role("textbox", name="Room code")).to_have_value(room.code)
    page.get_by_role("button", name="Join the room").click()
    expect(page.locator(".mm-participant-room")).to_contain_text("Pool room")

    open_page(page, pooled_server, "00_home.ipynb")
    code = resume_code(page)
    elsewhere = browser.new_context()  # another device: nothing stored, only the link
    other = elsewhere.new_page()
    open_page(other, pooled_server, "00_home.ipynb", f"?code={code}")
    assert resume_code(other) == code

    served = pooled_pages(pooled_server)[before:]
    assert [notebook for _kernel, notebook in served] == [
        "workshop.ipynb", "00_home.ipynb", "00_home.ipynb"
    ]
    assert len({kernel for kernel, _notebook in served}) == 3  # one kernel per page
    joiner.close()
    elsewhere.close()


def test_two_learners_on_pooled_pages_never_see_each_others_data(pooled_server, browser):
    before = len(pooled_pages(pooled_server))
    learners = {}
    for name in ("Ana Pool", "Ben Pool"):
        context = browser.new_context()
        page = context.new_page()
        open_page(page, pooled_server, "00_home.ipynb")
        learners[name] = (context, page, resume_code(page))
        page.get_by_role("textbox", name="Your name").fill(name)
        page.get_by_role("button", name="Save name").click()
        expect(page.locator(".mm-learner-panel")).to_contain_text(f"Thanks, {name}")
    assert learners["Ana Pool"][2] != learners["Ben Pool"][2]

    # Ana answers a scenario; then each opens pages again, one after the other
    _context, ana, _code = learners["Ana Pool"]
    scenario = get_course().module_scenarios("acknowledge")[0]
    total = len(get_course().module("acknowledge").scenarios)
    open_page(ana, pooled_server, "02_acknowledge.ipynb")
    quiz = ana.locator(".mm-scenario-quiz").first
    quiz.get_by_role("radio", name=scenario.options[0].text).check()
    quiz.get_by_role("button", name="Check answer").click()
    expect(quiz.locator(".mm-feedback-item.mm-chosen")).to_be_visible(timeout=30_000)
    for name, (_context, page, code) in learners.items():
        open_page(page, pooled_server, "00_home.ipynb")
        assert resume_code(page) == code
        shown = page.locator(".mm-root").first.inner_text()
        other = next(n for n in learners if n != name)
        assert name in shown and other not in shown
        progress = page.locator('li[data-module="acknowledge"] .mm-module-meta')
        done = 1 if name == "Ana Pool" else 0
        expect(progress).to_contain_text(f"{done} of {total} done")

    served = pooled_pages(pooled_server)[before:]
    assert len(served) == 5 and len({kernel for kernel, _nb in served}) == 5
    with sqlite3.connect(pooled_server.data_dir / "course.sqlite3") as db:
        rows = db.execute(
            "SELECT l.display_name, COUNT(a.scenario_id) FROM learners l "
            "LEFT JOIN answers a ON a.learner_id = l.id "
            "WHERE l.display_name IN ('Ana Pool', 'Ben Pool') GROUP BY l.id"
        ).fetchall()
    assert dict(rows) == {"Ana Pool": 1, "Ben Pool": 0}
    for context, _page, _code in learners.values():
        context.close()
