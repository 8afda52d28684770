"""Ticker: the browser asks the kernel to refresh every so often, while the page is open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets


class Ticker(anywidget.AnyWidget):
    """An invisible widget that sends a tick every :attr:`interval_ms` while :attr:`active`.

    Polling is driven by the page rather than a kernel thread, so it stops by itself when the
    page is closed, and works the same in JupyterLab and Voila.
    """

    _esm = Path(__file__).with_name("ticker.js")

    interval_ms = traitlets.Int(1000, help="time between ticks").tag(sync=True)
    active = traitlets.Bool(True, help="ticks are sent only while active").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._callbacks: list[Callable[[], None]] = []
        self.on_msg(self._on_message)

    def on_tick(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` on every tick."""
        self._callbacks.append(callback)

    def tick(self) -> None:
        """Run the tick callbacks now (what the page does every interval)."""
        for callback in self._callbacks:
            callback()

    def _on_message(self, widget: object, content: dict, buffers: list) -> None:
        if isinstance(content, dict) and content.get("kind") == "tick":
            self.tick()
