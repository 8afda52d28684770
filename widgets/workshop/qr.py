"""A room's join link as a QR code (SVG, made by segno), for the screens and the handouts."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno

#: the longest link drawn as a code (a join link is well under this)
LINK_MAX = 1000


def joinable(url: str) -> bool:
    """True if ``url`` is an http(s) address short enough to draw."""
    if not isinstance(url, str) or len(url) > LINK_MAX:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def qr_svg(url: str, label: str = "QR code of the join link") -> str:
    """An inline SVG QR code of ``url`` (dark modules on a white quiet zone, so that it reads
    on a dark theme too), sized by its container; '' if ``url`` cannot be drawn."""
    if not joinable(url):
        return ""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer, kind="svg", xmldecl=False, svgns=True, svgclass="mm-qr-svg", lineclass=None,
        omitsize=True, dark="#000", light="#fff", border=4, scale=1,
    )
    svg = buffer.getvalue().decode()
    # an accessible name for the picture (segno's title would go into a <title> unescaped
    # by us: the label is ours, never a learner's)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
