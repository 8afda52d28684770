"""Workshop rooms: storage, the facilitator console and dashboard, participants, CSV, handouts."""

from __future__ import annotations

import csv
import io
import multiprocessing
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT
from wired_rooms import console_for, dashboard_for, entry_for, participant_for

from widgets.content import load_course, validate_content
from widgets.content.models import Workshop
from widgets.identity.session import LearnerSession
from widgets.store import CODE_ALPHABET, RoomError, Storage
from widgets.ui.shuffle import room_order
from widgets.workshop.handouts import handouts_html, results_csv
from widgets.workshop.segment_timer import SegmentTimer

CONTENT = PROJECT_ROOT / "content"

def choice_counts(storage, code: str, scenario_id: str, option_ids: list[str]) -> list[int]:
    """For each option id, how many participants chose it in their latest answer."""
    chosen = [o for answer in storage.rooms.room_latest_selections(code, scenario_id)
              for o in answer]
    return [chosen.count(option_id) for option_id in option_ids]



@pytest.fixture(scope="module")
def course():
    return load_course(CONTENT)


@pytest.fixture
def storage(tmp_path):
    return Storage(tmp_path / "db.sqlite3")


def workshop_data(course, minutes: int = 30) -> dict:
    ids = list(course.scenarios)[:3]
    return {
        "id": "test-workshop",
        "title": "Test workshop",
        "minutes": minutes,
        "summary": "A short test.",
        "segments": [
            {"id": "open", "title": "Opening", "minutes": 10, "kind": "opening",
             "notes": "Welcome everyone."},
            {"id": "live", "title": "Live scenarios", "minutes": 15, "kind": "scenarios",
             "notes": "Run the scenarios.", "scenarios": ids},
            {"id": "pairs", "title": "Pairs", "minutes": 5, "kind": "role-play",
             "notes": "In pairs.", "cards": ["card-one"]},
        ],
        "role_play_cards": [
            {"id": "card-one", "title": "<b>Late</b> report", "practice": "acknowledge",
             "situation": "A report is late.",
             "partner_a": {"role": "Manager", "brief": "Acknowledge first."},
             "partner_b": {"role": "Report", "brief": "You are tired."},
             "debrief": ["How did it feel?"]},
        ],
        "worksheet": ["Which moment shaped how you see a leader?"],
    }


def make_workshop(course) -> Workshop:
    return Workshop.model_validate(workshop_data(course))


def session_for(storage: Storage, learner: str) -> LearnerSession:
    session = LearnerSession(storage=storage, mode="local")
    session._become(learner)
    return session


# -- content ---------------------------------------------------------------------------------


def test_course_has_60_and_90_minute_workshops(course):
    assert {w.minutes for w in course.workshops.values()} >= {60, 90}
    for workshop in course.workshops.values():
        assert sum(s.minutes for s in workshop.segments) == workshop.minutes
        assert workshop.role_play_cards and workshop.worksheet
        assert all(s in course.scenarios for s in workshop.scenario_ids())
        assert any(segment.questions for segment in workshop.segments)


def test_workshop_durations_must_add_up(tmp_path, course):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    data = workshop_data(course, minutes=45)
    data["segments"][1]["scenarios"].append("no-such-scenario")
    (root / "workshops").mkdir(exist_ok=True)
    (root / "workshops" / "zz.yaml").write_text(yaml.safe_dump(data))
    problems = validate_content(root)
    assert (
        "content/workshops/zz.yaml: workshop 'test-workshop': segments: durations add up to "
        "30 minutes, not the workshop's 45" in problems
    ), problems


# -- storage -----------------------------------------------------------------------------------


def test_room_codes_and_keys_are_hard_to_guess(storage, course):
    rooms = [storage.rooms.create_room("R", "w", ["a"]) for _ in range(50)]
    codes = {room.code for room, _ in rooms}
    assert len(codes) == 50
    for room, key in rooms:
        raw = room.code.replace("-", "")
        assert len(raw) == 8 and set(raw) <= set(CODE_ALPHABET)  # 40 random bits
        assert len(key) >= 16
    room, key = rooms[0]
    assert storage.rooms.room_key_matches(room.code, key)
    assert not storage.rooms.room_key_matches(room.code, rooms[1][1])
    assert not storage.rooms.room_key_matches(room.code, "")
    assert key not in Path(storage.path).read_bytes().decode("latin-1")


