"""Single choice: a radio group, one Tab stop, arrow keys to choose."""

from __future__ import annotations

import traitlets

from widgets.practice.answer_views.base import AnswerView
from widgets.ui.radio_group import RadioGroup


class SingleView(AnswerView):
    """The options as one radio group; ``value`` is ``(index,)`` or ``()``."""

    def __init__(self, question: str):
        super().__init__(question)
        self.radios = RadioGroup(description=question, hide_description=True)
        self.radios.observe(self._on_radio, names="value")
        self.children = [self.radios]

    def show(self, labelled: list[tuple[str, int]]) -> None:
        self.shown = tuple(index for _, index in labelled)
        self.radios.options = list(labelled)
        self.radios.value = self.value[0] if self.value else None

    def focus(self) -> None:
        self.radios.focus()

    def _on_radio(self, change: dict) -> None:
        self.value = () if change["new"] is None else (change["new"],)

    @traitlets.observe("value")
    def _value_changed(self, change: dict) -> None:
        chosen = change["new"][0] if change["new"] else None
        if self.radios.value != chosen:
            self.radios.value = chosen

    @traitlets.observe("disabled")
    def _disabled_changed(self, change: dict) -> None:
        self.radios.disabled = change["new"]


VIEW = SingleView
