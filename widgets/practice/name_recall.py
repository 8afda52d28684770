"""NameRecall: meet a small team, then greet each person by name and recall their detail."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as ipw
import traitlets

from widgets.content.models import NameRecallExercise, TeamMember
from widgets.limits import RECALL_ANSWER_MAX
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row

DONT_REMEMBER = "I don't remember"


def _plain(name: str) -> str:
    """A name without accents, case or extra spaces, for a forgiving comparison."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join(
        "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split()
    )


def name_match(typed: str, member: TeamMember) -> str:
    """``right``, ``close`` (a small spelling slip) or ``wrong`` for a typed first name."""
    wanted = _plain(member.name)
    first = wanted.split()[0]
    got = _plain(typed)
    if not got:
        return "wrong"
    if got in (wanted, first):
        return "right"
    ratio = max(
        difflib.SequenceMatcher(None, got, first).ratio(),
        difflib.SequenceMatcher(None, got, wanted).ratio(),
    )
    return "close" if ratio >= 0.75 else "wrong"


@dataclass(frozen=True)
class RecallScore:
    """How many names and details the learner recalled."""

    exercise_id: str
    names_right: int
    details_right: int
    people: int


class NameRecall(ipw.VBox):
    """Two steps: meet the team (cards), then greet each person, shown by their role.

    Drive it with ``ready_button.click()``, then fill ``name_inputs[i]`` and
    ``detail_choices[i]`` and call ``check_button.click()``; read :attr:`names_right`.
    """

    stage = traitlets.Enum(("meet", "recall", "done"), "meet")
    names_right = traitlets.Int(0)
    details_right = traitlets.Int(0)

    def __init__(self, exercise: NameRecallExercise):
        self.exercise = exercise
        team = exercise.team
        # recall in a different order from the introductions, but the same every time
        self.recall_order = [team[(i * 2 + 1) % len(team)] for i in range(len(team))]
        if len({m.name for m in self.recall_order}) != len(team):
            self.recall_order = list(reversed(team))
        self._callbacks: list[Callable[[RecallScore], None]] = []
        cards = "".join(
            f'<li class="mm-person"><strong>{html.text(m.name)}</strong>'
            f'<span class="mm-hint">{html.text(m.role)}</span>'
            f"<span>{html.text(m.detail)}</span></li>"
            for m in team
        )
        self.intro = ipw.HTML(
            '<p class="mm-eyebrow">Practice · names and details</p>'
            f'<h3 class="mm-title">{html.text(exercise.title)}</h3>'
            f"{html.paragraphs(exercise.introduction)}"
        )
        self.team_cards = ipw.HTML(f'<ul class="mm-people">{cards}</ul>')
        self.ready_button = FormButton(
            description="I've met them: test me", button_style="primary",
            tooltip="Hide the introductions and greet each person",
        )
        self.ready_button.on_click(lambda _: self.begin_recall())
        details = sorted(m.detail for m in team)
        self.name_inputs: list[ipw.Text] = []
        self.detail_choices: list[ipw.Dropdown] = []
        rows: list[ipw.Widget] = []
        for index, member in enumerate(self.recall_order, start=1):
            prompt = ipw.HTML(
                f'<p class="mm-question">{index}. {html.text(member.role)} comes over to '
                "say hello.</p>"
            )
            name = ipw.Text(
                continuous_update=False, placeholder="First name", description="Their name"
            )
            detail = ipw.Dropdown(
                options=[DONT_REMEMBER, *details], value=DONT_REMEMBER,
                description="What you remember",
            )
            for control in (name, detail):
                control.style.description_width = "initial"
            self.name_inputs.append(name)
            self.detail_choices.append(detail)
            row = ipw.VBox([prompt, name, detail])
            row.add_class("mm-recall-row")
            rows.append(row)
        self.check_button = FormButton(
            description="Check my greetings", button_style="primary",
            tooltip="See which names and details you recalled",
            fields=[*self.name_inputs, *self.detail_choices],
        )
        self.check_button.on_click(lambda _: self.check())
        self.again_button = FormButton(
            description="Meet them again", tooltip="Show the introductions again"
        )
        self.again_button.on_click(lambda _: self.reset())
        self.recall_area = ipw.VBox([*rows, actions_row(self.check_button)])
        self.feedback = ipw.HTML()
        super().__init__(
            [
                self.intro, self.team_cards, actions_row(self.ready_button), self.recall_area,
                self.feedback, actions_row(self.again_button),
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-name-recall")
        self._show_stage()

    def on_score(self, callback: Callable[[RecallScore], None]) -> None:
        """Call ``callback`` with the score each time the greetings are checked."""
        self._callbacks.append(callback)

    def begin_recall(self) -> None:
        """Hide the introductions and show the greeting form."""
        self.stage = "recall"
        self._show_stage()

    def check(self) -> RecallScore:
        """Score the greetings and show feedback per person."""
        if any(len(name.value) > RECALL_ANSWER_MAX for name in self.name_inputs):
            # a page can send any value: a name this long is not a greeting, and matching
            # it against every spelling would keep the kernel busy for seconds
            for name in self.name_inputs:
                name.value = name.value[:RECALL_ANSWER_MAX]
            self.feedback.value = html.message(
                f"A name can be at most {RECALL_ANSWER_MAX} characters. Check the names and "
                "press Check again."
            )
            return RecallScore(self.exercise.id, 0, 0, len(self.recall_order))
        items = []
        names_right = details_right = 0
        for member, name, detail in zip(
            self.recall_order, self.name_inputs, self.detail_choices, strict=True
        ):
            verdict = name_match(name.value, member)
            first = member.name.split()[0]
            if verdict == "right":
                names_right += 1
                said = f"Yes, this is {html.text(first)}"
            elif verdict == "close":
                names_right += 1
                said = (
                    f"Nearly: it is spelled {html.text(first)}, worth getting right out loud "
                    "and in writing"
                )
            else:
                typed = f" (you wrote “{html.text(name.value)}”)" if name.value.strip() else ""
                said = f"This is {html.text(first)}{typed}"
            detail_right = detail.value == member.detail
            details_right += detail_right
            remembered = (
                ", and you remembered the detail." if detail_right
                else f". Their detail: {html.text(member.detail)}."
            )
            css = "mm-check-pass" if verdict != "wrong" and detail_right else "mm-check-miss"
            items.append(
                f'<li class="mm-check {css}"><strong>{html.text(member.role)}:</strong> '
                f"{said}{remembered} <br><span class=\"mm-hint\">You might say: "
                f"“{html.text(member.greeting)}”</span></li>"
            )
        people = len(self.recall_order)
        self.names_right, self.details_right = names_right, details_right
        self.feedback.value = (
            f'<div role="status"><p class="mm-score">Names: {names_right} of {people}. '
            f"Details: {details_right} of {people}.</p>"
            f'<ul class="mm-checks">{"".join(items)}</ul></div>'
        )
        self.stage = "done"
        self._show_stage()
        score = RecallScore(self.exercise.id, names_right, details_right, people)
        for callback in self._callbacks:
            callback(score)
        return score

    def reset(self) -> None:
        """Clear the answers and show the introductions again."""
        for name, detail in zip(self.name_inputs, self.detail_choices, strict=True):
            name.value = ""
            detail.value = DONT_REMEMBER
        self.feedback.value = ""
        self.stage = "meet"
        self._show_stage()

    def _show_stage(self) -> None:
        meeting = self.stage == "meet"
        self.team_cards.layout.display = "" if meeting else "none"
        self.ready_button.layout.display = "" if meeting else "none"
        self.recall_area.layout.display = "none" if meeting else ""
        self.check_button.disabled = self.stage == "done"
        self.again_button.layout.display = "" if self.stage == "done" else "none"
