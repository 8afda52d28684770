"""Small helpers to build HTML safely: every piece of text is escaped."""

from __future__ import annotations

from html import escape


def text(value: object) -> str:
    """Escape any value for use as HTML text or an attribute value."""
    return escape(str(value), quote=True)


def paragraphs(value: str, css_class: str = "") -> str:
    """Escaped text as paragraphs, one per blank-line-separated block."""
    attribute = f' class="{text(css_class)}"' if css_class else ""
    blocks = [block.strip() for block in value.split("\n\n") if block.strip()]
    return "".join(
        f"<p{attribute}>{text(block).replace(chr(10), '<br>')}</p>" for block in blocks
    )


def message(body: str, kind: str = "error") -> str:
    """An escaped notice box; ``kind`` is ``error`` or ``info``."""
    role = "alert" if kind == "error" else "status"
    css = "mm-message" if kind == "error" else "mm-message mm-info"
    return f'<div class="{css}" role="{role}">{paragraphs(body)}</div>'


def png_image(data: bytes, alt: str) -> str:
    """An inline PNG ``<img>`` with alternative text."""
    import base64

    encoded = base64.b64encode(data).decode("ascii")
    return f'<img class="mm-chart" src="data:image/png;base64,{encoded}" alt="{text(alt)}">'
