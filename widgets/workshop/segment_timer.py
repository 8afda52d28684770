"""SegmentTimer: a countdown for one agenda segment, with start, pause and reset."""

from __future__ import annotations

import anywidget
import ipywidgets as ipw
import traitlets

from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row


class TimerFace(anywidget.AnyWidget):
    """The visible countdown; the browser counts and reports the seconds left."""

    _esm = """
    const format = (s) => {
      const t = Math.max(0, Math.ceil(s));
      return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, "0")}`;
    };
    export default {
      render({ model, el }) {
        const face = document.createElement("div");
        face.className = "mm-timer-face";
        const clock = document.createElement("span");
        clock.className = "mm-timer-clock";
        clock.setAttribute("role", "timer");
        clock.setAttribute("aria-label", model.get("label"));
        const state = document.createElement("span");
        state.className = "mm-timer-state";
        state.setAttribute("role", "status");
        state.setAttribute("aria-live", "assertive");
        face.append(clock, state);
        el.appendChild(face);
        let timer = null;
        let endAt = 0;
        let lastSaved = null;
        const paint = (left) => {
          clock.textContent = format(left);
          const done = model.get("finished");
          face.classList.toggle("mm-timer-running", model.get("running"));
          face.classList.toggle("mm-timer-done", done);
          state.textContent = done ? "Time is up." : (model.get("running") ? "" : "Paused.");
        };
        const beep = () => {
          try {
            const audio = new (window.AudioContext || window.webkitAudioContext)();
            const tone = audio.createOscillator();
            tone.frequency.value = 660;
            tone.connect(audio.destination);
            tone.start();
            tone.stop(audio.currentTime + 0.4);
          } catch (e) { /* no sound available: the visual signal remains */ }
        };
        const tick = () => {
          const left = (endAt - Date.now()) / 1000;
          paint(left);
          const whole = Math.max(0, Math.ceil(left));
          if (whole !== lastSaved) {
            lastSaved = whole;
            model.set("remaining", whole);
            if (left <= 0) {
              clearInterval(timer);
              model.set("running", false);
              model.set("finished", true);
              beep();
            }
            model.save_changes();
          }
          if (left <= 0) { paint(0); }
        };
        const update = () => {
          clearInterval(timer);
          if (model.get("running")) {
            endAt = Date.now() + model.get("remaining") * 1000;
            tick();
            timer = setInterval(tick, 250);
          } else {
            paint(model.get("remaining"));
          }
        };
        model.on("change:running", update);
        model.on("change:remaining", () => {
          if (!model.get("running")) { paint(model.get("remaining")); }
        });
        model.on("change:finished", () => paint(model.get("remaining")));
        update();
        return () => clearInterval(timer);
      },
    };
    """

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
