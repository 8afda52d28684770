"""FormButton: the one way a course form sends what the learner typed or chose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as ipw
import traitlets

from widgets.ui.text_box import TextBox

#: the longest text a field takes from a click (the store's own limits are smaller and say
#: so in plain words; this only bounds what a hostile page can make the kernel hold)
FIELD_TEXT_MAX = 200_000
TEXT_FIELDS = (ipw.Text, ipw.Textarea, ipw.Password, TextBox)


class FormButton(anywidget.AnyWidget):
    """A button whose click message carries the values of its form's ``fields`` (text boxes,
    check boxes, drop-downs), so the kernel always acts on what the page shows.

    ipywidgets holds back a model's next state update until the kernel has answered the
    last one, while a click goes at once: on a busy server a click can overtake the last
    words typed. The page reads every field's current value when the button is clicked and
    sends them with the click; the kernel puts them into the fields (checked: text within
    :data:`FIELD_TEXT_MAX`, a drop-down index within its options, nothing into a disabled
    field) and only then calls the click handlers.

    Used like ``ipywidgets.Button``: ``description``, ``tooltip``, ``button_style``
    (``"primary"``, ``"danger"`` or ``""``), ``disabled``, :meth:`on_click`, :meth:`click`,
    :meth:`focus`. As with ``ipywidgets.Button``, ``disabled`` is only what the page shows (a
    page can set it back, or click anyway): each click handler keeps its own rules.
    """

    _esm = Path(__file__).with_name("form_button.js")

    description = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)
    button_style = traitlets.Enum(["", "primary", "danger"], default_value="").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    fields = traitlets.List(traitlets.Instance(ipw.DOMWidget), help="the form's fields").tag(
        sync=True, **ipw.widget_serialization
    )

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("mm-form-button")
        self._click_handlers: list[Callable[[FormButton], None]] = []
        self.on_msg(self._on_page_message)

    def set_state(self, sync_data: dict) -> None:
        """State from the page, less ``fields``: which widgets a click may fill is the
        kernel's to say (a page that names other widgets changes nothing)."""
        super().set_state({k: v for k, v in sync_data.items() if k != "fields"})

    def on_click(self, callback: Callable[[FormButton], None]) -> None:
        """Call ``callback(button)`` on every click (after the fields are filled in)."""
        self._click_handlers.append(callback)

    def click(self) -> None:
        """Click the button as the page does (with the fields as the kernel has them)."""
        for callback in list(self._click_handlers):
            callback(self)

    def focus(self) -> None:
        """Move the keyboard focus to the button."""
        self.send({"do": "focus"})

    def clear_fields(self, fields: list[ipw.DOMWidget]) -> None:
        """Empty these text fields after a click has been acted on: in the kernel at once, and
        in the page only where the field still holds what that click sent (text typed since,
        say for the next entry, stays)."""
        sent = {}
        for field in fields:
            sent[field.model_id] = field.value
            with field._lock_property(value=""):
                field.value = ""
        self.send({"do": "clear", "fields": sent})

    @traitlets.observe("fields")
    def _fields_follow_typing(self, change: dict) -> None:
        # the page's model of a text field then holds what the box shows at every moment,
        # so a click reads the text as shown even when the box still has the focus
        for field in change["new"]:
            if isinstance(field, (ipw.Text, ipw.Textarea, ipw.Password)):
                field.continuous_update = True

    def take_values(self, values: Any) -> None:
        """Put the values a page sent into the fields (each checked; the rest left alone)."""
        fill_fields(self.fields, values)

    def _on_page_message(self, _widget: object, content: Any, _buffers: list) -> None:
        if isinstance(content, dict) and content.get("event") == "click":
            self.take_values(content.get("values", {}))
            self.click()


def fill_fields(fields: list[ipw.DOMWidget], values: Any) -> None:
    """Put the values a page sent with a click, ``{model_id: value}``, into ``fields``: each
    checked against its kind, none into a disabled field, anything else ignored."""
    if not isinstance(values, dict):
        return
    for field in fields:
        if field.model_id in values and not getattr(field, "disabled", False):
            _fill(field, values[field.model_id])


def _fill(field: ipw.DOMWidget, value: Any) -> None:
    if isinstance(field, TEXT_FIELDS):
        if isinstance(value, str) and len(value) <= FIELD_TEXT_MAX and field.value != value:
            # the page shows this text already: no echo back to it
            with field._lock_property(value=value):
                field.value = value
    elif isinstance(field, ipw.Checkbox):
        if isinstance(value, bool) and field.value != value:
            with field._lock_property(value=value):
                field.value = value
    elif isinstance(field, (ipw.Dropdown, ipw.Select, ipw.RadioButtons)):
        if isinstance(value, int) and not isinstance(value, bool) and (
            0 <= value < len(field.options)
        ) and field.index != value:
            with field._lock_property(index=value):
                field.index = value
