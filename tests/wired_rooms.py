"""The workshop views wired to the room actions, as the pages wire them (``room_pages.facilitator``,
``room_pages.workshop_room``, the home's workshop entry)."""

from __future__ import annotations

from widgets.actions.room_calls import console_calls, dashboard_calls, participant_calls
from widgets.actions.rooms import find_room
from widgets.content.models import Course
from widgets.identity.page_request import this_client
from widgets.identity.session import LearnerSession
from widgets.store import Room, Storage
from widgets.workshop.facilitator_console import FacilitatorConsole
from widgets.workshop.participant_room import ParticipantRoom
from widgets.workshop.room_dashboard import RoomDashboard
from widgets.workshop.workshop_entry import WorkshopEntry


def console_for(course: Course, storage: Storage, host_key: str = "") -> FacilitatorConsole:
    """The facilitator's console ('' means no host key; the host's setting is not read)."""
    return FacilitatorConsole(course, console_calls(storage, this_client, host_key))


def dashboard_for(course: Course, storage: Storage, room: Room) -> RoomDashboard:
    """A room's dashboard, as the console opens it once the key is right."""
    return RoomDashboard(course, dashboard_calls(storage), room)


def participant_for(course: Course, session: LearnerSession) -> ParticipantRoom:
    """A participant's page for the session's learner."""
    return ParticipantRoom(course, participant_calls(
        session.storage, this_client, lambda: session.learner_id, lambda: session.ready
    ))


def entry_for(storage: Storage) -> WorkshopEntry:
    """The home page's form that finds a room by its code."""
    return WorkshopEntry(lambda code: find_room(storage, this_client(), code))


def plan_room(storage: Storage, course: Course, title: str, **settings: bool):
    """A room of the 60-minute plan (its first scenario: one choice of four), created as a
    facilitator's browser would; the room and its key."""
    from widgets.actions.rooms import create_workshop_room
    from widgets.store import Trier

    made = create_workshop_room(
        storage, Trier("203.0.113.7", "maker"), course.workshops["workshop-60"], title,
        **settings,
    )
    assert made.room is not None, made.refusal
    return made.room, made.key


def joined_page(course: Course, storage: Storage, code: str, learner: str, name: str = ""):
    """A participant's page for ``learner``, joined to the room ``code`` (as ``name``)."""
    session = LearnerSession(storage=storage, mode="local")
    session._become(learner)
    page = participant_for(course, session)
    page.code_input.value = code
    page.name_input.value = name
    assert page.join(), page.join_status.value
    return page
