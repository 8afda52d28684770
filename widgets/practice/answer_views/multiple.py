"""Multiple choice: one checkbox per option."""

from __future__ import annotations

import ipywidgets as ipw
import traitlets

from widgets.practice.answer_views.base import AnswerView


class MultipleView(AnswerView):
    """A checkbox per option; ``value`` is the ticked indices in content order."""

    def __init__(self, question: str):
        super().__init__(question)
        #: index -> checkbox
        self.boxes: dict[int, ipw.Checkbox] = {}
        self._syncing = False

    @property
    def fields(self) -> list[ipw.DOMWidget]:
        return [self.boxes[index] for index in self.shown]

    def show(self, labelled: list[tuple[str, int]]) -> None:
        self.shown = tuple(index for _, index in labelled)
        for label, index in labelled:
            if index not in self.boxes:
                box = ipw.Checkbox(value=index in self.value, description=label, indent=False)
                box.observe(self._on_box, names="value")
                self.boxes[index] = box
            self.boxes[index].description = label
            self.boxes[index].disabled = self.disabled
        self.children = [self.boxes[index] for index in self.shown]

    def focus(self) -> None:
        if self.shown:
            self.boxes[self.shown[0]].focus()

    def _on_box(self, _change: dict) -> None:
        if not self._syncing:
            self.value = tuple(sorted(i for i, box in self.boxes.items() if box.value))

    @traitlets.observe("value")
    def _value_changed(self, change: dict) -> None:
        self._syncing = True
        try:
            for index, box in self.boxes.items():
                box.value = index in change["new"]
        finally:
            self._syncing = False

    @traitlets.observe("disabled")
    def _disabled_changed(self, change: dict) -> None:
        for box in self.boxes.values():
            box.disabled = change["new"]


VIEW = MultipleView
