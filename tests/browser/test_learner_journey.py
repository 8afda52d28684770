"""A learner's journey in a real Voila page: the deck keeps their place and takes them to the
next scenario, and the course has a finish (the challenge counts by days logged)."""

from __future__ import annotations

import pytest
from browser_pages import answer_best, module_meta
from playwright.sync_api import expect

from widgets.content import get_course
from widgets.store import Storage

pytestmark = pytest.mark.browser


def test_reload_reopens_the_first_unanswered_scenario_and_next_focuses_its_heading(
    voila_server, page
):
    scenarios = get_course().module_scenarios("names")
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"{voila_server.url}/voila/render/03_names.ipynb")
    deck = page.locator(".mm-scenario-deck")
    answer_best(page, scenarios[0])
    deck.get_by_role("button", name="Next →").click()
    heading = deck.locator(".mm-scenario-quiz h3.mm-title")
    expect(heading).to_have_text(scenarios[1].title)
    expect(heading).to_be_focused()
    box = heading.bounding_box()
    assert box is not None and 0 < box["y"] < 700 - box["height"], box
    answer_best(page, scenarios[1])

    page.reload()
    expect(deck.locator(".mm-scenario-quiz h3.mm-title")).to_have_text(scenarios[2].title)
    expect(deck.locator(".mm-progress-text")).to_contain_text(f"Scenario 3 of {len(scenarios)}")
    expect(deck.locator(".mm-score").last).to_contain_text("first answers: 2 of 2 best")
    assert page.js_errors == []


def test_the_challenge_is_done_by_five_days_and_then_the_home_says_course_complete(
    voila_server, page
):
    course = get_course()
    base = f"{voila_server.url}/voila/render"
    page.goto(f"{base}/08_five_day_challenge.ipynb")
    log = page.locator(".mm-challenge")

    def log_day(day: int) -> None:
        log.get_by_label("Day", exact=True).select_option(label=f"Day {day}")
        log.get_by_role("textbox", name="What I did").fill(f"Day {day}: thanked Ana by name")
        log.get_by_role("button", name="Add to my log").click()
        expect(log).to_contain_text(f"Day {day}: thanked Ana by name")

    log_day(1)
    log_day(2)
    expect(log).to_contain_text("on 2 of 5 days")
    # the look-back questions saved early do not finish the challenge
    for prompt in page.locator(".mm-reflection").all():
        prompt.get_by_role("textbox").fill("It changed how my team greets each other.")
        prompt.get_by_role("button", name="Save reflection").click()
        expect(prompt).to_contain_text("Saved")

    page.goto(voila_server.url + "/")
    code = page.locator(".mm-resume-code").inner_text()
    expect(module_meta(page, "challenge")).to_contain_text("2 of 5 done")
    storage = Storage(voila_server.data_dir / "course.sqlite3")
    learner = storage.learners.learner_for_code(code)
    assert "challenge" not in storage.learners.completed_modules(learner)
    # every other module is marked done in the database (not clicked through)
    for module in course.modules:
        if module.id != "challenge":
            storage.learners.mark_completed(learner, module.id)
    page.reload()
    expect(page.locator(".mm-course-home")).not_to_contain_text("Course complete")

    page.goto(f"{base}/08_five_day_challenge.ipynb")
    for day in (3, 4, 5):
        log_day(day)
    expect(log).to_contain_text("your challenge is complete")
    page.goto(voila_server.url + "/")
    complete = page.locator(".mm-course-complete")
    expect(complete).to_contain_text("Course complete")
    expect(complete.get_by_role("link", name="download it from your journal")).to_be_visible()
    expect(page.locator(".mm-continue-link")).to_have_count(0)
    assert page.js_errors == []
