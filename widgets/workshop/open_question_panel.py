"""OpenQuestionPanel: the facilitator puts an open question to the room and moderates its
answers (show or hide each; with approval on, nothing shows until approved)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import ipywidgets as ipw

from widgets.content.models import Course
from widgets.limits import QUESTION_MAX, TooLong
from widgets.store.records import RoomError
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row
from widgets.ui.text_box import TextBox

if TYPE_CHECKING:
    from widgets.store import OpenAnswer, Room


def plan_prompts(course: Course, workshop_id: str) -> list[tuple[str, str]]:
    """The open questions a workshop plan offers: its segments' questions, its scenarios'
    discussion prompts and its worksheet, each with where it comes from."""
    workshop = course.workshops.get(workshop_id)
    if workshop is None:
        return []
    prompts = [(segment.title, q) for segment in workshop.segments for q in segment.questions]
    for scenario_id in workshop.scenario_ids():
        scenario = course.scenarios.get(scenario_id)
        if scenario is not None:
            prompts += [(scenario.title, q) for q in scenario.discussion]
    return prompts + [("Worksheet", q) for q in workshop.worksheet]


class OpenQuestionPanel(ipw.VBox):
    """Pick a prompt of the workshop plan (or type one), ask the room, moderate the answers.

    ``prompts`` are (where it comes from, the prompt) pairs; ``ask(text)`` puts a question to
    the room and ``end()`` takes it off; ``moderate(answer_id, shown)``. :meth:`show` redraws
    for the room and its answers. Drive it with ``prompt_choice.value``, ``question_box``,
    ``ask_button``, ``end_button`` and the checkboxes in :attr:`moderation`.
    """

    def __init__(
        self,
        prompts: Sequence[tuple[str, str]],
        ask: Callable[[str], int],
        end: Callable[[], None],
        moderate: Callable[[int, bool], None],
    ):
        self._ask_room, self._end_question, self._moderate_answer = ask, end, moderate
        self.prompt_choice = ipw.Dropdown(
            options=[("Choose a prompt from the plan…", "")]
            + [(f"{source}: {prompt}", prompt) for source, prompt in prompts],
            value="", description="Prompt", layout=ipw.Layout(width="auto", max_width="100%"),
        )
        self.prompt_choice.style.description_width = "initial"
        self.question_box = TextBox(
            description=f"Question to ask the room (up to {QUESTION_MAX} characters)", rows=2,
            placeholder="Pick a prompt above, or type your own question",
        )
        self.prompt_choice.observe(self._use_prompt, names="value")
        self.ask_button = FormButton(description="Ask the room", button_style="primary",
                                     tooltip="Put this open question on the room's screens")
        self.ask_button.fields = [self.question_box]
        self.ask_button.on_click(lambda _: self.ask())
        self.end_button = FormButton(description="Back to the scenario",
                                     tooltip="Take the open question off the screens")
        self.end_button.on_click(lambda _: self._end_question())
        self.status = ipw.HTML()
        self.now = ipw.HTML()
        self.moderation = ipw.VBox()
        self.moderation.add_class("mm-moderation")
        self._boxes: dict[int, ipw.Checkbox] = {}
        #: each answer's moderation as last read (a box set to it is not a new decision)
        self._shown: dict[int, bool] = {}
        super().__init__([
            ipw.HTML('<h4 class="mm-subheading">Open question</h4><p class="mm-hint">Answers '
                     "are anonymous unless a participant chooses to show their name. Untick "
                     "an answer to take it off the wall.</p>"),
            self.prompt_choice, self.question_box,
            actions_row(self.ask_button, self.end_button), self.status, self.now,
            self.moderation,
        ])
        self.add_class("mm-open-question-panel")

    def ask(self) -> bool:
        """Ask the room the question in the box."""
        try:
            self._ask_room(self.question_box.value)
        except (RoomError, TooLong) as error:
            self.status.value = html.message(str(error))
            return False
        self.status.value = ""
        return True

    def show(self, room: Room, answers: Sequence[OpenAnswer]) -> None:
        """Redraw for the room's open question and its answers (all of them, with their
        moderation), keeping the checkboxes already drawn."""
        self.end_button.disabled = not room.question
        self.ask_button.disabled = room.closed
        if not room.question:
            self.now.value = ""
            self.moderation.children = []
            self._boxes = {}
            return
        waiting = sum(answer.status == "waiting" for answer in answers)
        self.now.value = (
            f'<p class="mm-score" role="status">On the screens: '
            f"<q>{html.text(room.question_text)}</q> · {len(answers)} "
            f'{"answer" if len(answers) == 1 else "answers"}'
            + (f", {waiting} waiting for your approval" if waiting else "") + "</p>"
        )
        boxes = {}
        for answer in answers:
            box = self._boxes.get(answer.id)
            if box is None:
                box = ipw.Checkbox(
                    value=answer.status == "shown", indent=False,
                    description=f"{answer.participant}: {answer.text}",
                    layout=ipw.Layout(width="auto"),
                )
                box.observe(
                    lambda change, answer_id=answer.id: self._on_tick_box(answer_id, change),
                    names="value",
                )
            self._shown[answer.id] = answer.status == "shown"
            box.value = answer.status == "shown"
            boxes[answer.id] = box
        self._boxes = boxes
        children = list(boxes.values())
        if tuple(children) != self.moderation.children:
            self.moderation.children = children

    def _on_tick_box(self, answer_id: int, change: dict) -> None:
        shown = bool(change["new"])
        if self._shown.get(answer_id) != shown:
            self._shown[answer_id] = shown
            self._moderate_answer(answer_id, shown)

    def _use_prompt(self, change: dict) -> None:
        if change["new"]:
            self.question_box.value = str(change["new"])[:QUESTION_MAX]