def test_latest_answer_counts_and_closed_room_refuses(storage):
    room, _ = storage.rooms.create_room("R", "w", ["s1", "s2"])
    assert storage.rooms.join_room(room.code.lower(), "ana") == 1
    assert storage.rooms.join_room(room.code, "ben") == 2
    assert storage.rooms.join_room(room.code, "ana") == 1  # re-joining keeps the number
    storage.rooms.record_room_answer(room.code, "ana", "s1", ("a",))
    storage.rooms.record_room_answer(room.code, "ana", "s1", ("c",))  # changed her mind
    storage.rooms.record_room_answer(room.code, "ben", "s1", ("c",))
    assert choice_counts(storage, room.code, "s1", ["a", "b", "c"]) == [0, 0, 2]
    # counts follow the order the caller asks in (the room's shuffled order)
    assert choice_counts(storage, room.code, "s1", ["c", "a", "b"]) == [2, 0, 0]
    # her second answer replaced her first: one row per participant and scenario
    assert len(storage.rooms.room_answers(room.code)) == 2
    with pytest.raises(RoomError, match="moved on to another scenario"):
        storage.rooms.record_room_answer(room.code, "ana", "s2", ("a",))
    storage.rooms.set_room_view(room.code, current_index=1)
    storage.rooms.record_room_answer(room.code, "ana", "s2", ("a",))
    with pytest.raises(RoomError, match="moved on to another scenario"):
        storage.rooms.record_room_answer(room.code, "ben", "s1", ("a",))
    storage.rooms.set_room_view(room.code, current_index=0)
    with pytest.raises(RoomError, match="Join the room before answering"):
        storage.rooms.record_room_answer(room.code, "cy", "s1", ("a",))
    storage.rooms.close_room(room.code)
    with pytest.raises(RoomError, match="This room is closed"):
        storage.rooms.record_room_answer(room.code, "ana", "s1", ("b",))
    with pytest.raises(RoomError, match="This room is closed"):
        storage.rooms.join_room(room.code, "cy")
    with pytest.raises(RoomError, match="no room with that code"):
        storage.rooms.join_room("ZZZZ-ZZZZ", "cy")
    assert choice_counts(storage, room.code, "s1", ["a", "b", "c"]) == [0, 0, 2]


def _answer_many(path: str, code: str, participant: int, answers: int) -> None:
    storage = Storage(path)
    learner = f"participant-{participant}"
    storage.rooms.join_room(code, learner)
    for index in range(answers):
        storage.rooms.record_room_answer(code, learner, "s0", ("abcd"[(participant + index) % 4],))
    storage.close()


def test_many_participant_kernels_answer_at_once(tmp_path):
    path = str(tmp_path / "db.sqlite3")
    room, _ = Storage(path).rooms.create_room("R", "w", ["s0", "s1", "s2"])
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_answer_many, args=(path, room.code, n, 30)) for n in range(20)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    storage = Storage(path)
    assert storage.rooms.room_participant_count(room.code) == 20
    # 30 answers each, the last one kept: (participant + 29) % 4 spreads them evenly
    assert len(storage.rooms.room_answers(room.code)) == 20
    assert choice_counts(storage, room.code, "s0", list("abcd")) == [5, 5, 5, 5]


# -- CSV and handouts --------------------------------------------------------------------------


