"""SegmentTimer: a countdown for one agenda segment, with start, pause and reset."""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as ipw
import traitlets

from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row


class TimerFace(anywidget.AnyWidget):
    """The visible countdown; the browser counts and reports the seconds left."""

    _esm = Path(__file__).with_name("segment_timer.js")

    remaining = traitlets.Float(60.0, help="seconds left").tag(sync=True)
    running = traitlets.Bool(False).tag(sync=True)
    finished = traitlets.Bool(False).tag(sync=True)
    label = traitlets.Unicode("Time left").tag(sync=True)


class SegmentTimer(ipw.VBox):
    """Start, pause and reset a countdown of ``minutes``; a clear signal when it ends.

    Drive it with ``start_button.click()``, ``pause_button.click()``, ``reset_button.click()``
    and read ``face.running``, ``face.remaining`` and ``face.finished``.
    """

    def __init__(self, minutes: float, title: str = "Segment"):
        self.duration = float(minutes) * 60
        self.face = TimerFace(remaining=self.duration, label=f"Time left for {title}")
        self.start_button = FormButton(
            description="Start", button_style="primary", tooltip=f"Start the timer for {title}"
        )
        self.pause_button = FormButton(
            description="Pause", tooltip=f"Pause the timer for {title}", disabled=True
        )
        self.reset_button = FormButton(
            description="Reset", tooltip=f"Reset the timer for {title}"
        )
        self.start_button.on_click(lambda _: self.start())
        self.pause_button.on_click(lambda _: self.pause())
        self.reset_button.on_click(lambda _: self.reset())
        self.face.observe(self._sync_buttons, names=["running", "finished"])
        controls = actions_row(self.start_button, self.pause_button, self.reset_button)
        super().__init__([self.face, controls])
        self.add_class("mm-timer")

    def start(self) -> None:
        """Start (or resume) the countdown."""
        if self.face.finished or self.face.remaining <= 0:
            return
        self.face.running = True

    def pause(self) -> None:
        """Stop the countdown where it is."""
        self.face.running = False

    def reset(self) -> None:
        """Back to the full duration, stopped."""
        self.face.running = False
        self.face.finished = False
        self.face.remaining = self.duration

    def _sync_buttons(self, change: dict) -> None:
        self.start_button.disabled = self.face.running or self.face.finished
        self.pause_button.disabled = not self.face.running
