"""Countdown: a visible, announced countdown that runs in the browser and reports when done."""

from __future__ import annotations

import anywidget
import traitlets


class Countdown(anywidget.AnyWidget):
    """Counts whole seconds down from :attr:`seconds` once :attr:`running` is set.

    The browser shows the seconds left, announces them politely to screen readers, and sets
    :attr:`finished` at zero. The kernel keeps its own clock: :attr:`finished` is a signal to
    check it, never proof that the time has passed.
    """

    _esm = """
    export default {
      render({ model, el }) {
        const box = document.createElement("div");
        box.className = "mm-countdown";
        const number = document.createElement("span");
        number.className = "mm-countdown-number";
        number.setAttribute("aria-hidden", "true");
        const words = document.createElement("span");
        words.className = "mm-countdown-words";
        words.setAttribute("role", "status");
        words.setAttribute("aria-live", "polite");
        box.append(number, words);
        el.appendChild(box);
        let timer = null;
        const show = (left) => {
          number.textContent = left > 0 ? String(left) : "";
          words.textContent = left > 0
            ? `Pause: ${left} second${left === 1 ? "" : "s"} left`
            : model.get("done_text");
          box.classList.toggle("mm-countdown-done", left <= 0);
        };
        const start = () => {
          clearInterval(timer);
          if (!model.get("running")) { show(model.get("seconds")); words.textContent = ""; return; }
          const endAt = Date.now() + model.get("seconds") * 1000;
          const tick = () => {
            const left = Math.ceil((endAt - Date.now()) / 1000);
            show(left);
            if (left <= 0) {
              clearInterval(timer);
              model.set("finished", true);
              model.save_changes();
            }
          };
          tick();
          timer = setInterval(tick, 250);
        };
        model.on("change:running", start);
        model.on("change:seconds", start);
        start();
        return () => clearInterval(timer);
      },
    };
    """

    seconds = traitlets.Float(3.0, help="length of the countdown").tag(sync=True)
    running = traitlets.Bool(False, help="set to start; unset to reset").tag(sync=True)
    finished = traitlets.Bool(False, help="set by the browser when it reaches zero").tag(sync=True)
    done_text = traitlets.Unicode("You can reply now.").tag(sync=True)