def test_csv_has_one_row_per_answer_and_names_only_when_opted_in(storage, course):
    scenario = next(iter(course.scenarios.values()))
    room, _ = storage.rooms.create_room("R", "w", [scenario.id])
    storage.rooms.join_room(room.code, "ana", "Ana Lima", show_name=True)
    storage.rooms.join_room(room.code, "ben", "Ben Secret", show_name=False)
    storage.rooms.join_room(room.code, "cy", "=HYPERLINK(\"x\")", show_name=True)
    ids = [option.id for option in scenario.options]
    storage.rooms.record_room_answer(room.code, "ana", scenario.id, (ids[0],))
    storage.rooms.record_room_answer(room.code, "ben", scenario.id, (ids[1],))
    storage.rooms.record_room_answer(room.code, "ben", scenario.id, (ids[2],))
    storage.rooms.record_room_answer(room.code, "cy", scenario.id, (ids[0],))
    text = results_csv(storage.rooms.room(room.code), storage.rooms.room_answers(room.code), course)
    rows = read_csv(text)
    assert len(rows) == 3  # Ben changed his answer: his last one is the one kept
    assert [row["participant"] for row in rows] == [
        "Ana Lima", "Participant 2", "'=HYPERLINK(\"x\")",
    ]
    assert "Ben Secret" not in text
    # letters as the room saw the options (its one shuffled order); ids as in the content
    order = room_order(room.code, len(scenario.options), scenario.id)
    letter_of = {index: "ABCD"[position] for position, index in enumerate(order)}
    assert [row["options_chosen"] for row in rows] == [letter_of[i] for i in (0, 2, 0)]
    assert [row["option_ids"] for row in rows] == [ids[i] for i in (0, 2, 0)]
    assert rows[0]["answer"] == scenario.options[0].text
    assert {row["room"] for row in rows} == {room.code}
    assert [(row["rating"], row["score"]) for row in rows] == [
        (scenario.options[i].rating, str(round(100 * scenario.score((i,))))) for i in (0, 2, 0)
    ]


def read_csv(text: str) -> list[dict[str, str]]:
    """The CSV as a spreadsheet reads the downloaded file: UTF-8 bytes, byte-order mark."""
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_names_in_arabic_and_with_emoji_come_back_from_the_csv_as_typed(storage, course):
    scenario = next(s for s in course.scenarios.values() if s.kind == "ranking")
    room, _ = storage.rooms.create_room("غرفة الورشة 🙂", "w", [scenario.id])
    names = ["ليلى حداد", "Zoë 🌱 Okafor", "王芳"]
    ids = [option.id for option in sorted(scenario.options, key=lambda o: o.rank)]
    for number, name in enumerate(names):
        storage.rooms.join_room(room.code, f"p{number}", name, show_name=True)
        storage.rooms.record_room_answer(room.code, f"p{number}", scenario.id, tuple(ids))
    text = results_csv(storage.rooms.room(room.code), storage.rooms.room_answers(room.code), course)
    rows = read_csv(text)
    assert [row["participant"] for row in rows] == names
    assert {(row["rating"], row["score"]) for row in rows} == {("best", "100")}
    assert all(row["options_chosen"].count(" > ") == len(ids) - 1 for row in rows)


def test_handouts_are_printable_and_escaped(course):
    page = handouts_html(make_workshop(course), course)
    assert "@media print" in page and "break-inside: avoid" in page
    assert "&lt;b&gt;Late&lt;/b&gt; report" in page and "<b>Late</b>" not in page
    assert "Partner A: Manager" in page and "Reflection worksheet" in page
    assert "Which moment shaped how you see a leader?" in page


# -- widgets ------------------------------------------------------------------------------------


def test_wrong_key_is_refused_with_a_clear_message(storage, course):
    console = console_for(course, storage, "")
    room = console.start_room()
    assert room is not None and console.unlocked_room == room.code
    assert "shown only once" in console.create_status.value
    other = console_for(course, storage, "")
    other.code_input.value = room.code
    other.key_input.value = "not-the-key"
    other.open_button.click()
    assert other.dashboard is None and other.unlocked_room == ""
    assert f"That facilitator key does not open room {room.code}" in other.open_status.value
    other.code_input.value = "ABCD-EFGH"
    assert not other.open_dashboard()
    assert "There is no room with that code" in other.open_status.value


def test_host_key_guards_room_creation_and_opens_any_room(storage, course):
    console = console_for(course, storage, "s3cret-host")
    console.create_key.value = "guess"
    assert console.start_room() is None
    assert "host key is not right" in console.create_status.value
    console.create_key.value = "s3cret-host"
    room = console.start_room()
    assert room is not None
    other = console_for(course, storage, "s3cret-host")
    other.code_input.value = room.code.lower()
    other.key_input.value = "s3cret-host"
    assert other.open_dashboard() and other.unlocked_room == room.code


