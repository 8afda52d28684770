"""IfThenPlanner: the short if-then plan that ends a practice module.

"When <situation>, I will <micro-moment>": the learner picks a situation from the practice's
suggestions (``situations`` in ``content/course.yaml``) or writes their own, and names the
micro-moment. Gentle checks: both parts are needed to save; a part that reads as vague gets a
tip, and is kept all the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import ipywidgets as ipw

from widgets.content.models import Practice
from widgets.identity.session import LearnerSession
from widgets.limits import PLAN_PART_MAX, length_problem
from widgets.store.records import IfThenPlan
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row

OWN = "__own__"
#: words that alone do not say what will happen (a part made only of them is vague)
VAGUE = {
    "be", "more", "better", "nicer", "try", "to", "i", "will", "a", "the", "good", "kind",
    "things", "stuff", "something", "people", "someone", "always", "it", "do", "lot",
    "listen", "care", "improve", "generally", "positive", "work", "on",
}
_LEADING = re.compile(r"^\s*(when|whenever|if)\b[\s,]*", re.IGNORECASE)
_WILL = re.compile(r"^\s*(then\s+)?(i\s+will|i'll|i\s+am\s+going\s+to)\b[\s,]*", re.IGNORECASE)


def tidy_situation(text: str) -> str:
    """The situation without a leading "When" or "If" and a final full stop or comma."""
    return _LEADING.sub("", text).strip().rstrip(".,;").strip()


def tidy_action(text: str) -> str:
    """The micro-moment without a leading "I will" and a final full stop."""
    return _WILL.sub("", text).strip().rstrip(".;").strip()


def plan_problems(situation: str, action: str) -> tuple[list[str], list[str]]:
    """``(blocking, tips)`` for a plan: a missing part blocks saving; a vague one gets a tip."""
    blocking, tips = [], []
    if not situation:
        blocking.append("Pick or write the situation: when will you use the practice?")
    if not action:
        blocking.append("Write the micro-moment: what will you say or do?")
    for part, what in ((situation, "The situation"), (action, "The micro-moment")):
        problem = length_problem(part, PLAN_PART_MAX, what)
        if problem:
            blocking.append(problem)
    if blocking:
        return blocking, tips
    if _specific_words(situation) < 2:
        tips.append(
            "Make the situation easy to recognise: a place, a time or a person "
            "(\"the Monday stand-up\", \"when Priya sends the rota\")."
        )
    if _specific_words(action) < 3:
        tips.append(
            "Say what you will actually do or say, in words you could repeat "
            "(\"thank her by name for the handover notes\")."
        )
    return blocking, tips


def _specific_words(text: str) -> int:
    return sum(1 for word in re.findall(r"[\w']+", text.lower()) if word not in VAGUE)


class IfThenPlanner(ipw.VBox):
    """Pick or write a situation, name the micro-moment, save the plan for this practice.

    For the session's current learner, ``load`` reads their plan for this practice (None
    if they have none) and ``on_save`` keeps one (situation, micro-moment); it may raise
    the store's errors, which the session's notice then reports.
    """

    def __init__(
        self,
        practice: Practice,
        session: LearnerSession,
        load: Callable[[], IfThenPlan | None],
        on_save: Callable[[str, str], None],
    ):
        self.practice = practice
        self.session = session
        self.load = load
        self.on_save = on_save
        self.situation = ipw.Dropdown(
            options=[(text, text) for text in practice.situations]
            + [("Something else: I will write my own", OWN)],
            description="When…",
            layout=ipw.Layout(width="100%"),
        )
        self.own_situation = ipw.Text(continuous_update=False,
            description="My situation",
            placeholder="e.g. the Thursday planning call starts",
            layout=ipw.Layout(width="100%"),
        )
        self.action = ipw.Text(continuous_update=False,
            description="I will…",
            placeholder="the micro-moment, e.g. thank Sam by name for the prep work",
            layout=ipw.Layout(width="100%"),
        )
        self.preview = ipw.HTML("")
        self.save_button = FormButton(
            description="Save my plan", button_style="primary",
            fields=[self.situation, self.own_situation, self.action],
        )
        self.status = ipw.HTML("")
        self.situation.observe(lambda _change: self._update(), names="value")
        self.own_situation.observe(lambda _change: self._update(), names="value")
        self.action.observe(lambda _change: self._update(), names="value")
        self.save_button.on_click(lambda _button: self.save())
        super().__init__(
            [
                ipw.HTML(
                    f'<h3 class="mm-title">My if-then plan: {html.text(practice.title)}</h3>'
                    '<p class="mm-hint">Pick a moment that comes up every week, then the '
                    "few seconds you will use it for.</p>"
                ),
                self.situation, self.own_situation, self.action, self.preview,
                actions_row(self.save_button, self.status),
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-plan")
        self._update()
        session.on_learner(self.refresh)

    def chosen_situation(self) -> str:
        """The situation as it will be kept."""
        raw = self.own_situation.value if self.situation.value == OWN else self.situation.value
        return tidy_situation(raw or "")

    def sentence(self) -> str:
        """The plan as one sentence ('' until both parts are there)."""
        situation, action = self.chosen_situation(), tidy_action(self.action.value)
        return f"When {situation}, I will {action}." if situation and action else ""

    def save(self) -> bool:
        """Keep the plan (False, with the reason shown, if a part is missing or too long)."""
        situation, action = self.chosen_situation(), tidy_action(self.action.value)
        blocking, tips = plan_problems(situation, action)
        if blocking:
            self.status.value = html.message(" ".join(blocking), kind="info")
            return False
        if not self.session.run_storage(
            lambda: self.on_save(situation, action), "Your plan could not be saved"
        ):
            return False
        tip = f" Tip: {' '.join(tips)}" if tips else ""
        self.status.value = (
            f'<p class="mm-score" role="status">Plan saved.{html.text(tip)}</p>'
        )
        return True

    def refresh(self) -> None:
        """Show the learner's saved plan for this practice, if any."""
        plan = self.load()
        if plan is None:  # a new learner, or one who deleted their data
            self.own_situation.value = ""
            self.action.value = ""
            self.status.value = ""
            return
        if plan.situation in self.practice.situations:
            self.situation.value = plan.situation
            self.own_situation.value = ""
        else:
            self.situation.value = OWN
            self.own_situation.value = plan.situation
        self.action.value = plan.action

    def _update(self) -> None:
        own = self.situation.value == OWN
        self.own_situation.layout.display = "" if own else "none"
        sentence = self.sentence()
        self.preview.value = (
            f'<p class="mm-plan-sentence">{html.text(sentence)}</p>' if sentence else ""
        )
