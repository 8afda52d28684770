"""RoomJudgmentPanel: the room's judgment check before and after, for the facilitator, read
when asked: means per practice, the effect size and its interval; nothing for fewer than five
participants who took both checks (no one's own score can be told from it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as ipw

from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row

if TYPE_CHECKING:
    from widgets.actions.room_judgment import RoomJudgment


def room_judgment_html(found: RoomJudgment | None, titles: dict[str, str]) -> str:
    """The room's before and after as a table, or why there is none."""
    if found is None:
        return html.message(
            "Not shown: fewer than five people in this room have taken both the before- and "
            "the after-check of the course.", kind="info",
        )
    effect = found.effect
    rows = "".join(
        f'<tr data-practice="{html.text(practice)}"><th scope="row">'
        f"{html.text(titles.get(practice, practice))}</th>"
        f"<td>{before:.0f}</td><td>{after:.0f}</td></tr>"
        for practice, before, after in found.practices
    )
    size = "" if effect.dz is None else f"Effect size dz = {effect.dz:.2f}"
    if size and effect.low is not None and effect.high is not None:
        size += f" (95% interval {effect.low:.2f} to {effect.high:.2f})"
    elif size:
        size += " (an interval needs ten or more people)"
    return (
        f'<p class="mm-score">{effect.n} people took both checks. Whole check: '
        f"{effect.mean_before:.0f} before, {effect.mean_after:.0f} after.</p>"
        + (f'<p class="mm-room-effect">{html.text(size)}</p>' if size else "")
        + '<div class="mm-table-scroll"><table class="mm-judgment-table"><caption>Means of '
        "the room's judgment check, 0 to 100</caption><thead><tr><th scope=\"col\">Practice"
        '</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


class RoomJudgmentPanel(ipw.VBox):
    """A button that reads the room's before and after (``read()``) and shows it."""

    def __init__(self, read: Callable[[], RoomJudgment | None], titles: dict[str, str]):
        self._read_room = read
        self.titles = titles
        self.show_button = FormButton(
            description="Show the room's before and after",
            tooltip="The means of those who took both judgment checks",
        )
        self.show_button.on_click(lambda _: self.show())
        self.result = ipw.HTML()
        super().__init__([
            ipw.HTML('<h4 class="mm-subheading">The room\'s judgment check</h4>'),
            actions_row(self.show_button), self.result,
        ])
        self.add_class("mm-dashboard-part")

    def show(self) -> None:
        """Read the room's before and after now."""
        self.result.value = room_judgment_html(self._read_room(), self.titles)
