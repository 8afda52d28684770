"""TextBox: a labelled text area whose text reaches the kernel before a click that follows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets


class TextBox(anywidget.AnyWidget):
    """A multi-line text box with a visible ``<label>``, for text the kernel must see as it is
    typed (the pause trainer notes when typing starts).

    ``ipywidgets.Textarea`` with continuous updates syncs its value as a trait, and ipywidgets
    holds back a model's next update until the kernel has answered the last one, while a
    button's click goes at once: a click soon after the last keystroke could reach the kernel
    before the last words. Here the page sends the text as messages, which keep their order
    with clicks: the first keystroke at once, then at most every half second while typing,
    and always when the box loses focus (which happens before a button is clicked).

    Used like ``Textarea``: ``value``, ``description`` (the label), ``placeholder``, ``rows``
    and ``disabled``; :meth:`type_text` is what the page does.
    """

    _esm = Path(__file__).with_name("text_box.js")

    value = traitlets.Unicode("", help="the text").tag(sync=True)
    description = traitlets.Unicode("", help="the label, shown above the box").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    rows = traitlets.Int(4).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.on_msg(self._on_page_message)

    def type_text(self, text: Any) -> None:
        """Take ``text`` as typed in the page. Refused (and the page put back) while disabled
        or when it is not text: the message comes from the browser and can say anything."""
        if self.disabled or not isinstance(text, str):
            self.send_state("value")
            return
        # the page shows this text already: do not send it back (a reply to an earlier
        # message would undo what was typed since)
        with self._lock_property(value=text):
            self.value = text

    def _on_page_message(self, _widget: object, content: Any, _buffers: list) -> None:
        if isinstance(content, dict) and content.get("do") == "text":
            self.type_text(content.get("value"))
