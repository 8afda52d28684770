"""The presenter view on the projector and the join link's QR code, driven as the pages drive
them: a real room on a temporary store, the facilitator's dashboard, participants' pages."""

from __future__ import annotations

import json
import re

import ipywidgets as ipw
import pytest
from conftest import PROJECT_ROOT
from wired_rooms import dashboard_for, joined_page, plan_room

from widgets.actions.room_calls import presenter_calls
from widgets.content import load_course
from widgets.store import Storage, Trier
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.shuffle import room_order
from widgets.ui.text_box import TextBox
from widgets.ui.ticker import Ticker
from widgets.workshop.join_link import JoinLink
from widgets.workshop.presenter_view import PresenterView

ROW = re.compile(
    r'<li class="mm-bar-row[^"]*" data-option="([^"]+)" data-count="(\d+)">(.*?)</li>', re.S
)
TIMER = re.compile(r'role="timer"[^>]*>(\d+):(\d\d)([^<]*)</p>')


@pytest.fixture(scope="module")
def course():
    return load_course(PROJECT_ROOT / "content")


@pytest.fixture
def storage(tmp_path):
    return Storage(tmp_path / "db.sqlite3")


def new_room(storage, course, **settings):
    """A room of the 60-minute plan (its first scenario: one choice of four) and its key."""
    return plan_room(storage, course, "Room <i>A</i>", **settings)


def joined(course, storage, code, learner, name=""):
    return joined_page(course, storage, code, learner, name)


def presenter_for(course, storage):
    return PresenterView(course, presenter_calls(storage, lambda: Trier("203.0.113.8", "proj")))


def bar_rows(page: str) -> dict[str, tuple[int, int, str, bool]]:
    """Each bar of a chart by option id: its count, width (%), figure, and key badge."""
    rows = {}
    for option_id, count, body in ROW.findall(page):
        width = int(re.search(r'style="width: (\d+)%"', body).group(1))
        figure = re.search(r'class="mm-bar-count">([^<]*)<', body).group(1)
        rows[option_id] = (int(count), width, figure, "mm-key-badge" in body)
    return rows


def widget_tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from widget_tree(child)


def widget_class(widget) -> type:
    """The class a widget was made of (anywidget gives each instance a subclass of its own,
    of the same name)."""
    made = type(widget)
    base = made.__bases__[0]
    return base if base.__name__ == made.__name__ else made


# -- the presenter view ------------------------------------------------------------------------


def test_results_wait_for_the_reveal_then_bars_are_shares_and_the_key_is_marked(storage, course):
    room, _ = new_room(storage, course)
    dashboard = dashboard_for(course, storage, room)
    presenter = presenter_for(course, storage)
    assert presenter.show_room(room.code.lower()) and presenter.ticker.active
    scenario = course.scenarios[room.scenario_ids[0]]
    ids = [option.id for option in scenario.options]
    assert scenario.kind == "single" and len(ids) == 4
    order = room_order(room.code, 4, scenario.id)
    people = [joined(course, storage, room.code, f"p{n}") for n in range(3)]
    for count, (person, choice) in enumerate(zip(people, (0, 1, 2), strict=True), start=1):
        person.choices.value = choice
        person.send_button.click()
        presenter.ticker.tick()
        assert f'data-answers="{count}"' in presenter.count.value
        assert "3 joined" in presenter.count.value
        shown = presenter.results.value
        assert "Results appear when your facilitator reveals them." in shown
        assert "mm-bar-row" not in shown and "mm-key-badge" not in shown
        assert "data-count" not in shown
        for position, index in enumerate(order):
            letter = "ABCD"[position]
            assert f"<strong>{letter}</strong> {html.text(scenario.options[index].text)}" in shown
    assert "mm-situation" in presenter.stage.value  # the whole scenario, before the reveal
    dashboard.results_button.click()
    presenter.refresh()
    rows = bar_rows(presenter.results.value)
    assert [rows[i][:3] for i in ids] == [
        (1, 33, "1 (33%)"), (1, 33, "1 (33%)"), (1, 33, "1 (33%)"), (0, 0, "0 (0%)"),
    ]
    assert [rows[i][3] for i in ids] == [o.rating == "best" for o in scenario.options]
    assert sum(row[3] for row in rows.values()) == 1
    assert "mm-situation" not in presenter.stage.value  # the results take the screen
    assert html.text(scenario.title) in presenter.stage.value
    dashboard.next_button.click()
    presenter.refresh()
    second = course.scenarios[room.scenario_ids[1]]
    assert html.text(second.title) in presenter.stage.value
    assert "mm-bar-row" not in presenter.results.value
    assert "Results appear when" in presenter.results.value
    assert 'data-answers="0"' in presenter.count.value


