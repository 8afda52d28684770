"""JoinLink: the full address participants open to join a room, built in the browser."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class JoinLink(anywidget.AnyWidget):
    """Shows ``path`` resolved against the page's own address, as a link and as text.

    The kernel does not know the address the course is served at (a proxy may sit in front),
    the browser does.
    """

    _esm = Path(__file__).with_name("join_link.js")

    path = traitlets.Unicode("", help="path relative to the current page").tag(sync=True)
