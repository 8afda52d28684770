"""JudgmentCheckView: the judgment check, one situation at a time: rate how good each
response is, 1 to 6. No feedback until the after-check is done."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import ipywidgets as ipw
import traitlets

from widgets.content.judgment import SCALE_POINTS, JudgmentItem
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.radio_group import RadioGroup
from widgets.ui.shuffle import stable_order
from widgets.ui.style import actions_row


class JudgmentCheckView(ipw.VBox):
    """Shows the first item not yet rated; ``rate(item_id, {option id: rating})`` keeps the
    ratings and says why not ('' when kept); ``finished()`` is called after the last item.

    Drive it with ``scales[i].choose(rating - 1)`` (in the order shown) and
    ``next_button.click()``; read :attr:`item` and ``status.value``.
    """

    position = traitlets.Int(0, help="how many items are rated")

    def __init__(
        self,
        items: Sequence[JudgmentItem],
        rated: Collection[str],
        scale: Sequence[str],
        rate: Callable[[str, dict[str, int]], str],
        finished: Callable[[], None],
        learner_id: str = "",
        settings: dict[str, str] | None = None,
    ):
        self.items = tuple(items)
        self.rated = set(rated)
        self.scale = tuple(scale)
        self._rate_item = rate
        self._finished = finished
        self.learner_id = learner_id
        self.settings = settings or {}
        self.item: JudgmentItem | None = None
        #: content index of the option shown at each place
        self.order: tuple[int, ...] = ()
        self.heading = ipw.HTML()
        self.scales: list[RadioGroup] = []
        self.scale_box = ipw.VBox()
        self.scale_box.add_class("mm-rating-scales")
        self.next_button = FormButton(
            description="Next situation", button_style="primary",
            tooltip="Keep these ratings and go on",
        )
        self.next_button.on_click(lambda _: self.next())
        self.status = ipw.HTML()
        key = " · ".join(f"{n} {label}" for n, label in enumerate(self.scale, start=1))
        super().__init__([
            ipw.HTML(f'<p class="mm-hint mm-scale-key">The scale: {html.text(key)}</p>'),
            self.heading, self.scale_box, actions_row(self.next_button), self.status,
        ])
        self.add_class("mm-card")
        self.add_class("mm-judgment-check")
        self._show_next()

    def next(self) -> bool:
        """Keep the ratings of the item shown and show the next one."""
        item = self.item
        if item is None:
            return False
        chosen = [scale.index for scale in self.scales]
        if any(index is None for index in chosen):
            self.status.value = html.message("Rate every response before going on.", "info")
            return False
        ratings = {
            item.options[self.order[place]].id: int(index) + 1
            for place, index in enumerate(chosen)
        }
        why = self._rate_item(item.id, ratings)
        if why:
            self.status.value = html.message(why)
            return False
        self.rated.add(item.id)
        self.status.value = ""
        self._show_next()
        return True

    def _show_next(self) -> None:
        self.position = sum(item.id in self.rated for item in self.items)
        self.item = next((item for item in self.items if item.id not in self.rated), None)
        item = self.item
        if item is None:
            self.heading.value = (
                '<p class="mm-score" role="status">Done: every situation is rated. Thank '
                "you.</p>"
            )
            self.scale_box.children = []
            self.scales = []
            self.next_button.layout.display = "none"
            self._finished()
            return
        total = len(self.items)
        setting = self.settings.get(item.setting, item.setting)
        self.heading.value = (
            f'<p class="mm-eyebrow">Situation {self.position + 1} of {total} · '
            f"{html.text(setting)}</p>"
            f'<h3 class="mm-title" tabindex="-1">{html.text(item.title)}</h3>'
            f'<div class="mm-situation">{html.paragraphs(item.situation)}</div>'
            f'<p class="mm-question">{html.text(item.question)}</p>'
        )
        self.order = stable_order(len(item.options), "judgment", self.learner_id, item.id)
        self.scales = []
        for place, index in enumerate(self.order):
            scale = RadioGroup(
                options=[(str(n), n) for n in range(1, SCALE_POINTS + 1)],
                description=f"{chr(ord('A') + place)}. {item.options[index].text}",
            )
            scale.add_class("mm-rating-scale")
            self.scales.append(scale)
        self.scale_box.children = self.scales
        self.next_button.description = (
            "Finish the check" if self.position + 1 == total else "Next situation"
        )
