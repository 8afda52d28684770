"""ParticipantRoom: join a workshop room with its code and answer the scenario on screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as ipw
import traitlets

from widgets.content.kinds import option_letter
from widgets.content.models import Course, Scenario
from widgets.limits import TooLong, clean_name
from widgets.practice.answer_views import AnswerView, answer_view
from widgets.practice.scenario_card import scenario_card
from widgets.store.codes import normalise_code
from widgets.store.records import RoomError, StorageError
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.shuffle import room_order
from widgets.ui.style import actions_row
from widgets.ui.ticker import Ticker
from widgets.workshop.open_answer_form import OpenAnswerForm
from widgets.workshop.room_chart import choice_chart_html

if TYPE_CHECKING:
    from widgets.store import Room

if TYPE_CHECKING:
    from widgets.actions.room_calls import ParticipantCalls


class ParticipantRoom(ipw.VBox):
    """A join form, then the room's current scenario; follows the facilitator by itself.

    Drive it by setting ``code_input.value`` (and optionally the name fields), calling
    ``join_button.click()``, answering with ``answer`` (its kind's view: ``choices``, the
    ``checkboxes``, a ranking's move buttons) and calling
    ``send_button.click()``; :meth:`refresh` is what every tick does. ``calls`` joins and
    answers for the page's learner, and reads the room.
    """

    joined = traitlets.Bool(False, help="True once the participant is in a room")
    scenario_id = traitlets.Unicode("", help="the scenario being answered")
    sent = traitlets.Bool(False, help="True once this scenario's answer is in")

    def __init__(
        self, course: Course, calls: ParticipantCalls, code: str = "", interval_ms: int = 1500
    ):
        self.course = course
        self.calls = calls
        self.code = ""
        self.scenario: Scenario | None = None
        #: content index of the option shown at each position (the room's one order)
        self.order: tuple[int, ...] = ()
        self._revealed: tuple[int, ...] = ()
        self.code_input = ipw.Text(continuous_update=False,
            value=normalise_code(code) if code else "", description="Room code",
            placeholder="e.g. K7QF-M2XD",
        )
        self.name_input = ipw.Text(
            continuous_update=False, description="Your name (optional)", placeholder="First name"
        )
        self.show_name = ipw.Checkbox(
            value=False, indent=False,
            description="Show my name to the facilitator (otherwise I am anonymous)",
        )
        for control in (self.code_input, self.name_input):
            control.style.description_width = "initial"
        self.join_button = FormButton(
            description="Join the room", button_style="primary", tooltip="Join this workshop room"
        )
        self.join_button.fields = [self.code_input, self.name_input, self.show_name]
        self.join_button.on_click(lambda _: self.join())
        self.join_status = ipw.HTML()
        join_actions = actions_row(self.join_button)
        self.join_form = ipw.VBox(
            [
                ipw.HTML(
                    '<p class="mm-eyebrow">Workshop</p><h3 class="mm-title">Join your '
                    "workshop room</h3><p>Enter the code your facilitator shows. Your answers "
                    "appear in the room's chart without your name unless you choose to show "
                    "it.</p>"
                ),
                self.code_input, self.name_input, self.show_name, join_actions, self.join_status,
            ]
        )
        self.room_header = ipw.HTML()
        self.question = ipw.HTML()
        #: the current scenario's answer control (its kind's view)
        self.answer: AnswerView | None = None
        self.answer_box = ipw.VBox(layout=ipw.Layout(width="100%"))
        self.send_button = FormButton(
            description="Send my answer", button_style="primary",
            tooltip="Send your answer to the room",
        )
        self.send_button.on_click(lambda _: self.send())
        self.status = ipw.HTML()
        self.feedback = ipw.HTML()
        #: the room's results, once the facilitator reveals them
        self.results = ipw.HTML()
        self.scenario_area = ipw.VBox(
            [self.question, self.answer_box, actions_row(self.send_button), self.status,
             self.results, self.feedback]
        )
        self.open_form = OpenAnswerForm(
            lambda question, text, show: self.calls.open_answer(self.code, question, text, show)
        )
        self.open_form.layout.display = "none"
        self.named = False
        self.room_area = ipw.VBox(
            [self.room_header, self.scenario_area, self.open_form],
            layout=ipw.Layout(display="none"),
        )
        self.ticker = Ticker(interval_ms=interval_ms, active=False)
        self.ticker.on_tick(self.refresh)
        super().__init__([self.join_form, self.room_area, self.ticker],
                         layout=ipw.Layout(width="100%"))
        self.add_class("mm-card")
        self.add_class("mm-participant-room")

    # -- public API ---------------------------------------------------------------------------

    def offer_code(self, code: str) -> None:
        """Fill in a join link's room code (``?room=``), unless one is typed already."""
        code = normalise_code(code[:40])
        if code and not self.joined and not self.code_input.value.strip():
            self.code_input.value = code
            self._offered = code

    _offered = ""

    def join(self) -> bool:
        """Join the room in the code field (or the join link's, when the field came back
        empty: a click sent before the page had the link's code carries an empty field);
        a clear message if that is not possible."""
        code = normalise_code(self.code_input.value) or self._offered
        if code and not self.code_input.value.strip():
            self.code_input.value = code
        if not code:
            self.join_status.value = html.message("Enter the room code first.", kind="info")
            return False
        if not self.calls.ready():
            self.join_status.value = html.message(
                "The page is still starting; try again in a moment.", kind="info"
            )
            return False
        try:
            room, number, refusal = self.calls.join(
                code, self.name_input.value, self.show_name.value
            )
        except (RoomError, TooLong) as error:
            self.join_status.value = html.message(str(error))
            return False
        except StorageError as error:
            self.join_status.value = html.message(f"Could not join the room ({error}).")
            return False
        if room is None:
            self.join_status.value = html.message(refusal)
            return False
        self.code = code
        name = clean_name(self.name_input.value)
        self.named = bool(name)
        shown = (
            html.text(name) if self.show_name.value and name
            else f"Participant {number} (anonymous)"
        )
        self.room_header.value = (
            f'<p class="mm-eyebrow">Room {html.text(code)}</p>'
            f'<h3 class="mm-title">{html.text(room.title)}</h3>'
            f"<p>You are in as <strong>{shown}</strong>. The question follows your "
            "facilitator's screen.</p>"
        )
        self.join_form.layout.display = "none"
        self.room_area.layout.display = ""
        self.joined = True
        self.ticker.active = True
        self.refresh()
        return True

    @property
    def choices(self):
        """The radio group of a single-choice scenario (None for other kinds)."""
        return getattr(self.answer, "radios", None)

    @property
    def checkboxes(self) -> list[ipw.Checkbox]:
        """The checkboxes of a multiple-choice scenario, in the order shown."""
        boxes = getattr(self.answer, "boxes", {})
        return [boxes[index] for index in self.order if index in boxes]

    def selected(self) -> tuple[int, ...]:
        """The answer now (content indices; a ranking's in the participant's order)."""
        return tuple(self.answer.value) if self.answer is not None and self.scenario else ()

    def send(self) -> bool:
        """Send the chosen answer to the room."""
        if self.scenario is None:
            return False
        chosen = self.selected()
        kind = self.scenario.question_kind
        if not chosen or kind.answer_problem(len(self.scenario.options), chosen):
            self.status.value = html.message("Choose an answer first.", kind="info")
            return False
        try:
            self.calls.answer(self.code, self.scenario.id, self.scenario.option_ids(chosen))
        except RoomError as error:
            self.status.value = html.message(str(error))
            room = self.calls.current(self.code)
            if room is None or room.closed:
                self._lock()
            else:
                self.refresh()  # the room has moved on: show the scenario it is on now
            return False
        except StorageError as error:
            self.status.value = html.message(
                f"Your answer could not be sent ({error}); please try again."
            )
            return False
        self.sent = True
        self.status.value = (
            '<p class="mm-score" role="status">Your answer is in. You can change it until the '
            "room moves on.</p>"
        )
        return True

    def refresh(self) -> None:
        """Follow the room: a new scenario, revealed feedback, or the room closing."""
        if not self.code:
            return
        room = self.calls.current(self.code)
        if room is None:
            self._say_to_all(html.message("The facilitator has deleted this room.", "info"))
            self._lock()
            return
        if room.current_scenario != self.scenario_id:
            self._show(room.current_scenario)
        if room.revealed != self._revealed:
            self._revealed = room.revealed
            self._show_feedback()
        self._show_results(room)
        self.scenario_area.layout.display = "none" if room.question else ""
        self.open_form.layout.display = "" if room.question else "none"
        if room.question:
            self.open_form.ask(room.question, room.question_text, self.named)
        if room.closed:
            self._say_to_all(html.message(
                "This room is closed: the facilitator has ended the session. Thank you "
                "for taking part.", kind="info",
            ))
            self._lock()

    def selections(self) -> list[tuple[str, ...]]:
        """The room's answers to the scenario on screen, read now: each participant's latest,
        as the option ids in the order sent."""
        if not self.code or not self.scenario_id:
            return []
        return self.calls.selections(self.code, self.scenario_id)

    # -- internals ----------------------------------------------------------------------------

    def _say_to_all(self, message: str) -> None:
        # the open question's form hides the scenario's status line: say it in both
        self.status.value = message
        self.open_form.status.value = message

    def _show_results(self, room: Room) -> None:
        scenario = self.scenario
        if scenario is None or not room.results_visible:
            self.results.value = ""
            return
        answers = self.calls.selections(self.code, scenario.id)
        summary = scenario.question_kind.summarise(scenario.options, answers)
        self.results.value = (
            '<h4 class="mm-subheading">The room\'s answers</h4>'
            + choice_chart_html(scenario, summary, (), self.order, mark_key=room.results_shown)
        )

    def _lock(self) -> None:
        self.open_form.lock()
        self.send_button.disabled = True
        if self.answer is not None:
            self.answer.disabled = True
        self.ticker.active = False

    def _show(self, scenario_id: str | None) -> None:
        self.scenario_id = scenario_id or ""
        self.scenario = self.course.scenarios.get(scenario_id) if scenario_id else None
        self.sent = False
        self.status.value = ""
        self.feedback.value = ""
        self.results.value = ""
        self._revealed = ()
        scenario = self.scenario
        if scenario is None:
            self.question.value = html.message("Waiting for the first scenario.", kind="info")
            return
        self.question.value = scenario_card(
            scenario, self.course.settings.get(scenario.setting, scenario.setting), level=4
        )
        # the room's one order, lettered as on the facilitator's screen; the answer is in
        # content indices whatever the order
        self.order = room_order(self.code, len(scenario.options), scenario.id)
        self.answer = answer_view(scenario.kind, scenario.question)
        self.answer.show([
            (f"{option_letter(position)}. {scenario.options[index].text}", index)
            for position, index in enumerate(self.order)
        ])
        self.answer_box.children = [self.answer]
        self.send_button.fields = self.answer.fields

    def _show_feedback(self) -> None:
        scenario = self.scenario
        if scenario is None or not self._revealed:
            self.feedback.value = ""
            return
        kind = scenario.question_kind
        items = "".join(
            f'<li class="mm-feedback-item mm-{scenario.options[i].rating}">'
            f'<span class="mm-feedback-head">{option_letter(position)}. '
            f"{html.text(kind.key_label(scenario.options[i]))}</span>"
            f"{html.text(scenario.options[i].feedback)}</li>"
            for position, i in enumerate(self.order) if i in self._revealed
        )
        self.feedback.value = (
            f'<h4 class="mm-subheading">Feedback shared by your facilitator</h4>'
            f'<ul class="mm-feedback-list">{items}</ul>'
        )
