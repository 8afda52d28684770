"""Spaced review in a real Voila page: answer, move the clock, see the review due, do it."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from browser_pages import learner_of_page, record_text
from playwright.sync_api import expect

from widgets.content import get_course
from widgets.store import Storage

pytestmark = pytest.mark.browser


def pick(page, scenario, rating: str) -> None:
    quiz = page.locator(".mm-scenario-quiz")
    quiz.get_by_text(scenario.title).wait_for()
    option = next(o for o in scenario.options if o.rating == rating)
    quiz.get_by_role("radio", name=option.text).check()
    quiz.get_by_role("button", name="Check answer").click()
    quiz.locator(".mm-feedback-item.mm-chosen").wait_for()


def move_reviews_back(database, learner_id: str, days: int) -> None:
    """Simulate ``days`` passing: the server has no test clock, so the learner's stored due
    times in the server's own database are moved ``days`` earlier instead."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT scenario_id, due_at FROM review_schedule WHERE learner_id = ?",
            (learner_id,),
        ).fetchall()
        for scenario_id, due_at in rows:
            earlier = datetime.fromisoformat(due_at) - timedelta(days=days)
            db.execute(
                "UPDATE review_schedule SET due_at = ? WHERE learner_id = ? AND scenario_id = ?",
                (earlier.isoformat(), learner_id, scenario_id),
            )


def test_answer_move_the_clock_see_the_review_due_and_do_it(voila_server, page):
    course = get_course()
    missed = course.module_scenarios("curiosity")[0]
    page.goto(f"{voila_server.url}/voila/render/06_curiosity.ipynb")
    pick(page, missed, "miss")

    page.goto(voila_server.url + "/")
    code = page.locator(".mm-resume-code").inner_text()
    expect(page.locator(".mm-review-due")).to_contain_text("Nothing is due for review today")
    database = voila_server.data_dir / "course.sqlite3"
    learner = Storage(database).learners.learner_for_code(code)
    assert learner is not None
    move_reviews_back(database, learner, days=2)

    page.reload()
    link = page.get_by_role("link", name="Due for review: 1 scenario")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url("**/09_review.ipynb")
    review = page.locator(".mm-review")
    expect(review.locator(".mm-review-status")).to_contain_text(
        "3 new scenarios first, then 1 scenario due for review"
    )
    # the new scenarios come first; the missed one is the last card of the review
    first_title = review.locator(".mm-scenario-quiz .mm-title").inner_text()
    assert first_title != missed.title
    for _ in range(3):
        review.get_by_role("button", name="Next →").click()
    pick(page, missed, "best")
    expect(review.locator(".mm-scenario-quiz .mm-score")).to_contain_text("Score: 100%")

    item = Storage(database).reviews.review_item(learner, missed.id)
    assert item is not None and item.reviews == 1 and item.last_score == 1.0
    page.goto(voila_server.url + "/")
    expect(page.locator(".mm-review-due")).to_contain_text("Nothing is due for review today")
    assert page.js_errors == []


def test_a_plan_made_in_a_module_is_in_the_downloaded_calendar_and_the_record(
    voila_server, page
):
    """The plan is made by clicks; the modules are then marked completed in the server's
    database (the test does not click through the whole course) to reach the record."""
    import icalendar

    course = get_course()
    situation = course.practices["names"].situations[0]
    page.goto(f"{voila_server.url}/voila/render/03_names.ipynb")
    plan = page.locator(".mm-plan")
    plan.get_by_label("When…").select_option(label=situation)
    plan.get_by_label("I will…").fill("greet <b>Ana</b> by name and ask about her weekend")
    plan.get_by_role("button", name="Save my plan").click()
    expect(plan.locator(".mm-plan-sentence")).to_contain_text("greet <b>Ana</b> by name")
    expect(plan.get_by_role("status")).to_contain_text("Plan saved.")

    page.goto(f"{voila_server.url}/voila/render/08_five_day_challenge.ipynb")
    with page.expect_download() as calendar_download:
        page.get_by_role("button", name="Download my reminders (.ics)").click()
    download = calendar_download.value
    assert download.suggested_filename == "micro-moments-reminders.ics"
    with open(download.path(), "rb") as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    days = [e for e in calendar.walk("VEVENT") if "challenge" in str(e["summary"])]
    assert len(days) == 5
    assert all(f"When {situation}, I will greet <b>Ana</b>" in str(e["description"])
               for e in days)

    record = page.locator(".mm-record")
    expect(record).to_contain_text("Still to do")
    storage, learner = learner_of_page(page, voila_server)
    for module in course.modules:
        storage.learners.mark_completed(learner, module.id)
    text = record_text(page, voila_server)
    assert course.title in text and course.modules[0].title in text
    assert "greet" not in text  # plans stay out unless the box is ticked
    assert page.js_errors == []
