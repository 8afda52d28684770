"""Keyboard only: a scenario quiz and a branching conversation with Tab, arrows, Space, Enter."""

from __future__ import annotations

import time

import pytest
from browser_pages import (
    THEMES,
    assert_no_axe_problems,
    open_page,
)
from playwright.sync_api import expect

from widgets.content import get_course

pytestmark = pytest.mark.browser


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
