"""Workshop rooms: what a facilitator and a participant do, and what the room pages read.

Every key and code is a limited try of the browser that types it (a :class:`Trier`, the
server's word, see :mod:`widgets.store.attempts`): the host key, a room's facilitator key and a
join code. Rooms created are counted per browser and per address. A refusal comes back as a
plain sentence; the store's own errors (:class:`RoomError`, :class:`TooLong`,
:class:`StorageError`) are raised for the page to show.

What the facilitator shows the room (results, timer, open questions) is in
:mod:`widgets.actions.room_screen`; the bundles of calls each room page takes are made in
:mod:`widgets.actions.room_calls`.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from widgets.content.models import Workshop
from widgets.limits import ROOMS_PER_ADDRESS_DAY, ROOMS_PER_BROWSER_DAY
from widgets.store.codes import normalise_code

if TYPE_CHECKING:
    from widgets.store import Room, RoomAnswer, Storage, Trier

#: how long rooms created are counted against a browser and its address
ROOMS_WINDOW_SECONDS = 86400


class NewRoom(NamedTuple):
    """A room just created and its facilitator key (shown once), or why there is none."""

    room: Room | None
    key: str = ""
    refusal: str = ""


class Joined(NamedTuple):
    """The room joined and the participant's number in it, or why it was not joined."""

    room: Room | None
    number: int = 0
    refusal: str = ""


# -- what a facilitator does -------------------------------------------------------------------


def _same_key(typed: str, key: str) -> bool:
    return secrets.compare_digest(typed.encode(), key.encode())


def create_workshop_room(
    storage: Storage,
    trier: Trier,
    workshop: Workshop | None,
    title: str = "",
    *,
    host_key: str | None = None,
    typed_key: str = "",
    hide_results: bool = True,
    approve_first: bool = False,
) -> NewRoom:
    """Create a room for ``workshop`` (named ``title``, else the workshop's title). With a
    ``host_key``, only the one who types it (a limited try) creates rooms; a browser and its
    address create a limited number a day. The creating browser is trusted with the room."""
    if host_key:
        typed = typed_key.strip()
        right, limited = storage.attempts.try_with_limit(
            "host-key", trier, lambda: "host" if _same_key(typed, host_key) else None,
            target="host",
        )
        if not right:
            return NewRoom(None, refusal=limited or (
                "That host key is not right. Rooms on this server can only be created with "
                "the key the course host set."
            ))
    if workshop is None:
        return NewRoom(None, refusal="There is no workshop plan to run.")
    with storage.transaction():
        if not storage.attempts.within_quota(
            "room-created", trier, ROOMS_PER_BROWSER_DAY, ROOMS_PER_ADDRESS_DAY,
            ROOMS_WINDOW_SECONDS,
        ):
            return NewRoom(None, refusal=(
                "This browser (or your network) has created many rooms today. Reuse one of "
                "them (open its dashboard with its code and key), or try again tomorrow."
            ))
        room, key = storage.rooms.create_room(
            title.strip() or workshop.title, workshop.id, workshop.scenario_ids(),
            hide_results=hide_results, approve_first=approve_first,
        )
        storage.attempts.record_event("room-created", trier)
        storage.attempts.trust_browser(f"room:{room.code}", trier.browser)
    return NewRoom(room, key)


def key_opens(storage: Storage, code: str, key: str, host_key: str | None = None) -> bool:
    """True if ``key`` is the room's own facilitator key or the host key."""
    key = key.strip()
    if not key:
        return False
    if host_key and _same_key(key, host_key):
        return True
    return storage.rooms.room_key_matches(code, key)


