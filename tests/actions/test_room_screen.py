"""What the facilitator puts on the room's screens, through the actions: results hidden until
shown, the room's timer, open questions, their answers and moderation; deleting a room (and a
learner) with everything given in it; the learner's text quota; revision 0010 on a room of
revision 0009. Each test runs on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from widgets.actions import room_screen, rooms
from widgets.content import get_course
from widgets.limits import (
    OPEN_ANSWER_MAX,
    OPEN_ANSWERS_PER_QUESTION,
    QUESTION_MAX,
    ROOM_TIMER_MAX_SECONDS,
    TooLong,
)
from widgets.store import RoomError, Storage, Trier

ADDRESS = "203.0.113.9"
ROOM_TABLES = ("room_participants", "room_answers", "room_questions", "room_open_answers")


@pytest.fixture(scope="module")
def workshop():
    return min(get_course().workshops.values(), key=lambda w: w.minutes)


def new_room(storage: Storage, workshop, **settings) -> str:
    made = rooms.create_workshop_room(storage, Trier(ADDRESS, "maker"), workshop, "R", **settings)
    assert made.room is not None, made.refusal
    return made.room.code


def join(storage: Storage, code: str, learner: str, name: str = "", show: bool = False) -> int:
    joined = rooms.join_workshop_room(
        storage, Trier(ADDRESS, f"browser-{learner}"), code, learner, name, show
    )
    assert joined.room is not None, joined.refusal
    return joined.number


def screen(storage: Storage, code: str):
    room = rooms.room_now(storage, code)
    assert room is not None
    return room


def answer(storage, code, learner, question, words, show=False):
    return room_screen.give_open_answer(storage, code, learner, question, words, show)


def test_results_wait_for_the_reveal_and_hide_again_on_the_next_scenario(database, workshop):
    storage = Storage(database.target)
    code = new_room(storage, workshop)
    room = screen(storage, code)
    assert room.hide_results and not room.results_shown and not room.results_visible
    room_screen.show_results(storage, code.lower())
    assert screen(storage, code).results_visible
    rooms.show_feedback(storage, code, (0,))  # revealing feedback leaves the results shown
    assert screen(storage, code).results_visible
    room_screen.show_results(storage, code, False)
    assert not screen(storage, code).results_visible
    room_screen.show_results(storage, code)
    assert room_screen.ask_open_question(storage, code, "Why?") == 1
    rooms.move_to_scenario(storage, code, 1)
    moved = screen(storage, code)
    assert moved.current_index == 1 and moved.hide_results
    assert not moved.results_shown and not moved.results_visible
    assert (moved.question, moved.question_text) == (0, "")  # the open question ended
    # a room made to show its results shows them at once, and after moving on
    open_code = new_room(storage, workshop, hide_results=False)
    assert screen(storage, open_code).results_visible
    rooms.move_to_scenario(storage, open_code, 1)
    assert screen(storage, open_code).results_visible
    # the settings flip one at a time; None leaves one as it is
    room_screen.change_room_settings(storage, code.lower(), hide_results=False)
    changed = screen(storage, code)
    assert changed.results_visible and not changed.hide_results and not changed.approve_first
    room_screen.change_room_settings(storage, code, approve_first=True)
    room_screen.change_room_settings(storage, code)
    changed = screen(storage, code)
    assert not changed.hide_results and changed.approve_first
    room_screen.change_room_settings(storage, code, hide_results=True, approve_first=False)
    changed = screen(storage, code)
    assert changed.hide_results and not changed.approve_first and not changed.results_visible


def test_the_timer_starts_pauses_resumes_and_stops(database, workshop):
    storage = Storage(database.target)
    code = new_room(storage, workshop)
    assert screen(storage, code).seconds_left() is None
    room_screen.start_timer(storage, code.lower(), 90)
    running = screen(storage, code)
    assert running.timer_running and 85 < running.seconds_left() <= 90
    assert 55 < running.seconds_left(time.time() + 30) <= 60  # it counts down
    assert running.seconds_left(time.time() + 1000) == 0.0
    room_screen.start_timer(storage, code, 10**7)
    assert ROOM_TIMER_MAX_SECONDS - 5 < screen(storage, code).seconds_left() <= (
        ROOM_TIMER_MAX_SECONDS
    )
    for too_short in (0, -30, 0.2):
        room_screen.start_timer(storage, code, too_short)
        assert 0.5 < screen(storage, code).seconds_left() <= 1.0, too_short
    room_screen.start_timer(storage, code, 90)
    room_screen.pause_timer(storage, code.lower())
    paused = screen(storage, code)
    assert not paused.timer_running and paused.timer_ends_at is None
    assert 85 < paused.timer_left <= 90
    assert paused.seconds_left() == paused.seconds_left(time.time() + 1000) == paused.timer_left
    room_screen.pause_timer(storage, code)  # pause again: it runs on from where it stopped
    resumed = screen(storage, code)
    assert resumed.timer_running and resumed.timer_left is None
    assert paused.timer_left - 5 < resumed.seconds_left() <= paused.timer_left
    room_screen.stop_timer(storage, code.lower())
    stopped = screen(storage, code)
    assert stopped.seconds_left() is None and not stopped.timer_running
    room_screen.pause_timer(storage, code)  # no timer: nothing to pause or resume
    assert screen(storage, code).seconds_left() is None
    room_screen.pause_timer(storage, "ZZZZ-ZZZZ")  # no room: nothing happens


def test_open_questions_are_numbered_and_checked(database, workshop, monkeypatch):
    storage = Storage(database.target)
    code = new_room(storage, workshop)
    assert room_screen.ask_open_question(storage, code.lower(), "  What   would\n you say? ") == 1
    room = screen(storage, code)
    assert (room.question, room.question_text) == (1, "What would you say?")
    assert room_screen.ask_open_question(storage, code, "And then?") == 2
    assert (screen(storage, code).question, screen(storage, code).question_text) == (
        2, "And then?"
    )
    with pytest.raises(RoomError, match="Type the question first"):
        room_screen.ask_open_question(storage, code, " \n\t ")
    with pytest.raises(TooLong, match=f"at most {QUESTION_MAX:,} characters"):
        room_screen.ask_open_question(storage, code, "q" * (QUESTION_MAX + 1))
    assert screen(storage, code).question == 2  # a refused question changes nothing
    assert room_screen.ask_open_question(storage, code, "q" * QUESTION_MAX) == 3
    assert [(q.number, q.text) for q in room_screen.room_questions(storage, code)] == [
        (1, "What would you say?"), (2, "And then?"), (3, "q" * QUESTION_MAX),
    ]
    monkeypatch.setattr("widgets.store.open_answers.ROOM_QUESTIONS_MAX", 3)
    with pytest.raises(RoomError, match="at most 3 open questions"):
        room_screen.ask_open_question(storage, code, "A fourth?")
    with pytest.raises(RoomError, match="no room with that code"):
        room_screen.ask_open_question(storage, "ZZZZ-ZZZZ", "Anyone?")
    # a closed room takes neither questions nor answers
    other = new_room(storage, workshop)
    join(storage, other, "ana")
    room_screen.ask_open_question(storage, other, "Still there?")
    rooms.close_workshop_room(storage, other)
    with pytest.raises(RoomError, match="This room is closed"):
        room_screen.ask_open_question(storage, other, "Hello?")
    with pytest.raises(RoomError, match="This room is closed"):
        answer(storage, other, "ana", 1, "yes")
    assert database.count("room_open_answers") == 0


def test_an_answer_is_to_the_question_on_screen_from_a_participant(database, workshop):
    storage = Storage(database.target)
    code = new_room(storage, workshop)
    join(storage, code, "ana")
    room_screen.ask_open_question(storage, code, "First?")
    for not_a_number in ("1", True, 1.0, None):
        with pytest.raises(RoomError, match="not the question on screen"):
            answer(storage, code, "ana", not_a_number, "typed")
    with pytest.raises(RoomError, match="Join the room before answering"):
        answer(storage, code, "stranger", 1, "hello")
    assert answer(storage, code.lower(), "ana", 1, "  one   answer ").text == "one answer"
    room_screen.ask_open_question(storage, code, "Second?")
    for old in (1, 0, 3, -1):
        with pytest.raises(RoomError, match="moved on from that question"):
            answer(storage, code, "ana", old, "late")
    assert answer(storage, code, "ana", 2, "to the second").question == 2
    room_screen.end_open_question(storage, code.lower())
    assert screen(storage, code).question == 0
    for late in (2, 0):
        with pytest.raises(RoomError, match="moved on from that question"):
            answer(storage, code, "ana", late, "after the end")
    assert [(a.question, a.text) for a in room_screen.open_answers(storage, code)] == [
        (1, "one answer"), (2, "to the second"),
    ]


def test_each_participant_gives_a_few_answers_of_limited_length(database, workshop):
    storage = Storage(database.target)
    code = new_room(storage, workshop)
    join(storage, code, "ana")
    join(storage, code, "ben")
    room_screen.ask_open_question(storage, code, "Ideas?")
    with pytest.raises(TooLong, match=f"at most {OPEN_ANSWER_MAX:,} characters"):
        answer(storage, code, "ana", 1, "x" * (OPEN_ANSWER_MAX + 1))
    with pytest.raises(RoomError, match="Write your answer first"):
        answer(storage, code, "ana", 1, "   ")
    answer(storage, code, "ana", 1, "x" * OPEN_ANSWER_MAX)
    for number in range(1, OPEN_ANSWERS_PER_QUESTION):
        answer(storage, code, "ana", 1, f"idea {number}")
    with pytest.raises(RoomError, match=f"given {OPEN_ANSWERS_PER_QUESTION} answers"):
        answer(storage, code, "ana", 1, "one more")
    answer(storage, code, "ben", 1, "mine")  # another participant still answers
    room_screen.ask_open_question(storage, code, "More ideas?")
    answer(storage, code, "ana", 2, "a new question, a new count")
    assert len(room_screen.open_answers(storage, code, 1)) == OPEN_ANSWERS_PER_QUESTION + 1
    assert len(room_screen.open_answers(storage, code, 2)) == 1
    assert database.count("room_open_answers") == OPEN_ANSWERS_PER_QUESTION + 2


def test_answers_wait_for_approval_and_can_be_hidden(database, workshop):
    storage = Storage(database.target)
    code = new_room(storage, workshop, approve_first=True)
    other = new_room(storage, workshop)
    join(storage, code, "ana")
    room_screen.ask_open_question(storage, code, "Q?")
    given = answer(storage, code, "ana", 1, "wait for me")
    assert given.status == "waiting"
    assert room_screen.wall_answers(storage, code, 1) == []
    assert [a.status for a in room_screen.open_answers(storage, code, 1)] == ["waiting"]
    room_screen.moderate_answer(storage, other, given.id, True)  # another room's facilitator
    assert room_screen.wall_answers(storage, code, 1) == []
    room_screen.moderate_answer(storage, code.lower(), given.id, True)
    assert [a.text for a in room_screen.wall_answers(storage, code, 1)] == ["wait for me"]
    room_screen.moderate_answer(storage, other, given.id, False)
    assert len(room_screen.wall_answers(storage, code, 1)) == 1
    room_screen.moderate_answer(storage, code, given.id, False)
    assert room_screen.wall_answers(storage, code, 1) == []
    assert [(a.id, a.status) for a in room_screen.open_answers(storage, code)] == [
        (given.id, "hidden")
    ]
    # without approval an answer goes straight to the wall, until the setting changes
    room_screen.change_room_settings(storage, code, approve_first=False)
    assert answer(storage, code, "ana", 1, "straight up").status == "shown"
    room_screen.change_room_settings(storage, code, approve_first=True)
    assert answer(storage, code, "ana", 1, "waits again").status == "waiting"
    assert [a.text for a in room_screen.wall_answers(storage, code, 1)] == ["straight up"]


def test_a_name_shows_only_if_given_at_join_and_chosen_with_the_answer(database, workshop):
    storage = Storage(database.target)
    code = new_room(storage, workshop)
    assert join(storage, code, "ana", "Ana", show=False) == 1
    assert join(storage, code, "ben") == 2
    room_screen.ask_open_question(storage, code, "Q?")
    named = answer(storage, code, "ana", 1, "with my name", show=True)
    unnamed = answer(storage, code, "ana", 1, "without", show=False)
    nameless = answer(storage, code, "ben", 1, "no name to show", show=True)
    assert (named.name, named.participant) == ("Ana", "Ana")
    assert (unnamed.name, unnamed.participant) == ("", "Participant 1")
    assert (nameless.name, nameless.participant) == ("", "Participant 2")
    assert room_screen.open_answers(storage, code) == [named, unnamed, nameless]
    assert room_screen.wall_answers(storage, code, 1) == [named, unnamed, nameless]
    # ben giving a name later does not put it on the answer he gave without one
    join(storage, code, "ben", "Ben", show=True)
    assert room_screen.open_answers(storage, code)[2].participant == "Participant 2"


def fill_room(storage: Storage, workshop, learners: tuple[str, ...]) -> str:
    code = new_room(storage, workshop)
    scenario = screen(storage, code).current_scenario
    room_screen.ask_open_question(storage, code, "Q?")
    for learner in learners:
        join(storage, code, learner, learner.title(), True)
        rooms.answer_in_room(storage, code, learner, scenario, ("a",))
        answer(storage, code, learner, 1, f"{learner} says", show=True)
    return code


def room_rows(database, code: str) -> list[int]:
    counts = [database.rows(f"SELECT COUNT(*) FROM {table} WHERE room_code = '{code}'")[0][0]
              for table in ROOM_TABLES]
    return [database.rows(f"SELECT COUNT(*) FROM rooms WHERE code = '{code}'")[0][0], *counts]


def test_deleting_a_room_deletes_everything_given_in_it_and_nothing_else(database, workshop):
    storage = Storage(database.target)
    code = fill_room(storage, workshop, ("ana", "ben"))
    kept = fill_room(storage, workshop, ("ana", "cy"))
    assert room_rows(database, code) == [1, 2, 2, 1, 2]
    rooms.delete_workshop_room(storage, code.lower())
    assert rooms.room_now(storage, code) is None
    assert room_rows(database, code) == [0, 0, 0, 0, 0]
    assert database.rows(f"SELECT COUNT(*) FROM attempts WHERE kind = 'place:{code}'") == [(0,)]
    assert room_rows(database, kept) == [1, 2, 2, 1, 2]
    assert [a.text for a in room_screen.wall_answers(storage, kept, 1)] == ["ana says", "cy says"]
    assert database.count("learners") == 3  # the participants stay learners of the course
    # deleting a learner takes their open answers (in every room) with them
    storage.learners.delete_learner("ana")
    assert [a.text for a in room_screen.open_answers(storage, kept)] == ["cy says"]
    assert database.rows("SELECT COUNT(*) FROM room_open_answers WHERE learner_id = 'ana'") == [
        (0,)
    ]
    assert set(storage.learners.row_counts("ana").values()) == {0}


def test_open_answers_count_in_the_learners_text_quota(database, workshop, monkeypatch):
    import widgets.store.quota as quota

    monkeypatch.setattr(quota, "LEARNER_TEXT_MAX", 250)
    storage = Storage(database.target)
    code = new_room(storage, workshop)
    join(storage, code, "ana")
    join(storage, code, "ben")
    room_screen.ask_open_question(storage, code, "Q?")
    answer(storage, code, "ana", 1, "a" * OPEN_ANSWER_MAX)
    with pytest.raises(TooLong, match="at most 250 characters of your writing"):
        answer(storage, code, "ana", 1, "b" * 51)
    answer(storage, code, "ana", 1, "c" * 50)  # exactly the quota
    with pytest.raises(TooLong, match="at most 250 characters of your writing"):
        storage.journal.save_reflection("ana", "m", "r", "p", "d")
    answer(storage, code, "ben", 1, "e" * OPEN_ANSWER_MAX)  # the quota is each learner's own
    assert [len(a.text) for a in room_screen.open_answers(storage, code)] == [200, 50, 200]


def test_a_room_of_revision_0009_gets_its_results_hidden(database):
    from alembic import command
    from alembic.config import Config

    from widgets.store import SCHEMA_VERSION
    from widgets.store.migrate import MIGRATIONS_DIR

    target = database.target
    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
        for statement in (
            "INSERT INTO learners (id, display_name, created_at) VALUES ('ana', 'Ana', 't0')",
            "INSERT INTO rooms (code, title, workshop_id, scenario_ids, key_hash, "
            "current_index, revealed, created_at) VALUES ('ABCD-EFGH', 'Tuesday', 'w', "
            "'[\"s1\", \"s2\"]', 'kh', 1, '[0]', 't1')",
            "INSERT INTO room_participants (room_code, learner_id, number, display_name, "
            "show_name, joined_at) VALUES ('ABCD-EFGH', 'ana', 1, 'Ana', 1, 't1')",
            "INSERT INTO room_answers (room_code, learner_id, scenario_id, selected, "
            "answered_at) VALUES ('ABCD-EFGH', 'ana', 's2', '[\"x\"]', 't2')",
        ):
            connection.execute(text(statement))
    engine.dispose()
    assert database.rows("SELECT version_num FROM alembic_version") == [("0009",)]

    storage = Storage(target)
    assert storage.persistent and storage.schema_version == SCHEMA_VERSION
    assert database.rows("SELECT hide_results, results_shown, approve_first, question, "
                         "timer_ends_at, timer_left FROM rooms") == [(1, 0, 0, 0, None, None)]
    room = screen(storage, "abcd efgh")
    assert (room.title, room.current_scenario, room.revealed) == ("Tuesday", "s2", (0,))
    assert room.hide_results and not room.results_visible and not room.approve_first
    assert (room.question, room.question_text, room.seconds_left()) == (0, "", None)
    assert [(a.participant, a.selected) for a in rooms.room_results(storage, room.code)] == [
        ("Ana", ("x",))
    ]
    # the migrated room takes open questions and answers
    assert room_screen.ask_open_question(storage, room.code, "Now?") == 1
    assert answer(storage, room.code, "ana", 1, "yes", show=True).participant == "Ana"
