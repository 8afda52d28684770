"""The facilitator's controls of a room (results, settings, timer, open questions and their
moderation, deleting) and what a participant's page does with them, on a real temporary
store, driven through the buttons and boxes as the pages drive them."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import PROJECT_ROOT
from wired_rooms import dashboard_for, joined_page, plan_room

from widgets.content import load_course
from widgets.limits import OPEN_ANSWERS_PER_QUESTION
from widgets.store import Storage
from widgets.ui import html
from widgets.workshop.open_question_panel import plan_prompts


@pytest.fixture(scope="module")
def course():
    return load_course(PROJECT_ROOT / "content")


@pytest.fixture
def storage(tmp_path):
    return Storage(tmp_path / "db.sqlite3")


def new_room(storage, course, **settings):
    """A room of the 60-minute plan (its first scenario: one choice of four)."""
    return plan_room(storage, course, "Leads' <b>room</b>", **settings)[0]


def joined(course, storage, code, learner, name=""):
    return joined_page(course, storage, code, learner, name)


def ask(dashboard, text):
    dashboard.open_question.question_box.value = text
    dashboard.open_question.ask_button.click()


def send(page, text, show_name=False):
    page.open_form.answer_box.value = text
    page.open_form.show_name.value = show_name
    page.open_form.send_button.click()
    return page.open_form.status.value


# -- the dashboard ------------------------------------------------------------------------------


def test_the_results_button_follows_hiding_and_closing(storage, course):
    room = new_room(storage, course)
    dashboard = dashboard_for(course, storage, room)
    button = dashboard.results_button
    assert (button.description, button.disabled) == ("Reveal the results", False)
    button.click()
    assert storage.rooms.room(room.code).results_shown
    assert (button.description, button.disabled) == ("Hide the results", False)
    assert "mm-key-badge" in dashboard.chart.value
    button.click()
    assert not storage.rooms.room(room.code).results_shown
    assert button.description == "Reveal the results"
    assert "mm-key-badge" not in dashboard.chart.value
    dashboard.hide_box.value = False
    assert not storage.rooms.room(room.code).hide_results
    assert (button.description, button.disabled) == ("Results are live (hiding is off)", True)
    dashboard.hide_box.value = True
    assert storage.rooms.room(room.code).hide_results and not button.disabled
    assert not storage.rooms.room(room.code).approve_first
    dashboard.approve_box.value = True
    assert storage.rooms.room(room.code).approve_first
    dashboard.approve_box.value = False
    assert not storage.rooms.room(room.code).approve_first
    dashboard.close_button.click()
    assert not storage.rooms.room(room.code).closed  # the first click only asks
    dashboard.close_button.click()
    assert storage.rooms.room(room.code).closed
    assert button.disabled and dashboard.timer.start_button.disabled
    assert dashboard.open_question.ask_button.disabled


def test_timer_buttons_start_pause_resume_and_clear(storage, course):
    room = new_room(storage, course)
    timer = dashboard_for(course, storage, room).timer
    assert timer.pause_button.disabled and timer.stop_button.disabled
    timer.minutes.value = 5
    timer.start_button.click()
    now = storage.rooms.room(room.code)
    assert now.timer_running and 295 <= now.seconds_left() <= 300
    assert not timer.pause_button.disabled and timer.pause_button.description == "Pause"
    timer.pause_button.click()
    paused = storage.rooms.room(room.code)
    assert not paused.timer_running and 295 <= paused.timer_left <= 300
    assert timer.pause_button.description == "Resume"
    timer.pause_button.click()
    resumed = storage.rooms.room(room.code)
    assert resumed.timer_running and resumed.seconds_left() <= paused.timer_left
    timer.stop_button.click()
    assert storage.rooms.room(room.code).seconds_left() is None
    assert timer.pause_button.disabled and timer.stop_button.disabled


def test_ask_a_prompt_of_the_plan_moderate_and_go_back(storage, course):
    room = new_room(storage, course)
    dashboard = dashboard_for(course, storage, room)
    panel = dashboard.open_question
    panel.question_box.value = "   "
    panel.ask_button.click()
    assert "Type the question first." in panel.status.value
    assert storage.rooms.room(room.code).question == 0 and panel.end_button.disabled
    prompt = plan_prompts(course, room.workshop_id)[2][1]
    assert panel.prompt_choice.options[3][1] == prompt
    panel.prompt_choice.value = prompt
    assert panel.question_box.value == prompt
    panel.ask_button.click()
    now = storage.rooms.room(room.code)
    assert now.question == 1 and now.question_text == " ".join(prompt.split())
    assert panel.status.value == "" and not panel.end_button.disabled
    assert html.text(now.question_text) in panel.now.value
    people = [joined(course, storage, room.code, f"p{n}") for n in range(3)]
    for n, page in enumerate(people):
        page.refresh()
        send(page, f"answer number {n}")
    dashboard.refresh()
    boxes = panel.moderation.children
    assert [box.description for box in boxes] == [
        f"Participant {n + 1}: answer number {n}" for n in range(3)
    ]
    assert all(box.value for box in boxes) and "3 answers" in panel.now.value
    boxes[1].value = False
    statuses = [a.status for a in storage.open_answers.room_open_answers(room.code)]
    assert statuses == ["shown", "hidden", "shown"]
    dashboard.refresh()
    assert [box.value for box in panel.moderation.children] == [True, False, True]
    panel.end_button.click()
    assert storage.rooms.room(room.code).question == 0 and panel.moderation.children == ()
    people[0].refresh()
    assert people[0].open_form.layout.display == "none"
    assert people[0].scenario_area.layout.display == ""


def test_delete_takes_two_clicks_then_every_control_does_nothing(storage, course):
    room = new_room(storage, course)
    dashboard = dashboard_for(course, storage, room)
    page = joined(course, storage, room.code, "p0")
    ask(dashboard, "Before we go?")
    page.refresh()
    send(page, "Thanks")
    dashboard.refresh()
    [box] = dashboard.open_question.moderation.children
    dashboard.delete_button.click()
    assert storage.rooms.room(room.code) is not None and not dashboard.deleted
    assert "Click again to delete" in dashboard.close_status.value
    dashboard.delete_button.click()
    assert storage.rooms.room(room.code) is None and dashboard.deleted
    assert storage.open_answers.room_open_answers(room.code) == []
    [notice] = dashboard.children
    assert f"Room {room.code} is deleted" in notice.value
    assert not dashboard.ticker.active
    for button in (
        dashboard.next_button, dashboard.previous_button, dashboard.results_button,
        dashboard.reveal_all_button, dashboard.hide_all_button, dashboard.close_button,
        dashboard.delete_button, dashboard.timer.start_button, dashboard.timer.pause_button,
        dashboard.timer.stop_button, dashboard.open_question.ask_button,
        dashboard.open_question.end_button,
    ):
        button.click()
    dashboard.hide_box.value = False
    dashboard.approve_box.value = True
    box.value = False
    dashboard.reveal_buttons[0].value = True
    dashboard.refresh()
    assert storage.rooms.room(room.code) is None
    assert dashboard.children == (notice,)
    page.refresh()
    assert "deleted this room" in page.status.value and page.open_form.send_button.disabled


def test_the_report_and_the_csv_keep_the_open_answers(storage, course):
    room = new_room(storage, course)
    dashboard = dashboard_for(course, storage, room)
    ana = joined(course, storage, room.code, "ana", "Ana Lima")
    ben = joined(course, storage, room.code, "ben")
    ask(dashboard, "What will you try this week?")
    for page in (ana, ben):
        page.refresh()
    send(ana, "Pause before replying", show_name=True)
    send(ben, "Something rude")
    dashboard.refresh()
    dashboard.open_question.moderation.children[1].value = False
    report = dashboard.report_html()
    assert "Leads&#x27; &lt;b&gt;room&lt;/b&gt;" in report and room.code in report
    assert "What will you try this week?" in report and "Pause before replying" in report
    assert "Ana Lima" in report and "Something rude" not in report
    rows = list(csv.DictReader(io.StringIO(dashboard.results_csv().lstrip("\ufeff"))))
    assert [(r["participant"], r["open_question"], r["open_answer"], r["moderation"])
            for r in rows] == [
        ("Ana Lima", "What will you try this week?", "Pause before replying", "shown"),
        ("Participant 2", "What will you try this week?", "Something rude", "hidden"),
    ]


# -- the participant's page ---------------------------------------------------------------------


def test_the_participant_sees_the_chart_after_the_reveal(storage, course):
    room = new_room(storage, course)
    dashboard = dashboard_for(course, storage, room)
    page = joined(course, storage, room.code, "p0")
    scenario = course.scenarios[room.scenario_ids[0]]
    page.choices.value = 2
    page.send_button.click()
    page.refresh()
    assert page.results.value == ""
    dashboard.results_button.click()
    page.ticker.tick()
    assert "The room's answers</h4>" in page.results.value
    assert f'data-option="{scenario.options[2].id}" data-count="1"' in page.results.value
    assert page.results.value.count("mm-key-badge") == 1
    dashboard.next_button.click()
    page.refresh()
    assert page.results.value == ""


def test_the_open_form_takes_three_answers_and_hides_a_name_not_given(storage, course):
    room = new_room(storage, course)
    dashboard = dashboard_for(course, storage, room)
    anonymous = joined(course, storage, room.code, "p0")
    named = joined(course, storage, room.code, "p1", "Noor")
    ask(dashboard, "One <em>thing</em> you noticed?")
    for page in (anonymous, named):
        page.refresh()
        assert page.scenario_area.layout.display == "none"
        assert page.open_form.layout.display == ""
        assert "One &lt;em&gt;thing&lt;/em&gt; you noticed?" in page.open_form.heading.value
    assert anonymous.open_form.show_name.layout.display == "none"
    assert named.open_form.show_name.layout.display == ""
    for n in range(OPEN_ANSWERS_PER_QUESTION):
        status = send(anonymous, f"idea {n}", show_name=True)
        assert f"idea {n}" in status and anonymous.open_form.sent == n + 1
    assert "That was your last one" in status
    assert f"You have given {OPEN_ANSWERS_PER_QUESTION} answers" in send(anonymous, "idea 3")
    answers = storage.open_answers.room_open_answers(room.code)
    assert [(a.text, a.name) for a in answers] == [(f"idea {n}", "") for n in range(3)]
    send(named, "seen", show_name=True)
    assert storage.open_answers.room_open_answers(room.code)[-1].name == "Noor"


def test_a_hostile_question_number_and_a_late_click_store_nothing(storage, course):
    room = new_room(storage, course)
    dashboard = dashboard_for(course, storage, room)
    page = joined(course, storage, room.code, "p0")
    ask(dashboard, "Why?")
    page.refresh()
    form = page.open_form
    form.set_state({"question": 7, "sent": -5})  # not the page's to say
    assert (form.question, form.sent) == (1, 0)
    form.question = 7
    assert "moved on from that question" in send(page, "sneaky")
    form.question = 1
    assert "Your answer is in" in send(page, "fair")
    dashboard.close_button.click()
    dashboard.close_button.click()
    page.ticker.tick()
    assert form.send_button.disabled and form.answer_box.disabled and not page.ticker.active
    assert "This room is closed" in send(page, "too late")
    assert [a.text for a in storage.open_answers.room_open_answers(room.code)] == ["fair"]
    dashboard.open_question.end_button.click()
    page.refresh()
    page.choices.value = 0
    page.send_button.click()
    assert page.send_button.disabled and "This room is closed" in page.status.value
    assert storage.rooms.room_answers(room.code) == []
