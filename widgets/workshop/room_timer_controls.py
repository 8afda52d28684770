"""RoomTimerControls: the facilitator's controls of the timer the room's screens show."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as ipw

from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row

if TYPE_CHECKING:
    from widgets.store import Room

#: the lengths a facilitator picks from, in minutes
MINUTES = (1, 2, 3, 5, 8, 10, 15, 20)


class RoomTimerControls(ipw.VBox):
    """Start a timer of the chosen minutes, pause or resume it, take it away. The calls
    ``start(seconds)``, ``pause()`` and ``stop()`` change the room; :meth:`show` redraws the
    controls for the room as it is. Drive it with ``minutes.value`` and the buttons."""

    def __init__(
        self, start: Callable[[float], None], pause: Callable[[], None],
        stop: Callable[[], None],
    ):
        self._start_timer, self._pause_timer, self._stop_timer = start, pause, stop
        self.minutes = ipw.Dropdown(
            options=[(f"{m} min", m) for m in MINUTES], value=3, description="Minutes",
            layout=ipw.Layout(width="12rem"),
        )
        self.minutes.style.description_width = "initial"
        self.start_button = FormButton(description="Start the timer",
                                       tooltip="Count down on the room's screens")
        self.start_button.fields = [self.minutes]
        self.pause_button = FormButton(description="Pause", tooltip="Pause or resume the timer")
        self.stop_button = FormButton(description="Clear the timer",
                                      tooltip="Take the timer off the room's screens")
        self.start_button.on_click(lambda _: self._start_timer(60 * int(self.minutes.value or 3)))
        self.pause_button.on_click(lambda _: self._pause_timer())
        self.stop_button.on_click(lambda _: self._stop_timer())
        super().__init__([
            ipw.HTML('<h4 class="mm-subheading">Timer on the screens</h4>'),
            self.minutes,
            actions_row(self.start_button, self.pause_button, self.stop_button),
        ])
        self.add_class("mm-room-timer-controls")

    def show(self, room: Room) -> None:
        """Label and enable the buttons for the room's timer as it is."""
        has_timer = room.seconds_left() is not None
        self.pause_button.description = "Resume" if has_timer and not room.timer_running \
            else "Pause"
        self.pause_button.disabled = not has_timer or room.closed
        self.stop_button.disabled = not has_timer
        self.start_button.disabled = room.closed
