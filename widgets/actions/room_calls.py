"""The calls each room page takes, as one bundle made for a page's storage, its client and its
learner: the facilitator's console and dashboard, the presenter view, a participant's page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from widgets.actions import room_screen
from widgets.actions.room_judgment import RoomJudgment, room_judgment
from widgets.actions.rooms import (
    Joined,
    NewRoom,
    answer_in_room,
    close_workshop_room,
    create_workshop_room,
    delete_workshop_room,
    find_room,
    join_workshop_room,
    move_to_scenario,
    participant_count,
    room_now,
    room_results,
    room_selections,
    show_feedback,
    unlock_room,
)
from widgets.content.judgment import JudgmentCheck
from widgets.content.models import Workshop
from widgets.settings import FACILITATOR_KEY

if TYPE_CHECKING:
    from widgets.store import OpenAnswer, Room, RoomAnswer, RoomQuestion, Storage, Trier


@dataclass(frozen=True)
class ScreenCalls:
    """What the room's screens read (the presenter's and the dashboard's): each takes the
    room's code first."""

    current: Callable[[str], Room | None]
    participants: Callable[[str], int]
    selections: Callable[[str, str], list[tuple[str, ...]]]
    #: the answers to an open question the room may see
    wall: Callable[[str, int], list[OpenAnswer]]


@dataclass(frozen=True)
class DashboardCalls:
    """What a room's dashboard reads and does; each takes the room's code first."""

    screen: ScreenCalls
    results: Callable[[str], list[RoomAnswer]]
    move_to: Callable[[str, int], None]
    reveal: Callable[[str, Sequence[int]], None]
    show_results: Callable[[str, bool], None]
    settings: Callable[..., None]
    start_timer: Callable[[str, float], None]
    pause_timer: Callable[[str], None]
    stop_timer: Callable[[str], None]
    ask: Callable[[str, str], int]
    end_question: Callable[[str], None]
    moderate: Callable[[str, int, bool], None]
    answers_given: Callable[..., list[OpenAnswer]]
    questions_asked: Callable[[str], list[RoomQuestion]]
    close: Callable[[str], None]
    delete: Callable[[str], None]
    #: the room's judgment check before and after (the check, the room's code)
    judgment: Callable[[JudgmentCheck, str], RoomJudgment | None]


@dataclass(frozen=True)
class ConsoleCalls:
    """What the facilitator console does: create a room (workshop, title, typed host key,
    hide results, approve answers first), unlock one (code, typed key), and the calls of
    the dashboards it opens."""

    host_key_needed: bool
    create: Callable[[Workshop | None, str, str, bool, bool], NewRoom]
    unlock: Callable[[str, str], tuple[Room | None, str]]
    dashboard: DashboardCalls


@dataclass(frozen=True)
class ParticipantCalls:
    """What a participant's page does and reads: whether its learner is known yet, join
    (code, name, show it), answer (code, scenario id, option ids), answer an open question
    (code, its number, text, show my name), the room now, and the room's answers to one
    scenario."""

    ready: Callable[[], bool]
    join: Callable[[str, str, bool], Joined]
    answer: Callable[[str, str, tuple[str, ...]], None]
    open_answer: Callable[[str, int, str, bool], OpenAnswer]
    current: Callable[[str], Room | None]
    selections: Callable[[str, str], list[tuple[str, ...]]]


@dataclass(frozen=True)
class PresenterCalls:
    """What the presenter view reads: find the room by its join code (a limited try), then
    what its screens read."""

    find: Callable[[str], tuple[Room | None, str]]
    screen: ScreenCalls


def screen_calls(storage: Storage) -> ScreenCalls:
    """What a room's screens read, on this storage."""
    return ScreenCalls(
        current=partial(room_now, storage),
        participants=partial(participant_count, storage),
        selections=partial(room_selections, storage),
        wall=partial(room_screen.wall_answers, storage),
    )


def dashboard_calls(storage: Storage) -> DashboardCalls:
    """A dashboard's calls on this storage."""
    return DashboardCalls(
        screen=screen_calls(storage),
        results=partial(room_results, storage),
        move_to=partial(move_to_scenario, storage),
        reveal=partial(show_feedback, storage),
        show_results=partial(room_screen.show_results, storage),
        settings=partial(room_screen.change_room_settings, storage),
        start_timer=partial(room_screen.start_timer, storage),
        pause_timer=partial(room_screen.pause_timer, storage),
        stop_timer=partial(room_screen.stop_timer, storage),
        ask=partial(room_screen.ask_open_question, storage),
        end_question=partial(room_screen.end_open_question, storage),
        moderate=partial(room_screen.moderate_answer, storage),
        answers_given=partial(room_screen.open_answers, storage),
        questions_asked=partial(room_screen.room_questions, storage),
        close=partial(close_workshop_room, storage),
        delete=partial(delete_workshop_room, storage),
        judgment=partial(room_judgment, storage),
    )


def console_calls(
    storage: Storage, client: Callable[[], Trier], host_key: str | None = None
) -> ConsoleCalls:
    """The facilitator console's calls: ``client`` says who tries (asked at each try), and
    ``host_key`` None means the host's setting ('' means none)."""
    key = host_key if host_key is not None else FACILITATOR_KEY.value() or None
    return ConsoleCalls(
        host_key_needed=bool(key),
        create=lambda workshop, title, typed, hide=True, approve=False: create_workshop_room(
            storage, client(), workshop, title, host_key=key, typed_key=typed,
            hide_results=bool(hide), approve_first=bool(approve),
        ),
        unlock=lambda code, typed: unlock_room(storage, client(), code, typed, key),
        dashboard=dashboard_calls(storage),
    )


def participant_calls(
    storage: Storage,
    client: Callable[[], Trier],
    learner: Callable[[], str],
    ready: Callable[[], bool],
) -> ParticipantCalls:
    """A participant page's calls, for the learner ``learner()`` names once ``ready()``."""
    return ParticipantCalls(
        ready=ready,
        join=lambda code, name, show: join_workshop_room(
            storage, client(), code, learner(), name, show
        ),
        answer=lambda code, scenario_id, option_ids: answer_in_room(
            storage, code, learner(), scenario_id, option_ids
        ),
        open_answer=lambda code, question, text, show: room_screen.give_open_answer(
            storage, code, learner(), question, text, show
        ),
        current=partial(room_now, storage),
        selections=partial(room_selections, storage),
    )


def presenter_calls(storage: Storage, client: Callable[[], Trier]) -> PresenterCalls:
    """The presenter view's calls: it finds its room as a limited try of the browser."""
    return PresenterCalls(
        find=lambda code: find_room(storage, client(), code),
        screen=screen_calls(storage),
    )
