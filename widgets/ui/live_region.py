"""LiveRegion: text that screen readers announce when it changes."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class LiveRegion(anywidget.AnyWidget):
    """A polite ``role="status"`` region whose text is set from Python.

    An ipywidgets HTML widget replaces its inner elements on every change, which screen
    readers do not announce reliably; this element stays in place and only its text changes.
    """

    _esm = Path(__file__).with_name("live_region.js")

    text = traitlets.Unicode("", help="the announced text (shown as plain text)").tag(sync=True)
