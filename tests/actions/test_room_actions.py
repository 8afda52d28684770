"""The room actions: creating a room within the quotas and behind the host key, opening its
dashboard with a key, joining with a code (all limited tries of the browser), moving and
closing the room, answering, and what the room pages read (each answer's order too)."""

from __future__ import annotations

import pytest

from widgets.actions import room_calls, rooms
from widgets.content import get_course
from widgets.limits import BROWSER_FREE_TRIES, PLACES_PER_BROWSER, ROOMS_PER_BROWSER_DAY
from widgets.store import RoomError, Storage, StorageError, Trier

ADDRESS = "203.0.113.7"
HOST_KEY = "the-host-key"

def choice_counts(storage, code: str, scenario_id: str, option_ids: list[str]) -> list[int]:
    """For each option id, how many participants chose it in their latest answer."""
    chosen = [o for answer in storage.rooms.room_latest_selections(code, scenario_id)
              for o in answer]
    return [chosen.count(option_id) for option_id in option_ids]



@pytest.fixture(scope="module")
def workshop():
    return min(get_course().workshops.values(), key=lambda w: w.minutes)


def broken(*_args, **_kwargs):
    raise StorageError("the database went away")


def test_a_room_is_created_for_its_browser_within_its_quota(database, workshop):
    storage = Storage(database.target)
    maker = Trier(ADDRESS, "maker")
    made = [rooms.create_workshop_room(storage, maker, workshop, "  Clinic leads  ")
            for _ in range(ROOMS_PER_BROWSER_DAY + 1)]
    room, key, refusal = made[0]
    assert room is not None and refusal == ""
    assert room.title == "Clinic leads" and room.workshop_id == workshop.id
    assert room.scenario_ids == tuple(workshop.scenario_ids())
    assert rooms.key_opens(storage, room.code, key)
    assert storage.attempts.is_trusted(f"room:{room.code}", "maker")  # the creator is never held up
    assert all(new.room is not None for new in made[:-1])
    assert made[-1].room is None and "created many rooms today" in made[-1].refusal
    assert database.count("rooms") == ROOMS_PER_BROWSER_DAY
    # another browser on the same network still creates rooms; an unnamed room is the plan's
    other = rooms.create_workshop_room(storage, Trier(ADDRESS, "other"), workshop)
    assert other.room is not None and other.room.title == workshop.title
    assert rooms.create_workshop_room(storage, maker, None).refusal == (
        "There is no workshop plan to run."
    )


def test_a_room_and_its_count_are_kept_together(database, workshop, monkeypatch):
    storage = Storage(database.target)
    maker = Trier(ADDRESS, "maker")
    monkeypatch.setattr(storage.attempts, "trust_browser", broken)
    with pytest.raises(StorageError):
        rooms.create_workshop_room(storage, maker, workshop, "R")
    assert database.count("rooms") == 0 and database.count("attempts") == 0
    monkeypatch.undo()
    assert rooms.create_workshop_room(storage, maker, workshop, "R").room is not None


def test_the_host_key_guards_creation_as_a_limited_try(database, workshop):
    storage = Storage(database.target)
    guesser = Trier(ADDRESS, "guesser")
    for guess in range(BROWSER_FREE_TRIES + 1):
        new = rooms.create_workshop_room(
            storage, guesser, workshop, host_key=HOST_KEY, typed_key=f"guess-{guess}"
        )
        assert new.room is None
    held = rooms.create_workshop_room(
        storage, guesser, workshop, host_key=HOST_KEY, typed_key=HOST_KEY
    )
    assert held.room is None and "Too many wrong tries" in held.refusal
    assert database.count("rooms") == 0
    # the host, on another browser at the same address, types it and creates the room
    host = rooms.create_workshop_room(
        storage, Trier(ADDRESS, "host"), workshop, host_key=HOST_KEY, typed_key=f" {HOST_KEY} "
    )
    assert host.room is not None and host.key


def test_a_wrong_host_key_says_so(database, workshop):
    storage = Storage(database.target)
    new = rooms.create_workshop_room(
        storage, Trier(ADDRESS, "b"), workshop, host_key=HOST_KEY, typed_key="nope"
    )
    assert new == rooms.NewRoom(None, "", (
        "That host key is not right. Rooms on this server can only be created with the key "
        "the course host set."
    ))


