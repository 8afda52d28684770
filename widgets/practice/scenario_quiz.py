"""ScenarioQuiz: one scenario, its options, a Check button, feedback per option and a score."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import ipywidgets as ipw
import traitlets

from widgets.content.models import Scenario
from widgets.practice.answer_views import answer_view
from widgets.practice.scenario_card import scenario_card
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row


@dataclass(frozen=True)
class QuizAnswer:
    """What a learner answered when they clicked Check."""

    scenario_id: str
    selected: tuple[int, ...]
    option_ids: tuple[str, ...]
    score: float
    correct: bool
    attempt: int
    answered_at: datetime


class ScenarioQuiz(ipw.VBox):
    """A scenario question with radio buttons (single) or checkboxes (choose all that apply).

    Drive it through its public API: set :attr:`selected` (or the controls' values), call
    ``check_button.click()``, then read :attr:`score`, :attr:`checked` and ``feedback.value``.

    :attr:`selected` always holds indices in the content's order; :attr:`order` is only how
    the options are shown (``order[position]`` is the content index shown at ``position``),
    so a shuffled quiz scores and stores exactly like an unshuffled one.
    """

    order = traitlets.Tuple(help="content index of the option shown at each position")

    selected = traitlets.Tuple(help="indices of the options the learner has chosen")
    checked = traitlets.Bool(False, help="True once the current answer has been checked")
    score = traitlets.Float(0.0, help="score of the last checked answer, 0 to 1")
    best_score = traitlets.Float(0.0, help="best score over all attempts, 0 to 1")
    attempts = traitlets.Int(0, help="how many times the learner clicked Check")
    first_score = traitlets.Float(
        None, allow_none=True, help="score of the first answer, the one that counts"
    )
    revealed = traitlets.Bool(
        False, help="True once every option's feedback may be shown (best found, or asked for)"
    )

    def __init__(
        self,
        scenario: Scenario,
        *,
        setting_label: str | None = None,
        order: tuple[int, ...] | None = None,
        **kwargs,
    ):
        self.scenario = scenario
        #: the id of the scenario's heading on the page (where Next moves the focus)
        self.heading_id = f"t-{scenario.id}"
        self._answer_callbacks: list[Callable[[QuizAnswer], None]] = []
        self._syncing = False
        self.header = ipw.HTML(
            scenario_card(scenario, setting_label or scenario.setting, heading_id=self.heading_id)
        )
        #: the control the learner answers with (its kind's view)
        self.answer_area = answer_view(scenario.kind, scenario.question)
        self.answer_area.observe(self._on_answer_view, names="value")
        self.check_button = FormButton(
            description="Check answer",
            button_style="primary",
            tooltip="Check your answer and see why",
            disabled=True,
        )
        self.try_again_button = FormButton(
            description="Try again",
            tooltip="Clear your answer and try this scenario again (practice: your first answer "
            "is the one that counts)",
            layout=ipw.Layout(display="none"),
        )
        self.show_all_button = FormButton(
            description="Show me every option",
            tooltip="Show the feedback on every option, the best one included",
            layout=ipw.Layout(display="none"),
        )
        self.check_button.on_click(lambda _button: self.check())
        self.try_again_button.on_click(lambda _button: self.try_again())
        self.show_all_button.on_click(lambda _button: self.show_every_option())
        actions = actions_row(self.check_button, self.try_again_button, self.show_all_button)
        self.feedback = ipw.HTML("")
        self.score_label = ipw.HTML("")
        super().__init__(
            [self.header, self.answer_area, actions, self.feedback, self.score_label], **kwargs
        )
        self.add_class("mm-card")
        self.add_class("mm-scenario-quiz")
        self.order = tuple(order) if order is not None else tuple(range(len(scenario.options)))

    @property
    def choices(self):
        """The radio group of a single-choice quiz (None for other kinds)."""
        return getattr(self.answer_area, "radios", None)

    @property
    def checkboxes(self) -> list[ipw.Checkbox]:
        """The checkboxes of a multiple-choice quiz, in content order ([] for other kinds)."""
        boxes = getattr(self.answer_area, "boxes", {})
        return [boxes[index] for index in sorted(boxes)]

    # -- public API ---------------------------------------------------------------------

    def on_answer(self, callback: Callable[[QuizAnswer], None]) -> None:
        """Call ``callback(answer)`` every time the learner checks an answer."""
        self._answer_callbacks.append(callback)

    def check(self) -> QuizAnswer | None:
        """Score the current selection and show feedback; None if nothing is selected, or if
        this answer was checked already (Try again first: the button is disabled on the page,
        but a page can click it anyway)."""
        if self.checked:
            return None
        if not self.selected:
            self.feedback.value = html.message("Choose an answer first.", kind="info")
            return None
        scenario = self.scenario
        score = scenario.score(self.selected)
        answer = QuizAnswer(
            scenario_id=scenario.id,
            selected=scenario.question_kind.normalise(self.selected),
            option_ids=scenario.option_ids(self.selected),
            score=score,
            correct=score == 1.0,
            attempt=self.attempts + 1,
            answered_at=datetime.now(timezone.utc),
        )
        # Keep the answer before showing feedback: once the learner sees it, it is saved.
        for callback in self._answer_callbacks:
            callback(answer)
        self.attempts += 1
        if self.first_score is None:
            self.first_score = score
        self.score = score
        self.best_score = max(self.best_score, score)
        self.checked = True
        # a wrong answer shows its own feedback only, so that a retry still asks for judgment
        self.revealed = self.revealed or answer.correct
        self._set_locked(True)
        self.feedback.value = self._feedback_html()
        self.score_label.value = self._score_html()
        # Check is now disabled: keep keyboard focus on the next thing to do
        self.try_again_button.focus()
        return answer

    def show_every_option(self) -> None:
        """Show the feedback on every option (after a check), the best one included."""
        if not self.checked:
            return
        self.revealed = True
        self.feedback.value = self._feedback_html()
        self.show_all_button.layout.display = "none"
        self.try_again_button.focus()

    def restore(
        self, attempts: int, best_score: float, first_correct: bool | None = None
    ) -> None:
        """Show what the learner achieved on an earlier visit (no feedback is re-shown);
        ``first_correct``: whether their first answer, the one that counts, was right."""
        self.attempts = attempts
        self.best_score = best_score
        if attempts and first_correct is not None:
            self.first_score = 1.0 if first_correct else 0.0
            self.revealed = self.revealed or best_score == 1.0
        if attempts:
            first = (
                "" if first_correct is None
                else "first answer: best. " if first_correct
                else "first answer: not the best. "
            )
            self.score_label.value = (
                f'<p class="mm-score">Answered before: {first}'
                f"Best {round(best_score * 100)}% over {attempts} "
                f"attempt{'s' if attempts != 1 else ''}.</p>"
            )

    def try_again(self) -> None:
        """Clear the selection and the feedback; attempts and best score are kept."""
        self.checked = False
        self.selected = ()
        self.feedback.value = ""
        self.score_label.value = ""
        self.answer_area.clear()
        self._set_locked(False)
        self.answer_area.focus()

    # -- internals ----------------------------------------------------------------------

    @traitlets.validate("order")
    def _valid_order(self, proposal: dict) -> tuple[int, ...]:
        order = tuple(proposal["value"])
        if sorted(order) != list(range(len(self.scenario.options))):
            raise traitlets.TraitError(f"order: not a permutation of the options: {order}")
        return order

    @traitlets.observe("order")
    def _order_changed(self, change: dict) -> None:
        options = self.scenario.options
        # labels carry content indices, so the answer survives a new order
        self.answer_area.show([(options[index].text, index) for index in change["new"]])
        self.check_button.fields = self.answer_area.fields
        if self.checked:
            self.feedback.value = self._feedback_html()

    @traitlets.validate("selected")
    def _valid_selection(self, proposal: dict) -> tuple[int, ...]:
        kind = self.scenario.question_kind
        problem = kind.answer_problem(len(self.scenario.options), proposal["value"])
        if problem:
            raise traitlets.TraitError(f"selected: {problem}: {proposal['value']}")
        return kind.normalise(proposal["value"])

    @traitlets.observe("selected")
    def _selected_changed(self, change: dict) -> None:
        self._syncing = True
        try:
            self.answer_area.value = change["new"]
        finally:
            self._syncing = False
        self.check_button.disabled = self.checked or not change["new"]

    def _on_answer_view(self, change: dict) -> None:
        if not self._syncing:
            self.selected = change["new"]

    def _set_locked(self, locked: bool) -> None:
        self.answer_area.disabled = locked
        self.check_button.disabled = locked or not self.selected
        self.try_again_button.layout.display = "" if locked else "none"
        self.show_all_button.layout.display = "" if locked and not self.revealed else "none"

    def _score_html(self) -> str:
        percent = round(self.score * 100)
        if self.attempts == 1:
            return (
                f'<p class="mm-score">Score: {percent}%. This first answer is the one that '
                "counts; any later try is practice.</p>"
            )
        first = "the best" if self.first_score == 1.0 else "not the best"
        return (
            f'<p class="mm-score">Practice try {self.attempts}: {percent}%. Your first '
            f"answer ({first}) is the one that counts.</p>"
        )

    def _verdict(self) -> str:
        kind = self.scenario.question_kind
        if self.score == 1.0:
            return kind.well_done
        start = "Part of the way there." if self.score > 0 else "Not this time."
        note = kind.progress_note(self.scenario.options, self.selected)
        shown = any(kind.shows_feedback(index, self.selected) for index in self.order)
        then = "Read why below, then try again" if shown else "Try again"
        return " ".join(filter(None, [start, note, f"{then}, or ask to see every option."]))

    def _feedback_html(self) -> str:
        kind = self.scenario.question_kind
        options = self.scenario.options
        items = []
        for index in self.order:
            option = options[index]
            chosen = index in self.selected
            if not (kind.shows_feedback(index, self.selected) or self.revealed):
                continue
            icon, label, css = kind.verdict(options, index, self.selected)
            mark = kind.choice_mark(index, self.selected)
            items.append(
                f'<li class="mm-feedback-item mm-{css}{" mm-chosen" if chosen else ""}">'
                f'<span class="mm-feedback-head"><span aria-hidden="true">{icon}</span> '
                f"{html.text(label)}{mark}</span>"
                f'<span class="mm-feedback-option">{html.text(option.text)}</span>'
                f"{html.text(option.feedback)}</li>"
            )
        return (
            f'<div role="status"><p class="mm-verdict">{html.text(self._verdict())}</p>'
            f'<ul class="mm-feedback-list">{"".join(items)}</ul></div>'
        )
