"""ReplyCoach: draft a reply to a situation and see which of the course's checks it meets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as ipw
import traitlets

from widgets.content.models import ReplyExercise
from widgets.content.reply_rules import RESPECT_RULE, RULES, RuleResult, coach_reply
from widgets.limits import TEXT_MAX, length_problem
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row

DISCLAIMER = (
    "These checks are a rule-based guide, not a judge: they look for plain phrases such as a "
    "name, an acknowledgment or a what/how question. A warm reply can miss a check, and a "
    "reply can pass them all and still land badly. Read them as prompts to think."
)


@dataclass(frozen=True)
class CoachedReply:
    """A draft and what the checks found."""

    exercise_id: str
    reply: str
    results: tuple[RuleResult, ...]

    @property
    def passed(self) -> int:
        """How many checks passed."""
        return sum(result.passed for result in self.results)


class ReplyCoach(ipw.VBox):
    """Shows the situation, takes a draft, and lists each check as passed or not, with why.

    Drive it by setting ``reply.value`` and calling ``check_button.click()``; read
    :attr:`results` or ``report.value``.
    """

    checked = traitlets.Bool(False, help="True once the current draft has been checked")
    passed_count = traitlets.Int(0, help="checks passed by the last checked draft")

    def __init__(self, exercise: ReplyExercise):
        self.exercise = exercise
        self.rule_ids = tuple(
            rule_id for rule_id in exercise.checks or tuple(RULES) if rule_id != RESPECT_RULE.id
        )
        self.results: list[RuleResult] = []
        self._callbacks: list[Callable[[CoachedReply], None]] = []
        person = exercise.person
        self.intro = ipw.HTML(
            '<p class="mm-eyebrow">Practice · reply coach</p>'
            f'<h3 class="mm-title">{html.text(exercise.title)}</h3>'
            f'<div class="mm-situation">{html.paragraphs(exercise.situation)}</div>'
            f'<blockquote class="mm-provocation"><p class="mm-eyebrow">'
            f"{html.text(person.name)}, {html.text(person.role)}</p>"
            f"{html.paragraphs(exercise.message)}</blockquote>"
            f'<p class="mm-hint">Checks: '
            + ", ".join(
                html.text(title.lower())
                for title in (
                    *(RULES[rule_id].title for rule_id in self.rule_ids),
                    *(check.title for check in exercise.situation_checks),
                    RESPECT_RULE.title,
                )
            )
            + ".</p>"
        )
        self.reply = ipw.Textarea(continuous_update=False,
            placeholder="Write what you would say", rows=4, layout=ipw.Layout(width="100%")
        )
        self.reply.description = f"Your reply to {person.name}"
        self.reply.style.description_width = "initial"
        self.reply.add_class("mm-stacked-label")
        self.reply.observe(self._on_edit, names="value")
        self.check_button = FormButton(
            description="Check my reply", button_style="primary",
            tooltip="Run the reply checks on your draft",
        )
        self.check_button.fields = [self.reply]
        self.check_button.on_click(lambda _: self.check())
        self.example_button = FormButton(
            description="Show an example", tooltip="Show one way this reply could be written"
        )
        self.example_button.on_click(lambda _: self.show_example())
        self.report = ipw.HTML()
        self.example = ipw.HTML()
        disclaimer = ipw.HTML(f'<p class="mm-hint mm-disclaimer">{html.text(DISCLAIMER)}</p>')
        actions = actions_row(self.check_button, self.example_button)
        super().__init__(
            [self.intro, self.reply, actions, self.report, self.example, disclaimer],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-reply-coach")

    def on_check(self, callback: Callable[[CoachedReply], None]) -> None:
        """Call ``callback`` with every draft that is checked."""
        self._callbacks.append(callback)

    def check(self) -> CoachedReply | None:
        """Run the checks on the draft and show the results."""
        draft = self.reply.value
        if not draft.strip():
            self.report.value = html.message("Write a reply first.", kind="info")
            return None
        if problem := length_problem(draft, TEXT_MAX, "A reply"):
            self.report.value = html.message(problem)
            return None
        self.results = coach_reply(draft, self.exercise)
        coached = CoachedReply(self.exercise.id, draft, tuple(self.results))
        self.passed_count = coached.passed
        self.checked = True
        items = "".join(
            f'<li class="mm-check {"mm-check-pass" if r.passed else "mm-check-miss"}">'
            f'<span class="mm-check-icon" aria-hidden="true">{"✔" if r.passed else "✘"}</span> '
            f'<strong>{html.text(r.title)}: {"passed" if r.passed else "not yet"}.</strong> '
            f"{html.text(r.reason)}</li>"
            for r in self.results
        )
        self.report.value = (
            f'<div role="status"><p class="mm-score">{coached.passed} of {len(self.results)} '
            f'checks passed.</p><ul class="mm-checks">{items}</ul></div>'
        )
        for callback in self._callbacks:
            callback(coached)
        return coached

    def show_example(self) -> None:
        """Show the example reply from the content."""
        self.example.value = (
            '<div class="mm-example"><p class="mm-eyebrow">One way to say it</p>'
            f"<blockquote>{html.paragraphs(self.exercise.example_reply)}</blockquote></div>"
        )

    def _on_edit(self, change: dict) -> None:
        if self.checked:
            self.checked = False