def test_a_dashboard_opens_with_the_rooms_key_or_the_host_key(database):
    storage = Storage(database.target)
    room, key = storage.rooms.create_room("R", "w", ["s1"])
    other_room, other_key = storage.rooms.create_room("Other", "w", ["s1"])
    laptop = Trier(ADDRESS, "laptop")
    assert rooms.unlock_room(storage, laptop, room.code.lower(), key) == (room, "")
    assert rooms.unlock_room(storage, Trier(ADDRESS, "phone"), room.code, HOST_KEY,
                             HOST_KEY) == (room, "")
    assert rooms.unlock_room(storage, laptop, "ZZZZ-ZZZZ", key) == (
        None, "There is no room with that code. Check the code and try again."
    )
    assert rooms.unlock_room(storage, laptop, "", key)[0] is None
    found, refusal = rooms.unlock_room(storage, laptop, room.code, other_key)
    assert found is None
    assert refusal.startswith(f"That facilitator key does not open room {room.code}.")
    assert not rooms.key_opens(storage, room.code, "  ")
    assert not rooms.key_opens(storage, room.code, HOST_KEY)  # no host key on this server
    assert rooms.key_opens(storage, other_room.code, f" {other_key} ")


def test_room_keys_cannot_be_tried_at_speed(database):
    storage = Storage(database.target)
    room, key = storage.rooms.create_room("R", "w", ["s1"])
    guesser = Trier(ADDRESS, "guesser")
    for guess in range(BROWSER_FREE_TRIES + 1):
        assert rooms.unlock_room(storage, guesser, room.code, f"guess-{guess}")[0] is None
    found, refusal = rooms.unlock_room(storage, guesser, room.code, key)
    assert found is None and "Too many wrong tries" in refusal
    # the facilitator next to the guesser is not held up
    assert rooms.unlock_room(storage, Trier(ADDRESS, "facilitator"), room.code, key)[0] == room


def test_joining_is_a_limited_try_of_the_code_and_a_few_places_a_browser(database):
    storage = Storage(database.target)
    room, _key = storage.rooms.create_room("R", "w", ["s1"])
    guesser = Trier(ADDRESS, "guesser")
    for guess in range(BROWSER_FREE_TRIES):
        assert rooms.join_workshop_room(storage, guesser, f"ZZZZ-{guess:04d}", "g") == (
            rooms.Joined(None, 0, "There is no room with that code. Check it with your "
                         "facilitator.")
        )
    held = rooms.join_workshop_room(storage, guesser, room.code, "g")
    assert held.room is None and "Too many wrong tries" in held.refusal
    filler = Trier(ADDRESS, "filler")
    numbers = [rooms.join_workshop_room(storage, filler, room.code.lower(), f"p{n}").number
               for n in range(PLACES_PER_BROWSER)]
    assert numbers == list(range(1, PLACES_PER_BROWSER + 1))
    with pytest.raises(RoomError, match="already joined this room"):
        rooms.join_workshop_room(storage, filler, room.code, "one-more")
    assert rooms.participant_count(storage, room.code) == PLACES_PER_BROWSER
    assert rooms.find_room(storage, filler, room.code) == (room, "")


def test_the_name_shown_is_set_by_joining_again(database):
    storage = Storage(database.target)
    room, _key = storage.rooms.create_room("R", "w", ["s1"])
    me = Trier(ADDRESS, "me")
    joined = rooms.join_workshop_room(storage, me, room.code, "ana", "Ana", show_name=False)
    assert joined == rooms.Joined(room, 1, "")
    rooms.answer_in_room(storage, room.code, "ana", "s1", ("a",))
    assert [a.participant for a in rooms.room_results(storage, room.code)] == ["Participant 1"]
    assert rooms.join_workshop_room(storage, me, room.code, "ana", "Ana", True).number == 1
    assert [a.participant for a in rooms.room_results(storage, room.code)] == ["Ana"]


