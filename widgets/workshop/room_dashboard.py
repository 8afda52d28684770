"""RoomDashboard: what a facilitator shows the room: who joined, the room's answers, prompts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as ipw
import traitlets

from widgets.content.kinds import RoomSummary, option_letter
from widgets.content.models import Course, Scenario
from widgets.practice.scenario_card import scenario_card
from widgets.store import Room
from widgets.ui import html
from widgets.ui.download_button import DownloadButton
from widgets.ui.form_button import FormButton
from widgets.ui.live_region import LiveRegion
from widgets.ui.shuffle import room_order
from widgets.ui.style import actions_row
from widgets.ui.ticker import Ticker
from widgets.workshop.handouts import results_csv

if TYPE_CHECKING:
    from widgets.actions.rooms import DashboardCalls


def choice_chart_html(
    scenario: Scenario,
    summary: RoomSummary,
    revealed: tuple[int, ...],
    order: tuple[int, ...] | None = None,
) -> str:
    """The room's answers in HTML, as the question's kind summarises them: numbers in words,
    bars for the eye (a share of the answers, or how high an option was ranked).

    ``summary`` and ``revealed`` follow the content's option order; ``order`` is the order the
    room sees the options in (``order[position]`` is a content index), lettered A, B, C...
    """
    kind = scenario.question_kind
    rows = []
    for position, index in enumerate(order or range(len(scenario.options))):
        option = scenario.options[index]
        feedback = ""
        if index in revealed:
            feedback = (
                f'<p class="mm-bar-feedback mm-{option.rating}"><strong>'
                f"{html.text(kind.key_label(option))}:</strong> "
                f"{html.text(option.feedback)}</p>"
            )
        rows.append(
            f'<li class="mm-bar-row" data-option="{html.text(option.id)}" '
            f'data-count="{summary.counts[index]}">'
            f'<span class="mm-bar-label"><strong>{option_letter(position)}</strong> '
            f"{html.text(option.text)}</span>"
            f'<span class="mm-bar-track" aria-hidden="true"><span class="mm-bar" '
            f'style="width: {100 * summary.bars[index]:.0f}%"></span></span>'
            f'<span class="mm-bar-count">{html.text(summary.figures[index])}</span>'
            f"{feedback}</li>"
        )
    return (
        f'<p class="mm-score">{html.text(summary.headline)}</p>'
        f'<ul class="mm-bars" aria-label="The room\'s answers">{"".join(rows)}</ul>'
    )


class RoomDashboard(ipw.VBox):
    """Live view of one room for the facilitator. Refreshes itself on every tick, sending the
    page only what changed (who joined, the counts); the results CSV is made on request.
    ``calls`` reads the room and moves, reveals and closes it.

    Drive it with ``next_button.click()``, ``previous_button.click()``,
    ``reveal_buttons[i].click()``, :meth:`refresh` (what each tick does) and
    ``close_button.click()`` twice; read ``chart.value`` and :attr:`participants`.
    """

    participants = traitlets.Int(0, help="how many people have joined")
    index = traitlets.Int(0, help="position of the current scenario in the room")

    def __init__(
        self, course: Course, calls: DashboardCalls, room: Room, interval_ms: int = 1000
    ):
        self.course = course
        self.calls = calls
        self.code = room.code
        self.room = room
        self._last_answers: list[tuple[str, ...]] | None = None
        self._confirming_close = False
        self.header = ipw.HTML()
        self.status = LiveRegion()
        self.question = ipw.HTML()
        self.chart = ipw.HTML()
        self.prompts = ipw.HTML()
        self.previous_button = FormButton(
            description="◀ Previous scenario", tooltip="Show the previous scenario to the room"
        )
        self.next_button = FormButton(
            description="Next scenario ▶", button_style="primary",
            tooltip="Show the next scenario to the room",
        )
        self.previous_button.on_click(lambda _: self.go(self.index - 1))
        self.next_button.on_click(lambda _: self.go(self.index + 1))
        self.reveal_all_button = FormButton(
            description="Reveal all feedback", tooltip="Show the feedback for every option"
        )
        self.hide_all_button = FormButton(
            description="Hide all feedback", tooltip="Hide the feedback for every option"
        )
        self.reveal_all_button.on_click(lambda _: self.reveal(all_options=True))
        self.hide_all_button.on_click(lambda _: self.reveal(all_options=False))
        self.reveal_box = ipw.HBox()
        self.reveal_box.add_class("mm-actions")
        self.reveal_buttons: list[ipw.ToggleButton] = []
        self.close_button = FormButton(
            description="Close the room", button_style="danger",
            tooltip="Stop taking answers in this room",
        )
        self.close_button.on_click(lambda _: self.close())
        self.close_status = ipw.HTML()
        self.download = DownloadButton(
            provider=self.results_csv,
            label="Download results (CSV)", filename=f"room-{room.code}.csv",
            mime_type="text/csv;charset=utf-8",
        )
        self.ticker = Ticker(interval_ms=interval_ms)
        self.ticker.on_tick(self.refresh)
        nav = actions_row(self.previous_button, self.next_button)
        reveal_all = actions_row(self.reveal_all_button, self.hide_all_button)
        closing = actions_row(self.download, self.close_button, self.close_status)
        super().__init__(
            [
                self.header, self.status, nav, self.question, self.chart, reveal_all,
                self.reveal_box, self.prompts, closing, self.ticker,
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-dashboard")
        self.index = room.current_index
        self._show_scenario()
        self.refresh()

    # -- public API ---------------------------------------------------------------------------

    @property
    def scenario(self) -> Scenario | None:
        """The scenario the room is answering."""
        scenario_id = self.room.current_scenario
        return self.course.scenarios.get(scenario_id) if scenario_id else None

    @property
    def order(self) -> tuple[int, ...]:
        """The order the room sees the current scenario's options in (content indices)."""
        scenario = self.scenario
        if scenario is None:
            return ()
        return room_order(self.code, len(scenario.options), scenario.id)

    def go(self, index: int) -> None:
        """Move the room to the scenario at ``index`` (feedback hidden again)."""
        if not 0 <= index < len(self.room.scenario_ids):
            return
        self.calls.move_to(self.code, index)
        self._reload_room()
        self._show_scenario()
        self.refresh()

    def reveal(self, option: int | None = None, all_options: bool | None = None) -> None:
        """Reveal or hide feedback: one option (its content index) toggled, or all of them."""
        scenario = self.scenario
        if scenario is None:
            return
        shown = set(self.room.revealed)
        if all_options is True:
            shown = set(range(len(scenario.options)))
        elif all_options is False:
            shown = set()
        elif option is not None:
            shown ^= {option}
        self.calls.reveal(self.code, tuple(sorted(shown)))
        self._reload_room()
        self._last_answers = None
        self.refresh()

    def refresh(self) -> None:
        """Read the room again and redraw what changed (called on every tick)."""
        self._reload_room()
        count = self.calls.participants(self.code)
        if count != self.participants:
            self.participants = count
            self._draw_header()
        scenario = self.scenario
        if scenario is None:
            return
        answers = self.calls.selections(self.code, scenario.id)
        if answers != self._last_answers:
            self._last_answers = answers
            order = self.order
            summary = scenario.question_kind.summarise(scenario.options, answers)
            self.chart.value = choice_chart_html(scenario, summary, self.room.revealed, order)
            for position, button in enumerate(self.reveal_buttons):
                button.value = order[position] in self.room.revealed

    def results_csv(self) -> str:
        """The room's results as CSV, made when the facilitator asks for them."""
        return results_csv(self.room, self.calls.results(self.code), self.course)

    def selections(self) -> list[tuple[str, ...]]:
        """The room's answers to the current scenario, read now: each participant's latest,
        as the option ids in the order sent (every answer's order, where the counts only
        say how often each option was chosen)."""
        scenario = self.scenario
        return self.calls.selections(self.code, scenario.id) if scenario else []

    def close(self) -> bool:
        """Close the room on the second click; True once closed."""
        if self.room.closed:
            return True
        if not self._confirming_close:
            self._confirming_close = True
            self.close_button.description = "Yes, close it now"
            self.close_status.value = (
                '<p class="mm-hint" role="status">Participants will not be able to answer '
                "any more. Click again to close.</p>"
            )
            return False
        self.calls.close(self.code)
        self._reload_room()
        self.close_button.disabled = True
        self.close_button.description = "Room closed"
        self.close_status.value = (
            '<p class="mm-score" role="status">The room is closed. Results can still be '
            "downloaded.</p>"
        )
        self.ticker.active = False
        self._draw_header()
        self.refresh()
        return True

    # -- internals ----------------------------------------------------------------------------

    def _reload_room(self) -> None:
        room = self.calls.current(self.code)
        if room is not None:
            self.room = room
            if room.current_index != self.index:
                self.index = room.current_index
                self._show_scenario()

    def _draw_header(self) -> None:
        room = self.room
        state = "closed" if room.closed else "open"
        self.header.value = (
            f'<p class="mm-eyebrow">Facilitator dashboard · room {state}</p>'
            f'<h3 class="mm-title">{html.text(room.title)}</h3>'
            f'<p>Room code <strong class="mm-room-code">{html.text(room.code)}</strong> · '
            f'<span class="mm-participants">{self.participants} '
            f'{"person has" if self.participants == 1 else "people have"} joined</span></p>'
        )
        self.status.text = f"{self.participants} joined."

    def _show_scenario(self) -> None:
        self._draw_header()
        scenario = self.scenario
        total = len(self.room.scenario_ids)
        self.previous_button.disabled = self.index <= 0
        self.next_button.disabled = self.index >= total - 1
        self._last_answers = None
        if scenario is None:
            self.question.value = html.message("This room has no scenarios.", kind="info")
            self.reveal_box.children = []
            self.reveal_buttons = []
            self.prompts.value = ""
            return
        setting = self.course.settings.get(scenario.setting, scenario.setting)
        self.question.value = scenario_card(
            scenario, f"Scenario {self.index + 1} of {total} · {setting}", level=4
        )
        self.reveal_buttons = []
        for position, index in enumerate(self.order):
            toggle = ipw.ToggleButton(
                value=index in self.room.revealed,
                description=f"Feedback {option_letter(position)}",
                tooltip=f"Reveal or hide the feedback for option {option_letter(position)}",
            )
            toggle.observe(
                lambda change, index=index: self._on_toggle(index, change["new"]), names="value"
            )
            self.reveal_buttons.append(toggle)
        self.reveal_box.children = self.reveal_buttons
        prompts = "".join(f"<li>{html.text(p)}</li>" for p in scenario.discussion)
        self.prompts.value = (
            f'<h4 class="mm-subheading">Discussion prompts</h4><ul>{prompts}</ul>'
            if prompts else ""
        )

    def _on_toggle(self, index: int, shown: bool) -> None:
        if shown != (index in self.room.revealed):
            self.reveal(option=index)
