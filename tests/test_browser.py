"""Browser tests: a real Voila server, headless Debian Chromium, a learner's clicks."""

from __future__ import annotations

import pytest

from widgets.content import get_course

pytestmark = pytest.mark.browser


def first_scenario(module_id: str):
    return get_course().module_scenarios(module_id)[0]


def test_home_opens_at_the_root_and_links_to_the_module(voila_server, page):
    page.goto(voila_server.url + "/")
    page.wait_for_selector(".mm-module-map")
    assert page.url.endswith("/voila/render/00_home.ipynb")
    assert page.get_by_role("heading", name="Leadership in Micro-Moments").is_visible()
    page.locator(".mm-module-map").get_by_role("link", name="Acknowledge before you advise").click()
    page.wait_for_url("**/02_acknowledge.ipynb")
    page.wait_for_selector(".mm-scenario-quiz")
    assert page.js_errors == []


@pytest.mark.parametrize("rating", ["best", "miss"])
def test_answering_a_scenario_shows_the_right_feedback(voila_server, page, rating):
    scenario = first_scenario("acknowledge")
    index = next(i for i, o in enumerate(scenario.options) if o.rating == rating)
    chosen = scenario.options[index]
    page.goto(voila_server.url + "/voila/render/02_acknowledge.ipynb")
    quiz = page.locator(".mm-scenario-quiz")
    quiz.get_by_text(scenario.title).wait_for()
    check = quiz.get_by_role("button", name="Check answer")
    assert check.is_disabled()
    quiz.get_by_role("radio", name=chosen.text).check()
    check.click()
    mine = quiz.locator(".mm-feedback-item.mm-chosen")
    mine.wait_for()
    expected_label = {"best": "Strong choice", "miss": "Misses the moment"}[rating]
    assert expected_label in mine.inner_text()
    assert chosen.feedback in mine.inner_text()
    assert quiz.locator(".mm-feedback-item").count() == len(scenario.options)
    expected_score = "Score: 100%" if rating == "best" else "Score: 0%"
    assert expected_score in quiz.locator(".mm-score").first.inner_text()
    assert page.locator(".jp-OutputArea-output pre").count() == 0  # no traceback shown
