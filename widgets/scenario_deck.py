"""ScenarioDeck: a module's scenarios one at a time, with progress and a running score."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as ipw
import traitlets

from . import html
from .models import Scenario
from .scenario_quiz import QuizAnswer, ScenarioQuiz


class ScenarioDeck(ipw.VBox):
    """Shows one :class:`ScenarioQuiz` at a time with Previous / Next and a summary.

    ``quizzes`` holds every quiz; ``index`` is the one on screen.
    """

    index = traitlets.Int(0, help="position of the scenario on screen")
    answered = traitlets.Int(0, help="how many scenarios have been checked at least once")
    total_score = traitlets.Float(0.0, help="sum of the best score of every scenario")

    def __init__(self, scenarios: Sequence[Scenario], settings: dict[str, str] | None = None):
        if not scenarios:
            raise ValueError("a scenario deck needs at least one scenario")
        settings = settings or {}
        self.quizzes = [
            ScenarioQuiz(scenario, setting_label=settings.get(scenario.setting))
            for scenario in scenarios
        ]
        for quiz in self.quizzes:
            quiz.on_answer(self._on_answer)
        self.progress_text = ipw.HTML("")
        self.progress_bar = ipw.IntProgress(
            value=0,
            min=0,
            max=len(self.quizzes),
            description="Answered",
            layout=ipw.Layout(width="16rem", max_width="100%"),
        )
        self.previous_button = ipw.Button(
            description="← Previous", tooltip="Go to the previous scenario"
        )
        self.next_button = ipw.Button(description="Next →", tooltip="Go to the next scenario")
        self.previous_button.on_click(lambda _button: self.go(self.index - 1))
        self.next_button.on_click(lambda _button: self.go(self.index + 1))
        self.stage = ipw.Box([self.quizzes[0]], layout=ipw.Layout(width="100%"))
        self.summary = ipw.HTML("")
        navigation = ipw.HBox(
            [self.previous_button, self.progress_text, self.next_button]
        )
        navigation.add_class("mm-deck-nav")
        super().__init__(
            [self.progress_bar, self.stage, navigation, self.summary],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-scenario-deck")
        self._refresh()

    @property
    def current(self) -> ScenarioQuiz:
        """The quiz on screen."""
        return self.quizzes[self.index]

    def go(self, index: int) -> None:
        """Show the scenario at ``index`` (clamped to the deck)."""
        self.index = max(0, min(index, len(self.quizzes) - 1))

    @traitlets.observe("index")
    def _index_changed(self, _change: dict) -> None:
        self.stage.children = [self.current]
        self._refresh()

    def restore(self, history: dict[str, tuple[int, float]]) -> None:
        """Apply earlier attempts: ``{scenario_id: (attempts, best_score)}``."""
        for quiz in self.quizzes:
            if quiz.scenario.id in history:
                quiz.restore(*history[quiz.scenario.id])
        self._on_answer(None)

    def _on_answer(self, answer: QuizAnswer | None) -> None:
        # called before the quiz updates itself, so count the new answer explicitly
        answered = {quiz.scenario.id for quiz in self.quizzes if quiz.attempts > 0}
        best = {quiz.scenario.id: quiz.best_score for quiz in self.quizzes}
        if answer is not None:
            answered.add(answer.scenario_id)
            best[answer.scenario_id] = max(best[answer.scenario_id], answer.score)
        self.answered = len(answered)
        self.total_score = sum(best.values())
        self._refresh()

    def _refresh(self) -> None:
        count = len(self.quizzes)
        self.progress_text.value = (
            f'<span class="mm-progress-text">Scenario {self.index + 1} of {count}</span>'
        )
        self.progress_bar.value = self.answered
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index == count - 1
        if self.answered:
            percent = round(100 * self.total_score / count)
            done = " All scenarios answered." if self.answered == count else ""
            self.summary.value = (
                f'<p class="mm-score">{self.answered} of {count} answered; '
                f"your best scores add up to {percent}% of the deck.{html.text(done)}</p>"
            )