def test_the_facilitator_moves_reveals_and_closes_the_room(database):
    storage = Storage(database.target)
    room, _key = storage.rooms.create_room("R", "w", ["s1", "s2"])
    rooms.show_feedback(storage, room.code, [2, 0, 2])
    assert rooms.room_now(storage, room.code).revealed == (0, 2)
    rooms.show_feedback(storage, room.code, ())
    assert rooms.room_now(storage, room.code).revealed == ()
    rooms.show_feedback(storage, room.code, (1,))
    rooms.move_to_scenario(storage, room.code, 1)
    moved = rooms.room_now(storage, room.code)
    assert moved.current_scenario == "s2" and moved.revealed == ()  # feedback hidden again
    rooms.join_workshop_room(storage, Trier(ADDRESS, "p"), room.code, "p")
    with pytest.raises(RoomError, match="moved on to another scenario"):
        rooms.answer_in_room(storage, room.code, "p", "s1", ("a",))
    rooms.close_workshop_room(storage, room.code)
    assert rooms.room_now(storage, room.code).closed
    with pytest.raises(RoomError, match="This room is closed"):
        rooms.answer_in_room(storage, room.code, "p", "s2", ("a",))
    assert rooms.room_now(storage, "ZZZZ-ZZZZ") is None


def test_the_rooms_answers_read_as_counts_and_as_each_answer_in_order(database):
    storage = Storage(database.target)
    room, _key = storage.rooms.create_room("R", "w", ["s1", "s2"])
    for number, learner in enumerate(("ana", "ben", "cy")):
        rooms.join_workshop_room(storage, Trier(ADDRESS, f"b{number}"), room.code, learner)
    rooms.answer_in_room(storage, room.code, "ana", "s1", ("c", "a", "b"))
    rooms.answer_in_room(storage, room.code, "ben", "s1", ("b", "c", "a"))
    rooms.answer_in_room(storage, room.code, "ana", "s1", ("a", "c", "b"))  # her latest counts
    assert rooms.room_selections(storage, room.code, "s1") == [("a", "c", "b"), ("b", "c", "a")]
    assert rooms.room_selections(storage, room.code.lower(), "s1") == [
        ("a", "c", "b"), ("b", "c", "a"),
    ]
    assert rooms.room_selections(storage, room.code, "s2") == []
    assert choice_counts(storage, room.code, "s1", ["a", "b", "c", "d"]) == [2, 2, 2, 0]
    assert rooms.participant_count(storage, room.code) == 3
    results = rooms.room_results(storage, room.code)
    assert [(a.scenario_id, a.selected) for a in results] == [
        ("s1", ("a", "c", "b")), ("s1", ("b", "c", "a")),
    ]


def test_the_pages_calls_use_the_client_and_learner_asked_at_each_call(database, monkeypatch):
    storage = Storage(database.target)
    room, key = storage.rooms.create_room("R", "w", ["s1"])
    who = [Trier(ADDRESS, "first")]
    learner = ["ana"]
    calls = room_calls.participant_calls(storage, lambda: who[0], lambda: learner[0], lambda: True)
    assert calls.join(room.code, "", False).number == 1
    who[0], learner[0] = Trier(ADDRESS, "second"), "ben"
    assert calls.join(room.code, "", False).number == 2
    calls.answer(room.code, "s1", ("a",))
    assert calls.selections(room.code, "s1") == [("a",)]
    assert calls.current(room.code) == room and calls.ready()
    assert storage.attempts.is_trusted(
        f"room:{room.code}", "second"
    )  # the join code, tried by "second"
    dashboard = room_calls.dashboard_calls(storage)
    dashboard.reveal(room.code, (0,))
    assert dashboard.screen.current(room.code).revealed == (0,)
    assert dashboard.screen.participants(room.code) == 2
    assert dashboard.screen.selections(room.code, "s1") == [("a",)]
    assert len(dashboard.results(room.code)) == 1
    monkeypatch.setenv("MICROMOMENTS_FACILITATOR_KEY", HOST_KEY)
    assert room_calls.console_calls(storage, lambda: who[0]).host_key_needed
    console = room_calls.console_calls(storage, lambda: who[0], host_key="")
    assert not console.host_key_needed
    assert console.unlock(room.code, HOST_KEY)[0] is None  # '' means no host key, whatever set
    opened, refusal = console.unlock(room.code, key)
    assert opened is not None and opened.code == room.code and refusal == ""
