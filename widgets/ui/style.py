"""The course stylesheet, shipped with the package and shown once per widget tree."""

from __future__ import annotations

import functools
from pathlib import Path

import ipywidgets as ipw

STYLESHEET = Path(__file__).with_name("style.css")


@functools.lru_cache(maxsize=1)
def stylesheet_widget() -> ipw.HTML:
    """One HTML widget holding the stylesheet; every course widget embeds this same instance."""
    css = STYLESHEET.read_text(encoding="utf-8")
    return ipw.HTML(f"<style>{css}</style>", layout=ipw.Layout(display="none"))


def course_root(children: list[ipw.Widget], *classes: str) -> ipw.VBox:
    """A top-level container with the stylesheet and the ``mm-root`` class."""
    root = ipw.VBox([stylesheet_widget(), *children])
    root.add_class("mm-root")
    for name in classes:
        root.add_class(name)
    return root


def actions_row(*children: ipw.Widget) -> ipw.HBox:
    """A wrapping row of buttons and their status messages."""
    row = ipw.HBox(list(children))
    row.add_class("mm-actions")
    return row
