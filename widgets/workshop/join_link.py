"""JoinLink: a room's address (the join link, the presenter view), built in the browser, and
the join link's QR code."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from widgets.workshop.qr import LINK_MAX, joinable, qr_svg


class JoinLink(anywidget.AnyWidget):
    """Shows ``path`` resolved against the page's own address, as a link and as text, after
    ``label``; with ``qr``, also its QR code (and, with ``code``, the room code in large type).

    The kernel does not know the address the course is served at (a proxy may sit in front),
    the browser does: it reports the resolved address as ``href``, and the kernel draws the
    QR code of it. A page that reports another address only changes its own picture; the
    kernel draws only an http(s) address that ends in ``path``.
    """

    _esm = Path(__file__).with_name("join_link.js")

    path = traitlets.Unicode("", help="path relative to the current page").tag(sync=True)
    label = traitlets.Unicode("Join link: ", help="the words before the link").tag(sync=True)
    #: the class of the link's line (``mm-join-link``; the presenter's ``mm-presenter-link``)
    line_class = traitlets.Unicode("mm-join-link").tag(sync=True)
    #: the room code shown large beside the QR code ('' for none)
    code = traitlets.Unicode("").tag(sync=True)
    qr = traitlets.Bool(False, help="draw the QR code of the address").tag(sync=True)
    href = traitlets.Unicode("", help="the address as the browser resolved it").tag(sync=True)
    qr_svg = traitlets.Unicode("", help="the QR code, drawn by the kernel").tag(sync=True)

    @traitlets.validate("href")
    def _bounded(self, proposal: dict) -> str:
        value = proposal["value"]
        return value if isinstance(value, str) and len(value) <= LINK_MAX else ""

    @traitlets.observe("href", "path", "qr")
    def _draw(self, _change: dict) -> None:
        wanted = self.qr and joinable(self.href) and bool(self.path)
        if wanted and self.href.endswith("/" + self.path):
            self.qr_svg = qr_svg(self.href)
        else:
            self.qr_svg = ""

    def set_state(self, sync_data: dict) -> None:
        """From the page, only ``href``: the rest is the kernel's to say."""
        super().set_state({k: v for k, v in sync_data.items() if k == "href"})
