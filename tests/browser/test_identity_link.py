"""A ?code= link that belongs to another learner never takes over a browser silently."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")
QUESTION = "This link belongs to another learner's progress. Switch to it, or keep your own?"


def home(page, server, query: str = "") -> None:
    page.goto(f"{server.url}/voila/render/00_home.ipynb{query}")
    expect(page.locator(".mm-resume-code")).to_have_text(CODE, timeout=30_000)


def test_a_link_to_another_learner_asks_first_and_my_data_stays_mine(voila_server, browser):
    mine, theirs = browser.new_context(), browser.new_context()
    me, them = mine.new_page(), theirs.new_page()
    home(me, voila_server)
    my_code = me.locator(".mm-resume-code").inner_text()
    home(them, voila_server)
    their_code = them.locator(".mm-resume-code").inner_text()
    assert my_code != their_code

    home(me, voila_server, f"?code={their_code}")
    prompt = me.locator(".mm-link-prompt")
    expect(prompt).to_contain_text(QUESTION)
    expect(me.locator(".mm-resume-code")).to_have_text(my_code)  # still me
    me.get_by_role("textbox", name="Your name").fill("Still Ana")
    me.get_by_role("button", name="Save name").click()
    expect(me.locator(".mm-learner-panel")).to_contain_text("Thanks, Still Ana")
    me.get_by_role("button", name="Keep my own progress").click()
    expect(prompt).to_be_hidden()

    home(me, voila_server)  # the browser still keeps my code
    expect(me.locator(".mm-resume-code")).to_have_text(my_code)
    with sqlite3.connect(voila_server.data_dir / "course.sqlite3") as db:
        names = dict(db.execute("SELECT display_name, id FROM learners").fetchall())
    assert "Still Ana" in names  # saved for me...
    home(them, voila_server)
    expect(them.locator(".mm-resume-code")).to_have_text(their_code)
    assert "Still Ana" not in them.locator(".mm-root").first.inner_text()  # ...not for them

    home(me, voila_server, f"?code={their_code}")
    me.get_by_role("button", name="Switch to the link's progress").click()
    expect(me.locator(".mm-resume-code")).to_have_text(their_code)
    home(me, voila_server)
    expect(me.locator(".mm-resume-code")).to_have_text(their_code)  # chosen, so now kept
    mine.close()
    theirs.close()
