"""ReviewDeck: the review page's scenarios, new ones first, then the ones due again."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as ipw

from widgets.content.models import Scenario
from widgets.practice.scenario_deck import ScenarioDeck
from widgets.practice.scenario_quiz import QuizAnswer
from widgets.ui import html


class ReviewDeck(ipw.VBox):
    """An introduction and a :class:`ScenarioDeck` of the scenarios to review.

    The scenarios are only known once the learner is, so the deck is put in by :meth:`load`
    (again after a switch of learner); callbacks given to :meth:`on_answer` follow it.
    """

    def __init__(self, settings: dict[str, str] | None = None):
        self._settings = dict(settings or {})
        self._callbacks: list[Callable[[QuizAnswer], None]] = []
        self.intro = ipw.HTML('<p class="mm-hint">Loading your reviews…</p>')
        self.deck: ScenarioDeck | None = None
        self.stage = ipw.Box(layout=ipw.Layout(width="100%"))
        super().__init__([self.intro, self.stage], layout=ipw.Layout(width="100%"))
        self.add_class("mm-review")

    def load(
        self, scenarios: Sequence[Scenario], due: int, seed: str, next_due: str = ""
    ) -> None:
        """Show ``scenarios`` (the first ``len - due`` are new to the learner), or say that
        nothing is due and when the next review falls (``next_due``, plain text)."""
        if not scenarios:
            self.deck = None
            self.stage.children = []
            later = f" Your next review is due on {html.text(next_due)}." if next_due else (
                " Answer the scenarios in a practice module, and they come back here on a "
                "spaced schedule."
            )
            self.intro.value = (
                f'<p class="mm-review-status">Nothing is due for review.{later}</p>'
                '<p><a class="mm-next-link" href="00_home.ipynb">Back to the course home</a></p>'
            )
            return
        new = len(scenarios) - due
        parts = [f"{due} scenario{'s' if due != 1 else ''} due for review"]
        if new:
            parts.insert(0, f"{new} new scenario{'s' if new != 1 else ''} first")
        self.intro.value = (
            f'<p class="mm-review-status">{html.text(", then ".join(parts))}. The practices '
            "are mixed, so read each situation afresh before you choose.</p>"
        )
        self.deck = ScenarioDeck(scenarios, self._settings, seed=seed)
        for callback in self._callbacks:
            self.deck.on_answer(callback)
        self.stage.children = [self.deck]

    def on_answer(self, callback: Callable[[QuizAnswer], None]) -> None:
        """Call ``callback(answer)`` whenever a scenario in the review is checked."""
        self._callbacks.append(callback)
        if self.deck is not None:
            self.deck.on_answer(callback)
