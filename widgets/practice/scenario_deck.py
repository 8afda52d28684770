"""ScenarioDeck: a module's scenarios one at a time, with progress and the first answers'
score (the first try at each scenario counts; later tries are practice)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as ipw
import traitlets

from widgets.content.models import Course, Module, Scenario
from widgets.practice.scenario_quiz import QuizAnswer, ScenarioQuiz
from widgets.ui import html
from widgets.ui.focus_mover import FocusMover
from widgets.ui.form_button import FormButton
from widgets.ui.shuffle import stable_order


class ScenarioDeck(ipw.VBox):
    """Shows one :class:`ScenarioQuiz` at a time with Previous / Next and a summary.

    ``scenarios`` holds every scenario; ``index`` is the one on screen. A quiz is built the
    first time it is shown (``quiz(i)``), so a page opens with one quiz's widgets, not a
    whole module's; progress and score are kept by the deck for built and unbuilt quizzes.

    Each quiz shows its options in an order drawn from ``seed`` (the learner's id) and the
    scenario, so two learners see different orders and one learner always the same. With
    ``seed=None`` (the learner is not known yet) no quiz is shown until :meth:`shuffle_for`:
    a quiz is only ever put on the page already in its learner's order.
    """

    index = traitlets.Int(0, help="position of the scenario on screen")
    answered = traitlets.Int(0, help="how many scenarios have been checked at least once")
    total_score = traitlets.Float(0.0, help="sum of the best score of every scenario")
    first_best = traitlets.Int(0, help="scenarios whose first answer was the best one")

    def __init__(
        self,
        scenarios: Sequence[Scenario],
        settings: dict[str, str] | None = None,
        seed: str | None = "",
        next_step: str = "",
        next_module: tuple[str, str] | None = None,
    ):
        if not scenarios:
            raise ValueError("a scenario deck needs at least one scenario")
        self.scenarios: tuple[Scenario, ...] = tuple(scenarios)
        self.seed = seed
        #: what the end screen points to: the rest of this page, and the module after it
        #: as ``(title, notebook)``
        self.next_step = next_step
        self.next_module = next_module
        self._settings = dict(settings or {})
        self._built: dict[int, ScenarioQuiz] = {}
        self._answer_callbacks: list[Callable[[QuizAnswer], None]] = []
        # scenario id -> (attempts, best score, first answer right), built or not
        self._history: dict[str, tuple[int, float, bool]] = {}
        self.progress_text = ipw.HTML("")
        self.progress_bar = ipw.IntProgress(
            value=0,
            min=0,
            max=len(self.scenarios),
            description="Answered",
            layout=ipw.Layout(width="16rem", max_width="100%"),
        )
        self.previous_button = FormButton(
            description="← Previous", tooltip="Go to the previous scenario"
        )
        self.next_button = FormButton(description="Next →", tooltip="Go to the next scenario")
        self.previous_button.on_click(lambda _button: self.step(-1))
        self.next_button.on_click(lambda _button: self.step(+1))
        #: brings the new scenario's heading into view, with the focus, after Next/Previous
        self.focus = FocusMover()
        self.stage = ipw.Box(
            [self.quiz(0)] if seed is not None else [], layout=ipw.Layout(width="100%")
        )
        self.summary = ipw.HTML("")
        navigation = ipw.HBox([self.previous_button, self.progress_text, self.next_button])
        navigation.add_class("mm-deck-nav")
        super().__init__(
            [self.progress_bar, self.stage, navigation, self.summary, self.focus],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-scenario-deck")
        self._refresh()

    # -- public API ---------------------------------------------------------------------

    def quiz(self, index: int) -> ScenarioQuiz:
        """The quiz of the scenario at ``index``, built on first use."""
        if index not in self._built:
            scenario = self.scenarios[index]
            quiz = ScenarioQuiz(
                scenario,
                setting_label=self._settings.get(scenario.setting),
                order=self.order_for(scenario),
            )
            if scenario.id in self._history:
                quiz.restore(*self._history[scenario.id])
            quiz.on_answer(self._on_answer)
            for callback in self._answer_callbacks:
                quiz.on_answer(callback)
            self._built[index] = quiz
        return self._built[index]

    @property
    def quizzes(self) -> list[ScenarioQuiz]:
        """Every quiz of the deck (builds the ones not shown yet)."""
        return [self.quiz(index) for index in range(len(self.scenarios))]

    @property
    def built(self) -> list[int]:
        """Positions of the quizzes built so far (shown at least once, or asked for)."""
        return sorted(self._built)

    @property
    def current(self) -> ScenarioQuiz:
        """The quiz on screen."""
        return self.quiz(self.index)

    def order_for(self, scenario: Scenario) -> tuple[int, ...]:
        """The order this deck's learner sees the scenario's options in."""
        return stable_order(len(scenario.options), self.seed or "", scenario.id)

    def shuffle_for(self, seed: str) -> None:
        """Show every quiz in the order of ``seed`` (a learner's id), built or not."""
        first = self.seed is None
        self.seed = seed
        if first:
            self.stage.children = [self.current]
        for quiz in self._built.values():
            quiz.order = self.order_for(quiz.scenario)

    def on_answer(self, callback: Callable[[QuizAnswer], None]) -> None:
        """Call ``callback(answer)`` whenever the learner checks an answer in any quiz."""
        self._answer_callbacks.append(callback)
        for quiz in self._built.values():
            quiz.on_answer(callback)

    def go(self, index: int) -> None:
        """Show the scenario at ``index`` (clamped to the deck)."""
        self.index = max(0, min(index, len(self.scenarios) - 1))

    def step(self, by: int) -> None:
        """Previous (-1) or Next (+1), as the buttons do: the new scenario's heading comes
        into view with the keyboard focus on it."""
        before = self.index
        self.go(self.index + by)
        if self.index != before and self.seed is not None:
            self.focus.move_to(self.current.heading_id)

    def restore(self, history: dict[str, tuple]) -> None:
        """Apply earlier attempts, ``{scenario_id: (attempts, best_score, first_correct)}``
        (``first_correct`` may be left out: then it is taken as ``best_score == 1``), and
        open the first scenario not answered yet."""
        known = {scenario.id for scenario in self.scenarios}
        for scenario_id, (attempts, best, *first) in history.items():
            if scenario_id in known:
                self._history[scenario_id] = (attempts, best, first[0] if first else best == 1)
        for quiz in self._built.values():
            if quiz.scenario.id in self._history:
                quiz.restore(*self._history[quiz.scenario.id])
        self._recount()
        self.go(self.first_unanswered())

    def first_unanswered(self) -> int:
        """The position of the first scenario not answered yet (the last when all are)."""
        for index, scenario in enumerate(self.scenarios):
            if self._history.get(scenario.id, (0,))[0] == 0:
                return index
        return len(self.scenarios) - 1

    # -- internals ----------------------------------------------------------------------

    @traitlets.observe("index")
    def _index_changed(self, _change: dict) -> None:
        if self.seed is not None:  # no quiz before its learner is known
            self.stage.children = [self.current]
        self._refresh()

    def _on_answer(self, answer: QuizAnswer) -> None:
        # called before the quiz updates itself, so the deck counts the new answer here
        attempts, best, first = self._history.get(answer.scenario_id, (0, 0.0, answer.correct))
        self._history[answer.scenario_id] = (attempts + 1, max(best, answer.score), first)
        self._recount()

    def _recount(self) -> None:
        tried = [entry for entry in self._history.values() if entry[0] > 0]
        self.answered = len(tried)
        self.total_score = sum(best for _attempts, best, _first in tried)
        self.first_best = sum(1 for _attempts, _best, first in tried if first)
        self._refresh()

    def _refresh(self) -> None:
        count = len(self.scenarios)
        self.progress_text.value = (
            f'<span class="mm-progress-text">Scenario {self.index + 1} of {count}</span>'
        )
        self.progress_bar.value = self.answered
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index == count - 1
        if self.answered == count:
            self.summary.value = self._end_html()
        elif self.answered:
            self.summary.value = (
                f'<p class="mm-score">{self.answered} of {count} answered · first answers: '
                f"{self.first_best} of {self.answered} best.</p>"
                '<p class="mm-hint">Your first answer to each scenario is the one that counts; '
                "later tries are practice.</p>"
            )

    def _end_html(self) -> str:
        """The end screen: the first answers' result, and what comes next."""
        count = len(self.scenarios)
        lines = [
            f'<p class="mm-score">{count} of {count} answered · first answers: '
            f"{self.first_best} of {count} best. All scenarios answered.</p>",
            '<p class="mm-hint">Your first answer to each scenario is the one that counts; '
            "later tries are practice, and the review page brings these scenarios back.</p>",
        ]
        if self.next_step:
            lines.append(f"<p><strong>Next:</strong> {html.text(self.next_step)}</p>")
        if self.next_module is not None:
            title, notebook = self.next_module
            lines.append(
                f'<p><a class="mm-next-link" href="{html.text(notebook)}">Then the next '
                f"module: {html.text(title)} →</a></p>"
            )
        return (
            '<section class="mm-deck-end" role="status" aria-label="Scenarios done">'
            '<h4 class="mm-subheading">Scenarios done</h4>' + "".join(lines) + "</section>"
        )


def rest_of_page(course: Course, module: Module) -> str:
    """What follows a module's scenarios on its page, for the deck's end screen."""
    parts = []
    if module.conversation and module.conversation in course.conversations:
        person = course.conversations[module.conversation].person.name.split()[0]
        parts.append(f"the conversation with {person} below")
    if module.exercises:
        parts.append("a practice exercise")
    if module.reflections:
        parts.append("a few questions to reflect on")
    if not parts:
        return ""
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:] + "."
