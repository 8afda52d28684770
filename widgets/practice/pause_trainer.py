"""PauseTrainer: read a provocative message, wait out a short pause, then reply."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as ipw
import traitlets

from widgets.content.models import PauseExercise
from widgets.limits import TEXT_MAX, length_problem
from widgets.ui import html
from widgets.ui.countdown import Countdown
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row
from widgets.ui.text_box import TextBox


@dataclass(frozen=True)
class PauseResult:
    """What happened in one round: the reply and how long the learner paused."""

    exercise_id: str
    reply: str
    paused_seconds: float
    total_seconds: float


class PauseTrainer(ipw.VBox):
    """The reply box unlocks only after :attr:`PauseExercise.pause_seconds`.

    The browser shows the countdown; the kernel's own clock decides: :meth:`submit` refuses a
    reply sent before the pause has elapsed, whatever the page did. ``clock`` is injectable so
    tests can move time forward.
    """

    stage = traitlets.Enum(
        ("ready", "pausing", "open", "done"), "ready", help="where the learner is in the round"
    )
    paused_seconds = traitlets.Float(0.0, help="seconds from reading to starting to type")

    def __init__(self, exercise: PauseExercise, *, clock: Callable[[], float] = time.monotonic):
        self.exercise = exercise
        self.clock = clock
        self.started_at: float | None = None
        self.first_typed_at: float | None = None
        self._result_callbacks: list[Callable[[PauseResult], None]] = []
        sender = exercise.sender
        self.intro = ipw.HTML(
            f'<p class="mm-eyebrow">Practice · pause before you respond</p>'
            f'<h3 class="mm-title">{html.text(exercise.title)}</h3>'
            f"<p>{_indefinite_article(exercise.channel)} {html.text(exercise.channel)} "
            f"from {html.text(sender.name)}, "
            f"{html.text(sender.role)}. When you open it, a {exercise.pause_seconds:g}-second "
            "pause starts before you can reply. Use it: breathe, read it again, think about "
            "what they need.</p>"
        )
        self.start_button = FormButton(
            description="Open the message", button_style="primary",
            tooltip="Show the message and start the pause",
        )
        self.start_button.on_click(lambda _: self.start())
        self.message = ipw.HTML(layout=ipw.Layout(display="none"))
        self.countdown = Countdown(seconds=exercise.pause_seconds)
        self.countdown.layout.display = "none"
        self.countdown.observe(self._on_countdown_finished, names="finished")
        # a TextBox, not a Textarea: the time of the first keystroke counts, and the reply
        # must be whole when "Send my reply" is clicked right after typing
        self.reply = TextBox(
            description=f"Your reply to {sender.name}", placeholder="Your reply",
            disabled=True, rows=4, layout=ipw.Layout(width="100%"),
        )
        self.reply.observe(self._on_typing, names="value")
        self.submit_button = FormButton(
            description="Send my reply", button_style="primary", disabled=True,
            tooltip="Send your reply and compare it",
        )
        self.submit_button.fields = [self.reply]
        self.submit_button.on_click(lambda _: self.submit())
        self.status = ipw.HTML()
        self.comparison = ipw.HTML()
        self.again_button = FormButton(
            description="Try it again", tooltip="Start this pause exercise again"
        )
        self.again_button.on_click(lambda _: self.reset())
        self.again_button.layout.display = "none"
        self.reply_area = ipw.VBox(
            [self.countdown, self.reply, actions_row(self.submit_button)],
            layout=ipw.Layout(display="none"),
        )
        super().__init__(
            [
                self.intro, actions_row(self.start_button), self.message, self.reply_area,
                self.status, self.comparison, actions_row(self.again_button),
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-pause-trainer")

    # -- public API ---------------------------------------------------------------------------

    def on_result(self, callback: Callable[[PauseResult], None]) -> None:
        """Call ``callback`` with each reply that was accepted."""
        self._result_callbacks.append(callback)

    def seconds_left(self) -> float:
        """Seconds of the pause still to wait (0 once it has elapsed)."""
        if self.started_at is None:
            return self.exercise.pause_seconds
        return max(0.0, self.exercise.pause_seconds - (self.clock() - self.started_at))

    def start(self) -> None:
        """Show the message and start the pause."""
        sender = self.exercise.sender
        self.started_at = self.clock()
        self.first_typed_at = None
        self.message.value = (
            f'<blockquote class="mm-provocation"><p class="mm-eyebrow">'
            f"{html.text(self.exercise.channel)} from {html.text(sender.name)}</p>"
            f"{html.paragraphs(self.exercise.message)}</blockquote>"
        )
        self.message.layout.display = ""
        self.start_button.layout.display = "none"
        self.reply_area.layout.display = ""
        self.countdown.layout.display = ""
        self.countdown.finished = False
        self.countdown.seconds = self.exercise.pause_seconds
        self.countdown.running = True
        self.stage = "pausing"
        self.status.value = ""

    def unlock_if_elapsed(self) -> bool:
        """Open the reply box if the pause is over by the kernel's clock."""
        if self.stage != "pausing" or self.seconds_left() > 0:
            return self.stage in ("open", "done")
        self.reply.disabled = False
        self.submit_button.disabled = False
        self.stage = "open"
        return True

    def submit(self) -> bool:
        """Accept the reply if the pause has elapsed and the reply is not empty."""
        if self.stage == "ready":
            self.status.value = html.message("Open the message first.", kind="info")
            return False
        if not self.unlock_if_elapsed():
            left = self.seconds_left()
            self.status.value = html.message(
                f"Not yet: take the whole pause first ({left:.0f} s left).", kind="info"
            )
            return False
        if self.stage == "done":
            return False
        reply = self.reply.value
        if not reply.strip():
            self.status.value = html.message("Write your reply first.", kind="info")
            return False
        if problem := length_problem(reply, TEXT_MAX, "A reply"):
            self.status.value = html.message(problem)
            return False
        now = self.clock()
        assert self.started_at is not None
        typed_at = self.first_typed_at if self.first_typed_at is not None else now
        self.paused_seconds = round(typed_at - self.started_at, 1)
        result = PauseResult(
            self.exercise.id, reply, self.paused_seconds, round(now - self.started_at, 1)
        )
        self.stage = "done"
        self.reply.disabled = True
        self.submit_button.disabled = True
        self.status.value = (
            f'<p class="mm-score" role="status">You paused {self.paused_seconds:.1f} seconds '
            "before you started typing.</p>"
        )
        self.comparison.value = self._comparison_html(reply)
        self.again_button.layout.display = ""
        for callback in self._result_callbacks:
            callback(result)
        return True

    def reset(self) -> None:
        """Back to the start, with the message hidden and the reply box cleared."""
        self.stage = "ready"
        self.started_at = None
        self.first_typed_at = None
        self.reply.value = ""
        self.reply.disabled = True
        self.submit_button.disabled = True
        self.countdown.running = False
        self.countdown.finished = False
        self.countdown.layout.display = "none"
        self.message.layout.display = "none"
        self.reply_area.layout.display = "none"
        self.start_button.layout.display = ""
        self.status.value = ""
        self.comparison.value = ""
        self.again_button.layout.display = "none"

    # -- internals ----------------------------------------------------------------------------

    def _on_countdown_finished(self, change: dict) -> None:
        if change["new"] and not self.unlock_if_elapsed():
            # the page finished early by our clock: count the rest again
            self.countdown.running = False
            self.countdown.seconds = max(1.0, round(self.seconds_left() + 0.5))
            self.countdown.finished = False
            self.countdown.running = True

    def _on_typing(self, change: dict) -> None:
        if self.stage != "open":
            # the box is disabled, but a page can still send text into it: refuse that text
            # (the kernel's own resets to '' are let through)
            if change["new"]:
                self.reply.value = change["old"] if self.stage == "done" else ""
            return
        if self.first_typed_at is None and change["new"]:
            self.first_typed_at = self.clock()

    def _comparison_html(self, reply: str) -> str:
        exercise = self.exercise
        columns = (
            ("A reactive reply", exercise.reactive_reply, exercise.reactive_why, "mm-reactive"),
            ("Your reply", reply, "", "mm-yours"),
            ("A considered reply", exercise.considered_reply, exercise.considered_why,
             "mm-considered"),
        )
        cells = "".join(
            f'<section class="mm-compare-cell {css}"><h4>{html.text(title)}</h4>'
            f'<blockquote>{html.paragraphs(text)}</blockquote>'
            + (f'<p class="mm-hint">{html.text(why)}</p>' if why else "")
            + "</section>"
            for title, text, why, css in columns
        )
        return (
            f'<div class="mm-compare" role="group" aria-label="Replies side by side">{cells}</div>'
        )


def _indefinite_article(noun: str) -> str:
    """'An' before a vowel sound as spelt (an email, an urgent note), else 'A'."""
    return "An" if noun[:1].lower() in "aeiou" else "A"
