"""What every course page is built in: the frame around its widgets (the browser identity,
the header, the link question, the session's notice) and the plain message shown instead of a
page that cannot be built. Shared by :mod:`widgets.pages` and :mod:`widgets.follow_up`."""

from __future__ import annotations

import ipywidgets as ipw
import traitlets

from widgets.actions.progress import finished_modules
from widgets.content import ContentError
from widgets.identity.session import LearnerSession
from widgets.learner.page_header import page_header
from widgets.store.records import StorageError
from widgets.ui import html
from widgets.ui.style import course_root

#: What can stop a page from being built: broken content, a missing item, storage trouble.
PAGE_ERRORS = (ContentError, OSError, KeyError, ValueError, StorageError)
#: pages of a workshop room: not a step of the course, so no course header
ROOM_PAGES = ("mm-facilitator-root", "mm-workshop-root", "mm-presenter-root")


def problem_page(error: Exception) -> ipw.VBox:
    """A plain, escaped message in place of a page that could not be built."""
    if isinstance(error, ContentError):
        detail = "\n".join(error.problems[:20])
        body = (
            "This part of the course could not be loaded because a content file has a "
            f"problem. Please tell the course host.\n\n{detail}"
        )
    else:
        body = f"This part of the course could not be loaded: {error}"
    return course_root([ipw.HTML(html.message(body))], "mm-error")


def page_root(session: LearnerSession, children: list[ipw.Widget], css_class: str) -> ipw.VBox:
    """A page's widgets in the course's frame (the identity widget, the header once per page,
    the link question once, the session's notice)."""
    notice = ipw.HTML()
    # the notice follows the session, so a write that fails later is still reported
    traitlets.dlink(
        (session, "notice"), (notice, "value"), lambda text: html.message(text) if text else ""
    )
    shared: list[ipw.Widget] = [session.identity]
    if css_class not in ROOM_PAGES:
        shared += page_header(
            session, lambda: finished_modules(session.storage, session.learner_id)
        )
    if not session.prompt_placed:
        session.prompt_placed = True
        shared.append(session.link_prompt)
    return course_root([*shared, notice, *children], css_class)
