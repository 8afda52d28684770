"""The header at the top of a learner's page: one per page, with the learner's progress."""

from __future__ import annotations

import ipywidgets as ipw

from widgets.content import get_course
from widgets.identity.session import LearnerSession
from widgets.ui.course_header import CourseHeader

HOME_NOTEBOOK = "00_home.ipynb"


def page_header(session: LearnerSession) -> list[ipw.Widget]:
    """``[CourseHeader]`` for the first part of a page that asks, ``[]`` for the others (a
    module page shows several parts, and one header)."""
    if session.header_placed:
        return []
    session.header_placed = True
    course = get_course()
    modules = [(module.id, module.title, module.notebook) for module in course.modules]
    header = CourseHeader(title=course.title, home=HOME_NOTEBOOK)
    header.show_progress(modules, set())

    def show_done() -> None:
        header.show_progress(modules, session.storage.completed_modules(session.learner_id))

    session.on_learner(lambda: session.run_storage(show_done, "Your progress could not be read"))
    return [header]
