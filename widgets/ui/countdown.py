"""Countdown: a visible, announced countdown that runs in the browser and reports when done."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class Countdown(anywidget.AnyWidget):
    """Counts whole seconds down from :attr:`seconds` once :attr:`running` is set.

    The browser shows the seconds left, announces them politely to screen readers, and sets
    :attr:`finished` at zero. The kernel keeps its own clock: :attr:`finished` is a signal to
    check it, never proof that the time has passed.
    """

    _esm = Path(__file__).with_name("countdown.js")

    seconds = traitlets.Float(3.0, help="length of the countdown").tag(sync=True)
    running = traitlets.Bool(False, help="set to start; unset to reset").tag(sync=True)
    finished = traitlets.Bool(False, help="set by the browser when it reaches zero").tag(sync=True)
    done_text = traitlets.Unicode("You can reply now.").tag(sync=True)
