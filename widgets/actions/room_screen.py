"""What a facilitator puts on the room's screens: the results (hidden until shown), the room's
timer, open questions and the moderation of their answers; and what a participant sends to an
open question. The store checks every rule (sizes, a closed room, the question on screen);
a refusal comes back as the store's :class:`RoomError` or :class:`TooLong`."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from widgets.limits import ROOM_TIMER_MAX_SECONDS
from widgets.store.codes import normalise_code
from widgets.store.records import RoomError

if TYPE_CHECKING:
    from widgets.store import OpenAnswer, RoomQuestion, Storage


def show_results(storage: Storage, code: str, shown: bool = True) -> None:
    """Show the current scenario's results to the presenter and the room (or hide them)."""
    storage.rooms.set_results_shown(normalise_code(code), bool(shown))


def change_room_settings(
    storage: Storage, code: str, hide_results: bool | None = None,
    approve_first: bool | None = None,
) -> None:
    """Whether the results wait for the reveal, and open answers for approval."""
    storage.rooms.set_room_settings(normalise_code(code), hide_results, approve_first)


def start_timer(storage: Storage, code: str, seconds: float) -> None:
    """Run the room's timer for ``seconds`` (at most :data:`ROOM_TIMER_MAX_SECONDS`)."""
    seconds = float(seconds) if math.isfinite(float(seconds)) else 1.0
    seconds = min(max(seconds, 1.0), ROOM_TIMER_MAX_SECONDS)
    storage.rooms.set_timer(normalise_code(code), time.time() + seconds, None)


def pause_timer(storage: Storage, code: str) -> None:
    """Pause the room's timer (a paused one runs on)."""
    code = normalise_code(code)
    with storage.transaction():
        room = storage.rooms.room(code)
        if room is None:
            return
        if room.timer_running:
            storage.rooms.set_timer(code, None, room.seconds_left())
        elif room.timer_left is not None:
            storage.rooms.set_timer(code, time.time() + room.timer_left, None)


def stop_timer(storage: Storage, code: str) -> None:
    """Take the timer off the room's screens."""
    storage.rooms.set_timer(normalise_code(code), None, None)


def ask_open_question(storage: Storage, code: str, text: str) -> int:
    """Put an open question to the room; its number."""
    return storage.open_answers.ask_question(code, text)


def end_open_question(storage: Storage, code: str) -> None:
    """Back to the room's scenario."""
    storage.open_answers.end_question(code)


def give_open_answer(
    storage: Storage, code: str, learner_id: str, question: int, text: str,
    show_name: bool = False,
) -> OpenAnswer:
    """Keep a participant's answer to the open question on screen."""
    if not isinstance(question, int) or isinstance(question, bool):
        raise RoomError("That is not the question on screen.")
    return storage.open_answers.give_open_answer(code, learner_id, question, text, show_name)


def moderate_answer(storage: Storage, code: str, answer_id: int, shown: bool) -> None:
    """Show an open answer on the wall (approving it) or hide it."""
    storage.open_answers.moderate(code, answer_id, "shown" if shown else "hidden")


def open_answers(storage: Storage, code: str, question: int | None = None) -> list[OpenAnswer]:
    """Every open answer of the room (or of one question), for the facilitator."""
    return storage.open_answers.room_open_answers(code, question)


def wall_answers(storage: Storage, code: str, question: int) -> list[OpenAnswer]:
    """The answers to ``question`` the room may see (shown, not hidden or waiting)."""
    return storage.open_answers.room_open_answers(code, question, shown_only=True)


def room_questions(storage: Storage, code: str) -> list[RoomQuestion]:
    """The open questions the room was asked."""
    return storage.open_answers.asked_questions(code)
