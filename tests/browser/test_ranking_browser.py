"""A ranking scenario on a module page, in headless Chromium: put in order with the keyboard
alone (the focus follows the option moved), checked, scored against the key and kept; axe
finds nothing, in both themes."""

from __future__ import annotations

import pytest
from browser_pages import (
    THEMES,
    assert_no_axe_problems,
    learner_of_page,
    open_page,
    rank_in_order,
    ranking_shown,
)
from playwright.sync_api import expect
from test_keyboard import focused, tab_to, wait_for_focus_on

from widgets.content import get_course

pytestmark = pytest.mark.browser

MODULE, NOTEBOOK = "names", "03_names.ipynb"


def open_the_ranking(page, server):
    course = get_course()
    scenarios = course.module_scenarios(MODULE)
    position = next(i for i, s in enumerate(scenarios) if s.kind == "ranking")
    open_page(page, server, NOTEBOOK)
    for _ in range(position):  # Next, without answering, to the ranking
        page.get_by_role("button", name="Next →").click()
    scenario = scenarios[position]
    quiz = page.locator(".mm-scenario-quiz")
    quiz.get_by_text(scenario.title).wait_for()
    return scenario, quiz


@pytest.mark.parametrize("theme", list(THEMES))
def test_a_ranking_with_the_keyboard_alone(request, context, theme):
    server = request.getfixturevalue(THEMES[theme])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    scenario, quiz = open_the_ranking(page, server)
    shown = ranking_shown(quiz)
    key = [" ".join(o.text.split()) for o in sorted(scenario.options, key=lambda o: o.rank)]
    assert sorted(shown) == sorted(key)

    # the first row's Move up is disabled, so Tab reaches its Move down first
    button = tab_to(page, lambda element: element["quiz"] and element["text"] == "Move down")
    assert button["tag"] == "button"
    first = shown[0]
    page.keyboard.press("Enter")
    expect(quiz.locator(".mm-rank-text").nth(1)).to_have_text(first)
    # the focus went with the option, to the button that moves it on
    page.wait_for_function(
        """(text) => {
            const row = document.activeElement && document.activeElement.closest('.mm-rank-row');
            return row && row.querySelector('.mm-rank-text').textContent.trim() === text
              && document.activeElement.textContent.trim() === 'Move down';
        }""",
        arg=first,
    )
    focused(page)  # and the focus ring shows
    page.keyboard.press("Space")
    expect(quiz.locator(".mm-rank-text").nth(2)).to_have_text(first)
    expect(quiz.get_by_role("status").filter(has_text="now 3 of")).to_have_count(1)

    rank_in_order(quiz, key)  # the rest with the mouse, as the key says
    check = quiz.get_by_role("button", name="Check answer")
    check.focus()
    page.keyboard.press("Enter")
    expect(quiz.locator(".mm-verdict")).to_contain_text("Well done")
    expect(quiz.locator(".mm-feedback-item")).to_have_count(len(key))
    expect(quiz.locator(".mm-feedback-item").first).to_contain_text("you put it")
    wait_for_focus_on(page, "Try again")
    assert quiz.get_by_role("button", name="Move up").evaluate_all(
        "(buttons) => buttons.every((b) => b.disabled)"
    )
    assert_no_axe_problems(page, f"{NOTEBOOK}, a ranking checked ({theme})")
    assert errors == []

    storage, learner = learner_of_page(page, server)
    [answer] = [a for a in storage.learners.answers(learner) if a.scenario_id == scenario.id]
    wanted = tuple(o.id for o in sorted(scenario.options, key=lambda o: o.rank))
    assert answer.selected == wanted and answer.score == 1.0 and answer.correct


def test_a_ranking_is_readable_on_a_phone(voila_server, context):
    """At 390 px nothing runs off the side: each row's buttons sit under its text, inside
    the card, and stay big enough to tap."""
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    _scenario, quiz = open_the_ranking(page, voila_server)
    card = quiz.bounding_box()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for row in quiz.locator(".mm-rank-row").all():
        text = row.locator(".mm-rank-text").bounding_box()
        for button in row.get_by_role("button").all():
            box = button.bounding_box()
            assert box["x"] >= card["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
            assert box["height"] >= 24 and box["y"] >= text["y"] + text["height"] - 1
