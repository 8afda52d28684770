"""The first answer is the one that counts: wrong, then right, in a real Voila page; the
deck's summary and the downloaded completion record both say so."""

from __future__ import annotations

import pytest
from browser_pages import learner_of_page, record_text
from playwright.sync_api import expect

from widgets.content import get_course

pytestmark = pytest.mark.browser


def test_wrong_then_right_scores_the_first_answer_in_the_summary_and_the_record(
    voila_server, page
):
    course = get_course()
    scenario = course.module_scenarios("acknowledge")[0]
    wrong = next(o for o in scenario.options if o.rating == "miss")
    best = next(o for o in scenario.options if o.rating == "best")
    page.goto(f"{voila_server.url}/voila/render/02_acknowledge.ipynb")
    quiz = page.locator(".mm-scenario-quiz")
    quiz.get_by_text(scenario.title).wait_for()
    quiz.get_by_role("radio", name=wrong.text).check()
    quiz.get_by_role("button", name="Check answer").click()
    expect(quiz.locator(".mm-feedback-item.mm-chosen")).to_contain_text(wrong.feedback[:40])
    # only the chosen option's feedback: the best one is not handed over before the retry
    expect(quiz.locator(".mm-feedback-item")).to_have_count(1)
    quiz.get_by_role("button", name="Try again").click()
    quiz.get_by_role("radio", name=best.text).check()
    quiz.get_by_role("button", name="Check answer").click()
    expect(quiz.locator(".mm-feedback-item")).to_have_count(len(scenario.options))
    expect(quiz.locator(".mm-score")).to_contain_text("Practice try 2: 100%")
    summary = page.locator(".mm-scenario-deck .mm-score").last
    expect(summary).to_contain_text("first answers: 0 of 1 best")

    storage, learner = learner_of_page(page, voila_server)
    assert storage.learners.first_answers(learner, "acknowledge") == (0, 1)
    # the rest of the course is marked done in the database (not clicked through)
    for module in course.modules:
        storage.learners.mark_completed(learner, module.id)
    text = record_text(page, voila_server)
    acknowledge = course.module("acknowledge").title
    assert f"{acknowledge} — completed" in text
    assert "first answers: 0 of 1 best" in text
    assert page.js_errors == []
