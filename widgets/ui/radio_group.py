"""RadioGroup: one question's options as a real radio group, for keyboards and screen readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets


class RadioGroup(anywidget.AnyWidget):
    """Radio buttons in a ``<fieldset>`` whose ``<legend>`` is the question.

    ``ipywidgets.RadioButtons`` draws radios that do not share a name, so each one is a
    separate Tab stop, the arrow keys do nothing and screen readers hear neither the group's
    question nor "2 of 3". Here the radios share a name: Tab reaches the group once, the
    arrow keys move the choice, Space picks.

    Used like ``RadioButtons``: ``options`` is a list of ``(label, value)`` pairs (or
    labels), ``value`` the chosen value or None, plus ``description`` and ``disabled``.
    """

    _esm = Path(__file__).with_name("radio_group.js")

    description = traitlets.Unicode("", help="the question; read first by screen readers").tag(
        sync=True
    )
    hide_description = traitlets.Bool(
        False, help="True when the question is already shown above the options"
    ).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode(), help="the options as shown").tag(sync=True)
    index = traitlets.Int(None, allow_none=True, help="position of the chosen option").tag(
        sync=True
    )
    disabled = traitlets.Bool(False).tag(sync=True)
    options = traitlets.List(help="(label, value) pairs, or labels that are their own value")
    value = traitlets.Any(None, allow_none=True, help="value of the chosen option, or None")

    def __init__(self, options: list | tuple = (), value: Any = None, **kwargs):
        super().__init__(**kwargs)
        self.options = list(options)
        self.value = value
        self.on_msg(self._on_page_message)

    def choose(self, index: Any) -> None:
        """Choose the option at ``index``, as the page does when a radio is picked.

        Refused (and the page put back) while disabled or when ``index`` is not an option:
        the message comes from the browser and can say anything.
        """
        if self.disabled or type(index) is not int or not 0 <= index < len(self.labels):
            self.send_state("index")
            return
        # the page shows this choice already: do not send it back (a reply to an earlier
        # arrow key would move the radio back under a learner who has moved on)
        with self._lock_property(index=index):
            self.index = index

    def _on_page_message(self, _widget: object, content: Any, _buffers: list) -> None:
        if isinstance(content, dict) and content.get("do") == "choose":
            self.choose(content.get("index"))

    def _values(self) -> list[Any]:
        return [option[1] if isinstance(option, tuple) else option for option in self.options]

    @traitlets.observe("options")
    def _options_changed(self, change: dict) -> None:
        self.labels = [
            str(option[0] if isinstance(option, tuple) else option) for option in change["new"]
        ]
        values = self._values()
        if self.value in values:
            self.index = values.index(self.value)
        else:
            self.value = None
            self.index = None

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict) -> Any:
        value = proposal["value"]
        if value is not None and value not in self._values():
            raise traitlets.TraitError(f"{value!r} is not one of the options")
        return value

    @traitlets.observe("value")
    def _value_changed(self, change: dict) -> None:
        value = change["new"]
        self.index = None if value is None else self._values().index(value)

    @traitlets.observe("index")
    def _index_changed(self, change: dict) -> None:
        index = change["new"]
        values = self._values()
        value = values[index] if index is not None and 0 <= index < len(values) else None
        if value != self.value:
            self.value = value
