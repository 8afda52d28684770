"""FocusMover: brings a new part of the page into view and gives it the keyboard focus."""

from __future__ import annotations

from pathlib import Path

import anywidget


class FocusMover(anywidget.AnyWidget):
    """Invisible; :meth:`move_to` asks the page to scroll the element with this id to the top
    of the window and focus it, once it is drawn (within 5 seconds)."""

    _esm = Path(__file__).with_name("focus_mover.js")

    def move_to(self, element_id: str) -> None:
        """Scroll the element ``element_id`` into view and move the focus to it."""
        self.send({"do": "focus", "id": element_id})
