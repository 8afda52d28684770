"""WorkshopEntry: a small form on the home page to join a workshop room by its code."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

import ipywidgets as ipw

from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row

if TYPE_CHECKING:
    from widgets.store import Room


class WorkshopEntry(ipw.VBox):
    """Type a room code, get a link into the room (and a way to the facilitator page).

    ``find`` looks a typed code up (a limited try of the browser): the room, or None and why
    not.
    """

    def __init__(self, find: Callable[[str], tuple[Room | None, str]]):
        self.look_up = find
        self.code_input = ipw.Text(
            continuous_update=False, description="Room code", placeholder="e.g. K7QF-M2XD"
        )
        self.code_input.style.description_width = "initial"
        self.go_button = FormButton(
            description="Find the room", tooltip="Check the code and show the link to the room"
        )
        self.go_button.fields = [self.code_input]
        self.go_button.on_click(lambda _: self.find())
        self.result = ipw.HTML()
        actions = actions_row(self.go_button)
        super().__init__(
            [
                ipw.HTML(
                    '<h3 class="mm-title">In a workshop?</h3><p>Enter the room code your '
                    "facilitator shows. Leading one? Open the "
                    '<a href="facilitator.ipynb">facilitator page</a>.</p>'
                ),
                self.code_input, actions, self.result,
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-workshop-entry")

    def find(self) -> bool:
        """Show a link to the room, or say why there is none."""
        room, refusal = self.look_up(self.code_input.value)
        if room is None:
            self.result.value = html.message(refusal)
            return False
        if room.closed:
            self.result.value = html.message(
                "That room is closed: the facilitator has ended the session.", kind="info"
            )
            return False
        self.result.value = (
            f'<p role="status"><a class="mm-room-link" href="workshop.ipynb?room='
            f'{quote(room.code)}">Go to workshop room {html.text(room.code)}: '
            f"{html.text(room.title)}</a></p>"
        )
        return True
