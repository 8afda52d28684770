"""Ranking: the options as an ordered list, each with Move up and Move down buttons.

Every move is a click the kernel handles in turn, so the order a learner sends is the order
the kernel holds; the places stay where they are and the texts move, so the focus can follow
the option moved (to the button that moves it on), and a screen reader hears where it went.
"""

from __future__ import annotations

import ipywidgets as ipw
import traitlets

from widgets.practice.answer_views.base import AnswerView
from widgets.ui import html
from widgets.ui.live_region import LiveRegion


class RankingView(AnswerView):
    """The options in the learner's order; ``value`` is that order (content indices, first
    placed first). It starts as the order shown, so an untouched list is an answer too."""

    def __init__(self, question: str):
        super().__init__(question)
        self.labels: dict[int, str] = {}
        self.places: list[ipw.HTML] = []
        self.up_buttons: list[ipw.Button] = []
        self.down_buttons: list[ipw.Button] = []
        #: where each move is announced to screen readers (the rows show it to the eye)
        self.announce = LiveRegion()
        self.announce.add_class("mm-visually-hidden")
        self.add_class("mm-ranking")

    def show(self, labelled: list[tuple[str, int]]) -> None:
        self.shown = tuple(index for _, index in labelled)
        self.labels = {index: label for label, index in labelled}
        if len(self.places) != len(labelled):
            self._build(len(labelled))
        if sorted(self.value) != sorted(self.shown):
            self.value = self.shown
        else:
            self._draw()

    def clear(self) -> None:
        self.value = self.shown

    def move(self, place: int, step: int) -> bool:
        """Move the option at ``place`` (0 = first) one place up (``step`` -1) or down (+1);
        False, and nothing moves, when it cannot (disabled, or already at the end: a page can
        click any button)."""
        target = place + step
        order = list(self.value)
        if self.disabled or step not in (-1, 1) or not (
            0 <= place < len(order) and 0 <= target < len(order)
        ):
            return False
        order[place], order[target] = order[target], order[place]
        self.value = tuple(order)
        moved = self.labels.get(order[target], "")
        self.announce.text = f"{_short(moved)}: now {target + 1} of {len(order)}."
        # the focus follows the option, to the button that moves it on the same way (at the
        # end of the list, the one that moves it back)
        onward = self.up_buttons if step == -1 else self.down_buttons
        back = self.down_buttons if step == -1 else self.up_buttons
        at_end = target in (0, len(order) - 1)
        (back if at_end else onward)[target].focus()
        return True

    def focus(self) -> None:
        if self.down_buttons:
            self.down_buttons[0].focus()

    def _build(self, count: int) -> None:
        self.places, self.up_buttons, self.down_buttons = [], [], []
        rows = []
        for place in range(count):
            text = ipw.HTML()
            up = ipw.Button(description="Move up", layout=ipw.Layout(width="auto"))
            down = ipw.Button(description="Move down", layout=ipw.Layout(width="auto"))
            up.on_click(lambda _button, place=place: self.move(place, -1))
            down.on_click(lambda _button, place=place: self.move(place, 1))
            up.add_class("mm-rank-move")
            down.add_class("mm-rank-move")
            row = ipw.HBox([text, ipw.HBox([up, down])])
            row.add_class("mm-rank-row")
            self.places.append(text)
            self.up_buttons.append(up)
            self.down_buttons.append(down)
            rows.append(row)
        self.children = [*rows, self.announce]

    @traitlets.observe("value", "disabled")
    def _draw(self, _change: dict | None = None) -> None:
        count = len(self.value)
        for place, index in enumerate(self.value):
            if place >= len(self.places):
                break
            label = self.labels.get(index, "")
            self.places[place].value = (
                f'<span class="mm-rank-place">{place + 1}</span>'
                f'<span class="mm-rank-text">{html.text(label)}</span>'
            )
            short = _short(label)
            self.up_buttons[place].tooltip = f"Move up: {short}"
            self.down_buttons[place].tooltip = f"Move down: {short}"
            self.up_buttons[place].disabled = self.disabled or place == 0
            self.down_buttons[place].disabled = self.disabled or place == count - 1


def _short(label: str) -> str:
    return label if len(label) <= 60 else label[:57].rstrip() + "…"


VIEW = RankingView
