"""RoomDashboard: the facilitator's controls of a room, in the order a session uses them: how
to join (code, link, QR code, the presenter view), the scenario and its results, feedback, the
timer, open questions, the room's settings, and finishing (exports, close, delete)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as ipw
import traitlets

from widgets.content.kinds import option_letter
from widgets.content.models import Course, Scenario
from widgets.practice.scenario_card import scenario_card
from widgets.ui import html
from widgets.ui.download_button import DownloadButton
from widgets.ui.form_button import FormButton
from widgets.ui.live_region import LiveRegion
from widgets.ui.shuffle import room_order
from widgets.ui.style import actions_row
from widgets.ui.ticker import Ticker
from widgets.workshop.handouts import results_csv
from widgets.workshop.join_link import JoinLink
from widgets.workshop.open_question_panel import OpenQuestionPanel, plan_prompts
from widgets.workshop.room_chart import choice_chart_html
from widgets.workshop.room_judgment_panel import RoomJudgmentPanel
from widgets.workshop.room_report import room_report_html
from widgets.workshop.room_timer_controls import RoomTimerControls

if TYPE_CHECKING:
    from widgets.store import Room

if TYPE_CHECKING:
    from widgets.actions.room_calls import DashboardCalls


def _card(title: str, *children: ipw.Widget) -> ipw.VBox:
    box = ipw.VBox([ipw.HTML(f'<h4 class="mm-subheading">{html.text(title)}</h4>'), *children])
    box.add_class("mm-dashboard-part")
    return box


class RoomDashboard(ipw.VBox):
    """Live view of one room for the facilitator. Refreshes itself on every tick, sending the
    page only what changed; the exports are made on request. ``calls`` reads the room and
    changes it.

    Drive it with ``next_button.click()``, ``previous_button.click()``,
    ``results_button.click()``, ``reveal_buttons[i].click()``, :meth:`refresh` (what each
    tick does), the :attr:`timer` and :attr:`open_question` panels, ``close_button.click()``
    and ``delete_button.click()`` (each twice); read ``chart.value`` and :attr:`participants`.
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
        self.deleted = False
        self._last_answers: list[tuple[str, ...]] | None = None
        self._confirming = ""
        self.header = ipw.HTML()
        # for screen readers: the header already shows who joined
        self.status = LiveRegion()
        self.status.add_class("mm-visually-hidden")
        self.join = JoinLink(path=f"workshop.ipynb?room={room.code}", code=room.code, qr=True)
        self.presenter_link = JoinLink(
            path=f"presenter.ipynb?room={room.code}", line_class="mm-presenter-link",
            label="Presenter view (open it on the projector; it shows no key or control): ",
        )
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
        self.results_button = FormButton(
            description="Reveal the results", button_style="primary",
            tooltip="Show the room's answers on the presenter view and the phones",
        )
        self.results_button.on_click(lambda _: self.show_results(not self.room.results_shown))
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
        self.timer = RoomTimerControls(
            lambda seconds: self._change(calls.start_timer, seconds),
            lambda: self._change(calls.pause_timer), lambda: self._change(calls.stop_timer),
        )
        self.open_question = OpenQuestionPanel(
            plan_prompts(course, room.workshop_id),
            ask=lambda text: self._change(calls.ask, text),
            end=lambda: self._change(calls.end_question),
            moderate=lambda answer_id, shown: self._change(calls.moderate, answer_id, shown),
        )
        self.hide_box = ipw.Checkbox(
            value=room.hide_results, indent=False,
            description="Hide results from the room until I reveal them",
        )
        self.approve_box = ipw.Checkbox(
            value=room.approve_first, indent=False,
            description="Approve each open answer before it appears on the wall",
        )
        self.hide_box.observe(lambda c: self._setting(hide_results=c["new"]), names="value")
        self.approve_box.observe(lambda c: self._setting(approve_first=c["new"]), names="value")
        self.download = DownloadButton(
            provider=self.results_csv, label="Download results (CSV)",
            filename=f"room-{room.code}.csv", mime_type="text/csv;charset=utf-8",
        )
        self.report = DownloadButton(
            provider=self.report_html, label="Download the room report (printable HTML)",
            filename=f"room-{room.code}-report.html", mime_type="text/html;charset=utf-8",
        )
        self.close_button = FormButton(
            description="Close the room", button_style="danger",
            tooltip="Stop taking answers in this room",
        )
        self.close_button.on_click(lambda _: self.close())
        self.delete_button = FormButton(
            description="Delete the room", tooltip="Delete the room and every answer in it"
        )
        self.delete_button.on_click(lambda _: self.delete())
        self.close_status = ipw.HTML()
        self.ticker = Ticker(interval_ms=interval_ms)
        self.ticker.on_tick(self.refresh)
        scenario_part = _card(
            "The scenario on the screens",
            actions_row(self.previous_button, self.next_button), self.question, self.chart,
            actions_row(self.results_button), self.prompts,
        )
        feedback_part = _card(
            "Feedback for each option", actions_row(self.reveal_all_button, self.hide_all_button),
            self.reveal_box,
        )
        self.judgment = RoomJudgmentPanel(
            lambda: calls.judgment(course.judgment, self.code) if course.judgment else None,
            {pid: practice.title for pid, practice in course.practices.items()},
        )
        finish_part = _card(
            "Finish", actions_row(self.download, self.report),
            actions_row(self.close_button, self.delete_button), self.close_status,
        )
        super().__init__(
            [
                self.header, self.status, _card("How people join", self.join, self.presenter_link),
                scenario_part, feedback_part, self.timer, self.open_question,
                _card("Settings", self.hide_box, self.approve_box), self.judgment, finish_part,
                self.ticker,
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
        """Move the room to the scenario at ``index`` (results and feedback hidden again)."""
        if not 0 <= index < len(self.room.scenario_ids) or self.deleted:
            return
        self.calls.move_to(self.code, index)
        self._reload_room()
        self._show_scenario()
        self.refresh()

    def show_results(self, shown: bool = True) -> None:
        """Reveal the current scenario's results to the room (or hide them again)."""
        self._change(self.calls.show_results, bool(shown))

    def reveal(self, option: int | None = None, all_options: bool | None = None) -> None:
        """Reveal or hide feedback: one option (its content index) toggled, or all of them."""
        scenario = self.scenario
        if scenario is None or self.deleted:
            return
        shown = set(self.room.revealed)
        if all_options is True:
            shown = set(range(len(scenario.options)))
        elif all_options is False:
            shown = set()
        elif option is not None:
            shown ^= {option}
        self._change(self.calls.reveal, tuple(sorted(shown)))

    def refresh(self) -> None:
        """Read the room again and redraw what changed (called on every tick)."""
        if self.deleted:
            return
        self._reload_room()
        count = self.calls.screen.participants(self.code)
        if count != self.participants:
            self.participants = count
            self._draw_header()
        room = self.room
        self.timer.show(room)
        self.open_question.show(
            room, self.calls.answers_given(self.code, room.question) if room.question else []
        )
        self.results_button.disabled = not room.hide_results or room.closed
        self.results_button.description = (
            "Results are live (hiding is off)" if not room.hide_results
            else "Hide the results" if room.results_shown else "Reveal the results"
        )
        scenario = self.scenario
        if scenario is None:
            return
        answers = self.calls.screen.selections(self.code, scenario.id)
        key = (answers, room.revealed, room.results_shown)
        if key != self._last_answers:
            self._last_answers = key
            order = self.order
            summary = scenario.question_kind.summarise(scenario.options, answers)
            self.chart.value = choice_chart_html(
                scenario, summary, room.revealed, order, mark_key=room.results_shown
            )
            for position, button in enumerate(self.reveal_buttons):
                button.value = order[position] in room.revealed

    def results_csv(self) -> str:
        """The room's results as CSV, made when the facilitator asks for them."""
        return results_csv(
            self.room, self.calls.results(self.code), self.course,
            self.calls.answers_given(self.code), self.calls.questions_asked(self.code),
        )

    def report_html(self) -> str:
        """The room's report: a printable page of every scenario's results and the open
        answers kept after moderation."""
        selections = {
            scenario_id: self.calls.screen.selections(self.code, scenario_id)
            for scenario_id in self.room.scenario_ids
        }
        return room_report_html(
            self.room, self.course, self.calls.screen.participants(self.code), selections,
            self.calls.questions_asked(self.code), self.calls.answers_given(self.code),
        )

    def selections(self) -> list[tuple[str, ...]]:
        """The room's answers to the current scenario, read now: each participant's latest,
        as the option ids in the order sent."""
        scenario = self.scenario
        return self.calls.screen.selections(self.code, scenario.id) if scenario else []

    def close(self) -> bool:
        """Close the room on the second click; True once closed."""
        if self.room.closed or self.deleted:
            return self.room.closed
        if self._confirming != "close":
            self._confirm("close", self.close_button, "Yes, close it now",
                          "Participants will not be able to answer any more. Click again "
                          "to close.")
            return False
        self.calls.close(self.code)
        self._reload_room()
        self._confirming = ""
        self.close_button.disabled = True
        self.close_button.description = "Room closed"
        self.close_status.value = (
            '<p class="mm-score" role="status">The room is closed. Results and the report can '
            "still be downloaded.</p>"
        )
        self._draw_header()
        self.refresh()
        return True

    def delete(self) -> bool:
        """Delete the room and everything given in it, on the second click."""
        if self.deleted:
            return True
        if self._confirming != "delete":
            self._confirm("delete", self.delete_button, "Yes, delete everything",
                          "This deletes the room with every answer and open answer in it. "
                          "Download the results first if you want them. Click again to "
                          "delete.")
            return False
        self.calls.delete(self.code)
        self.deleted = True
        self.ticker.active = False
        self.children = [ipw.HTML(html.message(
            f"Room {self.code} is deleted, with every answer given in it.",
            kind="info",
        ))]
        return True

    # -- internals ----------------------------------------------------------------------------

    def _confirm(self, what: str, button: FormButton, label: str, warning: str) -> None:
        self._confirming = what
        button.description = label
        self.close_status.value = f'<p class="mm-hint" role="status">{html.text(warning)}</p>'

    def _change(self, call, *args):  # noqa: ANN001, ANN202 - any of the dashboard's calls
        """Change the room (unless deleted) and redraw at once."""
        if self.deleted:
            return None
        result = call(self.code, *args)
        self._last_answers = None
        self.refresh()
        return result

    def _setting(self, **setting: bool) -> None:
        self._change(lambda code: self.calls.settings(code, **setting))

    def _reload_room(self) -> None:
        room = self.calls.screen.current(self.code)
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
