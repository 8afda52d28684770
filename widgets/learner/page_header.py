"""The header at the top of a learner's page: one per page, with the learner's progress."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw

from widgets.content import get_course
from widgets.identity.session import LearnerSession
from widgets.ui.course_header import CourseHeader

HOME_NOTEBOOK = "00_home.ipynb"


def page_header(
    session: LearnerSession, finished: Callable[[], set[str]]
) -> list[ipw.Widget]:
    """``[CourseHeader]`` for the first part of a page that asks, ``[]`` for the others (a
    module page shows several parts, and one header); ``finished`` reads the modules the
    current learner has completed."""
    if session.header_placed:
        return []
    session.header_placed = True
    course = get_course()
    modules = [(module.id, module.title, module.notebook) for module in course.modules]
    header = CourseHeader(title=course.title, home=HOME_NOTEBOOK)
    header.show_progress(modules, set())

    def show_done() -> None:
        header.show_progress(modules, finished())

    session.on_learner(lambda: session.run_storage(show_done, "Your progress could not be read"))
    return [header]
