"""The workshop room's pages: the facilitator's, a participant's, and the presenter view.
Each returns a ready widget tree, or a plain message if the course cannot load."""

from __future__ import annotations

import ipywidgets as ipw

from widgets.content import get_course
from widgets.identity.session import get_session
from widgets.page_frame import PAGE_ERRORS, page_root, problem_page


def facilitator() -> ipw.VBox:
    """The facilitator's page: rooms, the live dashboard (with a key), agenda and handouts."""
    from widgets.actions.room_calls import console_calls
    from widgets.identity.page_request import this_client
    from widgets.workshop.facilitator_console import FacilitatorConsole

    try:
        course = get_course()
        session = get_session()
        console = FacilitatorConsole(course, console_calls(session.storage, this_client))
    except PAGE_ERRORS as error:
        return problem_page(error)
    return page_root(session, [console], "mm-facilitator-root")


def workshop_room() -> ipw.VBox:
    """A participant's page: join a room with its code (``?room=`` fills it in) and answer."""
    from widgets.actions.room_calls import participant_calls
    from widgets.identity.page_request import this_client
    from widgets.workshop.participant_room import ParticipantRoom

    try:
        course = get_course()
        session = get_session()
        room = ParticipantRoom(course, participant_calls(
            session.storage, this_client, lambda: session.learner_id, lambda: session.ready
        ))
    except PAGE_ERRORS as error:
        return problem_page(error)
    # the join link's ?room= is known once the browser has reported the page's address
    session.when_ready(lambda: room.offer_code(session.query_parameter("room")))
    return page_root(session, [room], "mm-workshop-root")


def presenter() -> ipw.VBox:
    """The projector's page of a room (``?room=`` its join code): no control and no key."""
    from widgets.actions.room_calls import presenter_calls
    from widgets.identity.page_request import this_client
    from widgets.workshop.presenter_view import PresenterView

    try:
        course = get_course()
        session = get_session()
        view = PresenterView(course, presenter_calls(session.storage, this_client))
    except PAGE_ERRORS as error:
        return problem_page(error)
    session.when_ready(lambda: view.show_room(session.query_parameter("room")))
    return page_root(session, [view], "mm-presenter-root")
