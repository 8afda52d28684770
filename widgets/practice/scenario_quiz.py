"""ScenarioQuiz: one scenario, its options, a Check button, feedback per option and a score."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import ipywidgets as ipw
import traitlets

from widgets.content.models import Scenario
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.radio_group import RadioGroup
from widgets.ui.style import actions_row

RATING_LABELS = {
    "best": ("✔", "Strong choice"),
    "partial": ("◐", "Partly there"),
    "miss": ("✘", "Misses the moment"),
}
MULTIPLE_LABELS = {
    True: ("✔", "Right call"),
    False: ("✘", "Not quite"),
}


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
        heading = html.text(scenario.title)
        eyebrow = html.text(setting_label or scenario.setting)
        multiple_hint = (
            '<p class="mm-hint">Choose all that apply.</p>' if scenario.kind == "multiple" else ""
        )
        self.header = ipw.HTML(
            f'<p class="mm-eyebrow">{eyebrow}</p>'
            f'<h3 class="mm-title" id="{self.heading_id}" tabindex="-1">{heading}</h3>'
            f'<div class="mm-situation">{html.paragraphs(scenario.situation)}</div>'
            f'<p class="mm-question" id="q-{html.text(scenario.id)}">'
            f"{html.text(scenario.question)}</p>{multiple_hint}"
        )
        if scenario.kind == "single":
            self.choices: RadioGroup | None = RadioGroup(
                description=scenario.question,
                hide_description=True,
                layout=ipw.Layout(width="100%"),
            )
            self.choices.observe(self._on_radio, names="value")
            #: one checkbox per option, in content order (multiple choice only)
            self.checkboxes: list[ipw.Checkbox] = []
            self.answer_area = ipw.VBox([self.choices], layout=ipw.Layout(width="100%"))
        else:
            self.choices = None
            self.checkboxes = [
                ipw.Checkbox(value=False, description=option.text, indent=False)
                for option in scenario.options
            ]
            for box in self.checkboxes:
                box.observe(self._on_checkbox, names="value")
            self.answer_area = ipw.VBox([], layout=ipw.Layout(width="100%"))
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
        self.check_button.fields = list(self.checkboxes)
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
            selected=tuple(sorted(self.selected)),
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
        self._set_locked(False)
        if self.choices is not None:
            self.choices.focus()
        elif self.checkboxes:
            self.checkboxes[0].focus()

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
        if self.choices is not None:
            self._syncing = True
            try:
                # values are content indices, so the chosen option survives a new order
                self.choices.options = [(options[index].text, index) for index in change["new"]]
                self.choices.value = self.selected[0] if self.selected else None
            finally:
                self._syncing = False
        else:
            self.answer_area.children = [self.checkboxes[index] for index in change["new"]]
        if self.checked:
            self.feedback.value = self._feedback_html()

    @traitlets.observe("selected")
    def _selected_changed(self, change: dict) -> None:
        selected = tuple(sorted(set(change["new"])))
        if any(not 0 <= index < len(self.scenario.options) for index in selected):
            raise traitlets.TraitError(f"selected: option index out of range: {selected}")
        if self.scenario.kind == "single" and len(selected) > 1:
            raise traitlets.TraitError("selected: a single-choice scenario takes one option")
        if selected != change["new"]:
            self.selected = selected
            return
        self._syncing = True
        try:
            if self.choices is not None:
                self.choices.value = selected[0] if selected else None
            for index, box in enumerate(self.checkboxes):
                box.value = index in selected
        finally:
            self._syncing = False
        self.check_button.disabled = self.checked or not selected

    def _on_radio(self, change: dict) -> None:
        if not self._syncing:
            self.selected = () if change["new"] is None else (change["new"],)

    def _on_checkbox(self, _change: dict) -> None:
        if not self._syncing:
            self.selected = tuple(i for i, box in enumerate(self.checkboxes) if box.value)

    def _set_locked(self, locked: bool) -> None:
        if self.choices is not None:
            self.choices.disabled = locked
        for box in self.checkboxes:
            box.disabled = locked
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
        if self.score == 1.0:
            return "Well done: that is the response that fits the practice best."
        if self.score > 0:
            return (
                "Part of the way there. Read why below, then try again, or ask to see every "
                "option."
            )
        return "Not this time. Read why below, then try again, or ask to see every option."

    def _feedback_html(self) -> str:
        items = []
        for index in self.order:
            option = self.scenario.options[index]
            chosen = index in self.selected
            if not (chosen or self.revealed):
                continue
            if self.scenario.kind == "single":
                icon, label = RATING_LABELS[option.rating]
                css = option.rating
            else:
                right = chosen == (option.rating == "best")
                icon, label = MULTIPLE_LABELS[right]
                label += ": " + ("choose it" if option.rating == "best" else "leave it out")
                css = "best" if right else "miss"
            mark = " (your choice)" if chosen else ""
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