def unlock_room(
    storage: Storage, trier: Trier, code: str, key: str, host_key: str | None = None
) -> tuple[Room | None, str]:
    """Open a room's dashboard with its key (a limited try of the browser): the room, or
    None and why not."""
    code = normalise_code(code)
    room = storage.rooms.room(code) if code else None
    if room is None:
        return None, "There is no room with that code. Check the code and try again."
    opens, limited = storage.attempts.try_with_limit(
        "room-key", trier,
        lambda: f"room:{room.code}" if key_opens(storage, room.code, key, host_key) else None,
        target=f"room:{room.code}",
    )
    if not opens:
        return None, limited or (
            f"That facilitator key does not open room {room.code}. Use the key shown when "
            "the room was created (or the host key)."
        )
    return room, ""


def move_to_scenario(storage: Storage, code: str, index: int) -> None:
    """Show the room the scenario at ``index`` (its feedback hidden again)."""
    storage.rooms.set_room_view(code, current_index=index)


def show_feedback(storage: Storage, code: str, revealed: Sequence[int]) -> None:
    """Reveal the feedback of these options (content indices) to the room, hiding the rest."""
    storage.rooms.set_room_view(code, revealed=tuple(revealed))


def close_workshop_room(storage: Storage, code: str) -> None:
    """Stop the room taking participants and answers (its results stay)."""
    storage.rooms.close_room(code)


def delete_workshop_room(storage: Storage, code: str) -> None:
    """Delete the room and everything given in it: participants, answers, open answers,
    and the trust of the browser that created it."""
    code = normalise_code(code)
    with storage.transaction():
        storage.rooms.delete_room(code)
        storage.attempts.forget_trust(f"room:{code}")


# -- what a participant does -------------------------------------------------------------------


def find_room(storage: Storage, trier: Trier, code: str) -> tuple[Room | None, str]:
    """The room with this join code, as one of the browser's limited tries of join codes:
    the room, or None and why not."""
    code = normalise_code(code)
    found: list[Room] = []

    def look_up() -> str | None:
        room = storage.rooms.room(code) if code else None
        found.extend([room] if room else [])
        return f"room:{room.code}" if room else None

    opened, limited = storage.attempts.try_with_limit("join-code", trier, look_up)
    if found and opened:
        return found[0], ""
    return None, limited or "There is no room with that code. Check it with your facilitator."


def join_workshop_room(
    storage: Storage,
    trier: Trier,
    code: str,
    learner_id: str,
    display_name: str = "",
    show_name: bool = False,
) -> Joined:
    """Join the room with this code (found as a limited try), with the name shown to the
    facilitator if ``show_name`` (joining again changes it). Raises the store's
    :class:`RoomError` (closed, full, too many places from this browser) and
    :class:`TooLong` (the name)."""
    room, refusal = find_room(storage, trier, code)
    if room is None:
        return Joined(None, refusal=refusal)
    number = storage.rooms.join_room(
        room.code, learner_id, display_name, show_name, browser=trier.browser
    )
    return Joined(room, number)


def answer_in_room(
    storage: Storage, code: str, learner_id: str, scenario_id: str, option_ids: tuple[str, ...]
) -> None:
    """Keep the participant's answer to the room's current scenario (a later one replaces
    it); :class:`RoomError` if the room is closed or has moved on."""
    storage.rooms.record_room_answer(code, learner_id, scenario_id, option_ids)


# -- what the room pages read ------------------------------------------------------------------


def room_now(storage: Storage, code: str) -> Room | None:
    """The room as it is now (scenario on screen, feedback revealed, closed), or None."""
    return storage.rooms.room(code)


def participant_count(storage: Storage, code: str) -> int:
    """How many people have joined the room."""
    return storage.rooms.room_participant_count(code)


def room_selections(storage: Storage, code: str, scenario_id: str) -> list[tuple[str, ...]]:
    """Each participant's latest answer to one scenario, as the option ids in the order they
    were sent (what a ranking needs; the counts only say how often each was chosen)."""
    return storage.rooms.room_latest_selections(normalise_code(code), scenario_id)


def room_results(storage: Storage, code: str) -> list[RoomAnswer]:
    """Every participant's last answer to each scenario, for the results CSV."""
    return storage.rooms.room_answers(code)