def test_dashboard_follows_answers_and_moves_the_room(storage, course):
    workshop = make_workshop(course)
    room, _ = storage.rooms.create_room("Room", workshop.id, workshop.scenario_ids())
    dashboard = dashboard_for(course, storage, room)
    participants = [participant_for(course, session_for(storage, f"p{i}")) for i in range(3)]
    for index, participant in enumerate(participants):
        participant.code_input.value = room.code.lower()
        participant.name_input.value = "<img src=x onerror=alert(1)>"
        participant.show_name.value = index == 0
        assert participant.join()
    assert "&lt;img" in participants[0].room_header.value
    assert "Participant 2 (anonymous)" in participants[1].room_header.value
    first = course.scenarios[workshop.scenario_ids()[0]]
    assert all(p.scenario_id == first.id for p in participants)
    for participant, choice in zip(participants, (0, 1, 1), strict=True):
        participant.choices.value = choice
        assert participant.send_button.click() is None and participant.sent
    dashboard.ticker.tick()
    assert dashboard.participants == 3
    ids = [option.id for option in first.options]
    assert f'data-option="{ids[0]}" data-count="1">' in dashboard.chart.value
    assert f'data-option="{ids[1]}" data-count="2">' in dashboard.chart.value
    assert "3 answers so far" in dashboard.chart.value
    # every answer as sent, for kinds that need more than counts (a ranking's order)
    assert dashboard.selections() == [(ids[0],), (ids[1],), (ids[1],)]
    assert participants[2].selections() == dashboard.selections()
    # the dashboard and every participant see one order: the room's
    assert all(p.order == dashboard.order for p in participants)
    assert [label.split(". ", 1)[1] for label in participants[0].choices.labels] == [
        first.options[index].text for index in dashboard.order
    ]
    assert first.options[1].feedback not in dashboard.chart.value
    dashboard.reveal_buttons[dashboard.order.index(1)].value = True
    assert first.options[1].feedback in dashboard.chart.value
    participants[0].ticker.tick()
    assert first.options[1].feedback in participants[0].feedback.value
    dashboard.next_button.click()
    second = course.scenarios[workshop.scenario_ids()[1]]
    participants[0].refresh()
    assert participants[0].scenario_id == second.id and not participants[0].sent
    assert participants[0].feedback.value == ""
    assert dashboard.selections() == [] and participants[0].selections() == []
    assert "0 answers so far" in dashboard.chart.value or "0 choices" in dashboard.chart.value
    assert not dashboard.close()
    assert "Click again to close" in dashboard.close_status.value
    assert dashboard.close()
    participants[1].choices.value = 0
    assert not participants[1].send()
    assert "This room is closed" in participants[1].status.value
    assert participants[1].send_button.disabled
    assert len(storage.rooms.room_answers(room.code)) == 3
    assert dashboard.download.content == ""  # the CSV is made only when asked for
    rows = read_csv(dashboard.download.prepare())
    assert len(rows) == 3


def test_participant_join_errors_are_clear(storage, course):
    participant = participant_for(course, session_for(storage, "p"))
    assert not participant.join()
    assert "Enter the room code first" in participant.join_status.value
    participant.code_input.value = "ZZZZ-ZZZZ"
    assert not participant.join()
    assert "There is no room with that code" in participant.join_status.value


def test_the_home_pages_entry_links_to_an_open_room(storage):
    room, _key = storage.rooms.create_room("<b>Leads</b>", "w", ["s1"])
    entry = entry_for(storage)
    entry.code_input.value = "ZZZZ-ZZZZ"
    assert not entry.find()
    assert "There is no room with that code" in entry.result.value
    entry.code_input.value = room.code.lower()
    entry.go_button.click()
    assert f'href="workshop.ipynb?room={room.code}"' in entry.result.value
    assert "&lt;b&gt;Leads" in entry.result.value
    storage.rooms.close_room(room.code)
    assert not entry.find() and "That room is closed" in entry.result.value


def test_segment_timer_start_pause_reset():
    timer = SegmentTimer(5, "Opening")
    assert timer.face.remaining == 300 and not timer.face.running
    assert timer.pause_button.disabled
    timer.start_button.click()
    assert timer.face.running and timer.start_button.disabled and not timer.pause_button.disabled
    timer.face.remaining = 120  # what the page reports as it counts down
    timer.pause_button.click()
    assert not timer.face.running and timer.face.remaining == 120
    timer.face.finished = True
    timer.start_button.click()
    assert not timer.face.running  # a finished timer needs a reset first
    timer.reset_button.click()
    assert timer.face.remaining == 300 and not timer.face.finished