def test_a_room_without_hiding_shows_bars_live_and_the_key_only_after_the_reveal(
    storage, course
):
    room, _ = new_room(storage, course, hide_results=False)
    dashboard = dashboard_for(course, storage, room)
    presenter = presenter_for(course, storage)
    assert presenter.show_room(room.code)
    scenario = course.scenarios[room.scenario_ids[0]]
    person = joined(course, storage, room.code, "p0")
    person.choices.value = 3
    person.send_button.click()
    presenter.refresh()
    rows = bar_rows(presenter.results.value)
    assert rows[scenario.options[3].id][:3] == (1, 100, "1 (100%)")
    assert "Results appear" not in presenter.results.value
    assert not any(row[3] for row in rows.values())
    dashboard.show_results(True)
    presenter.refresh()
    rows = bar_rows(presenter.results.value)
    assert [row[3] for row in rows.values()] == [
        scenario.options[i].rating == "best" for i in room_order(room.code, 4, scenario.id)
    ]


def test_the_timer_counts_pauses_and_goes(storage, course):
    room, _ = new_room(storage, course)
    dashboard = dashboard_for(course, storage, room)
    presenter = presenter_for(course, storage)
    presenter.show_room(room.code)
    assert presenter.timer.value == ""
    dashboard.timer.minutes.value = 2
    dashboard.timer.start_button.click()
    presenter.refresh()
    minutes, seconds, state = TIMER.search(presenter.timer.value).groups()
    assert 110 <= 60 * int(minutes) + int(seconds) <= 120 and state == ""
    dashboard.timer.pause_button.click()
    assert dashboard.timer.pause_button.description == "Resume"
    presenter.refresh()
    paused = TIMER.search(presenter.timer.value).groups()
    assert paused[2] == " (paused)"
    presenter.refresh()
    assert TIMER.search(presenter.timer.value).groups() == paused  # a paused timer stays
    dashboard.timer.pause_button.click()
    presenter.refresh()
    assert TIMER.search(presenter.timer.value).group(3) == ""
    assert dashboard.timer.pause_button.description == "Pause"
    dashboard.timer.stop_button.click()
    presenter.refresh()
    assert presenter.timer.value == "" and storage.rooms.room(room.code).seconds_left() is None


def test_the_wall_shows_only_shown_answers_escaped_with_names_where_chosen(storage, course):
    room, _ = new_room(storage, course, hide_results=False)
    dashboard = dashboard_for(course, storage, room)
    presenter = presenter_for(course, storage)
    presenter.show_room(room.code)
    ana = joined(course, storage, room.code, "ana", "Ana & <b>Co</b>")
    ben = joined(course, storage, room.code, "ben", "Ben Secret")
    dashboard.open_question.question_box.value = "What <b>helps</b> you listen?"
    dashboard.open_question.ask_button.click()
    presenter.refresh()
    assert "What &lt;b&gt;helps&lt;/b&gt; you listen?" in presenter.stage.value
    assert "No answers on the wall yet." in presenter.results.value
    for page in (ana, ben):
        page.refresh()
    ana.open_form.answer_box.value = "<script>alert(1)</script> listening"
    ana.open_form.show_name.value = True
    ana.open_form.send_button.click()
    ben.open_form.answer_box.value = "Listening first"
    ben.open_form.send_button.click()
    presenter.refresh()
    wall = presenter.results.value
    assert wall.count('class="mm-wall-answer"') == 2 and 'data-answers="2"' in presenter.count.value
    assert "<script>" not in wall and "&lt;script&gt;alert(1)&lt;/script&gt; listening" in wall
    assert '<span class="mm-wall-name">Ana &amp; &lt;b&gt;Co&lt;/b&gt;</span>' in wall
    assert wall.count("mm-wall-name") == 1 and "Ben Secret" not in wall
    assert wall.index("Listening first") < wall.index("&lt;script&gt;")  # newest first
    assert re.search(r'<li class="mm-cloud-\d" data-count="2"><bdi>listening</bdi>', wall)
    dashboard.refresh()
    ben_box = next(box for box in dashboard.open_question.moderation.children
                   if box.description.endswith("Listening first"))
    ben_box.value = False
    presenter.refresh()
    assert "Listening first" not in presenter.results.value
    assert 'data-answers="1"' in presenter.count.value


def test_approve_first_answers_wait_for_the_dashboard(storage, course):
    room, _ = new_room(storage, course, hide_results=False, approve_first=True)
    dashboard = dashboard_for(course, storage, room)
    presenter = presenter_for(course, storage)
    presenter.show_room(room.code)
    dashboard.open_question.question_box.value = "One word for today?"
    dashboard.open_question.ask_button.click()
    person = joined(course, storage, room.code, "p0")
    person.refresh()
    person.open_form.answer_box.value = "Curious"
    person.open_form.send_button.click()
    assert "once approved" in person.open_form.status.value
    presenter.refresh()
    assert "Curious" not in presenter.results.value and 'data-answers="0"' in presenter.count.value
    dashboard.refresh()
    [box] = dashboard.open_question.moderation.children
    assert not box.value and "1 waiting for your approval" in dashboard.open_question.now.value
    box.value = True
    presenter.refresh()
    assert "Curious" in presenter.results.value and 'data-answers="1"' in presenter.count.value


def test_closed_then_deleted_room_and_codes_that_find_nothing(storage, course):
    room, _ = new_room(storage, course, hide_results=False)
    dashboard = dashboard_for(course, storage, room)
    presenter = presenter_for(course, storage)
    presenter.show_room(room.code)
    assert "closed" not in presenter.title.value and "Room &lt;i&gt;A" in presenter.title.value
    person = joined(course, storage, room.code, "p0")
    dashboard.open_question.question_box.value = "Last words?"
    dashboard.open_question.ask_button.click()
    person.refresh()
    person.open_form.answer_box.value = "Bye all"
    person.open_form.send_button.click()
    dashboard.timer.start_button.click()
    dashboard.close_button.click()
    dashboard.close_button.click()
    presenter.ticker.tick()
    assert "· closed" in presenter.title.value and "Bye all" in presenter.results.value
    # the facilitator can still take an answer off the wall, the timer away, or delete the
    # room: the projector follows a closed room too
    assert presenter.ticker.active
    dashboard.refresh()
    dashboard.open_question.moderation.children[0].value = False
    dashboard.timer.stop_button.click()
    presenter.ticker.tick()
    assert "Bye all" not in presenter.results.value and presenter.timer.value == ""
    dashboard.delete_button.click()
    dashboard.delete_button.click()
    presenter.ticker.tick()
    assert "This room has been deleted." in presenter.stage.value
    assert not presenter.ticker.active
    assert presenter.results.value == presenter.count.value == presenter.timer.value == ""
    empty = presenter_for(course, storage)
    assert not empty.show_room("") and empty.room is None and empty.code == ""
    assert "it needs the room" in empty.stage.value and not empty.ticker.active
    assert not empty.show_room("ZZZZ-ZZZZ") and empty.room is None and empty.code == ""
    assert "There is no room with that code" in empty.stage.value
    empty.refresh()  # nothing to read, nothing raised
    assert not presenter.show_room(room.code)  # the deleted room is not found again


def test_the_presenter_has_no_control_and_no_key(storage, course):
    room, key = new_room(storage, course, hide_results=False)
    assert len(key) >= 16
    dashboard = dashboard_for(course, storage, room)
    presenter = presenter_for(course, storage)
    presenter.show_room(room.code)
    person = joined(course, storage, room.code, "p0", "Pat")
    person.choices.value = 1
    person.send_button.click()
    dashboard.show_results(True)
    dashboard.reveal(all_options=True)
    dashboard.timer.start_button.click()
    allowed = (PresenterView, ipw.VBox, ipw.HBox, ipw.HTML, JoinLink, Ticker)
    controls = (ipw.Button, FormButton, ipw.Text, ipw.Textarea, TextBox, ipw.Checkbox,
                ipw.ToggleButton, ipw.Dropdown)
    for ask in (False, True):
        if ask:
            dashboard.open_question.question_box.value = "Why?"
            dashboard.open_question.ask_button.click()
            person.refresh()
            person.open_form.answer_box.value = "Because"
            person.open_form.send_button.click()
        presenter.refresh()
        tree = list(widget_tree(presenter))
        assert len(tree) == 11
        assert [
            w for w in tree if widget_class(w) not in allowed or isinstance(w, controls)
        ] == []
        state = json.dumps([w.get_state() for w in tree], default=str)
        assert key not in state
        # what it draws is read: the bars, then the wall
        assert ("Because" in state) is ask and ("mm-bar-row" in state) is not ask


# -- the join link -------------------------------------------------------------------------------


def test_the_join_link_draws_only_a_proper_address_of_its_path():
    path = "workshop.ipynb?room=ABCD-EFGH"
    link = JoinLink(path=path, qr=True)
    good = f"https://course.example/voila/render/{path}"
    bad = [
        "https://course.example/voila/render/presenter.ipynb?room=ABCD-EFGH",
        f"https://course.example/{path}x",
        f"javascript:alert(1)//{path}",
        f"data:text/html,/{path}",
        f"https://course.example/{'a' * 1000}/{path}",
        f"https:///{path}",
    ]
    for href in bad:
        link.set_state({"href": good})
        assert link.qr_svg.startswith("<svg")
        link.set_state({"href": href})
        assert link.qr_svg == "", href
        assert link.href == ("" if len(href) > 1000 else href)  # too long: not even kept
    link.set_state({"href": good})
    drawn = link.qr_svg
    assert drawn.startswith("<svg") and "QR code" in drawn
    link.set_state({"qr_svg": "<svg><script>alert(1)</script></svg>", "path": "evil.ipynb",
                    "qr": False, "label": "Hacked: "})
    assert (link.qr_svg, link.path, link.qr, link.label) == (drawn, path, True, "Join link: ")


def test_the_presenters_join_link_follows_its_room(storage, course):
    room, _ = new_room(storage, course)
    presenter = presenter_for(course, storage)
    presenter.show_room(room.code.lower())
    assert presenter.join.path == f"workshop.ipynb?room={room.code}"
    assert presenter.join.code == room.code and presenter.join.qr
    presenter.join.set_state({"href": f"http://localhost:8866/voila/render/{presenter.join.path}"})
    assert presenter.join.qr_svg.startswith("<svg")
    presenter.join.set_state({"href": "http://localhost:8866/voila/render/workshop.ipynb?room=X"})
    assert presenter.join.qr_svg == ""
