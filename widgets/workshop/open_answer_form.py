"""OpenAnswerForm: a participant's answer to the open question the facilitator has asked."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as ipw
import traitlets

from widgets.limits import OPEN_ANSWER_MAX, OPEN_ANSWERS_PER_QUESTION, TooLong
from widgets.store.records import RoomError, StorageError
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row
from widgets.ui.text_box import TextBox

if TYPE_CHECKING:
    from widgets.store import OpenAnswer


class OpenAnswerForm(ipw.VBox):
    """The question, a short answer, whether to show one's name with it, and Send.

    ``send(question, text, show_name)`` keeps the answer (the store checks it); ``named``
    says whether the participant gave a name when joining (else there is no name to show).
    Drive it with :meth:`ask`, ``answer_box``, ``show_name`` and ``send_button.click()``.
    """

    question = traitlets.Int(0, help="the number of the question being answered")
    sent = traitlets.Int(0, help="answers sent to this question")

    def __init__(self, send: Callable[[int, str, bool], OpenAnswer]):
        self._keep = send
        self.heading = ipw.HTML()
        self.answer_box = TextBox(
            description=f"Your answer (up to {OPEN_ANSWER_MAX} characters)", rows=3,
            placeholder="A few words or a sentence",
        )
        self.show_name = ipw.Checkbox(
            value=False, indent=False,
            description="Show my name with this answer (otherwise it is anonymous)",
        )
        self.send_button = FormButton(description="Send to the wall", button_style="primary",
                                      tooltip="Send your answer to the room's wall")
        self.send_button.fields = [self.answer_box, self.show_name]
        self.send_button.on_click(lambda _: self.send())
        self.status = ipw.HTML()
        super().__init__([self.heading, self.answer_box, self.show_name,
                          actions_row(self.send_button), self.status])
        self.add_class("mm-open-answer-form")

    def ask(self, number: int, text: str, named: bool) -> None:
        """Show question ``number`` (a new one empties the form)."""
        if number != self.question:
            self.question = number
            self.sent = 0
            self.answer_box.value = ""
            self.status.value = ""
        self.show_name.layout.display = "" if named else "none"
        if not named:
            self.show_name.value = False
        self.heading.value = (
            '<p class="mm-eyebrow">Open question</p>'
            f'<h4 class="mm-title">{html.text(text)}</h4>'
        )
        self.lock(False)

    def lock(self, locked: bool = True) -> None:
        """Stop (or allow) sending, when the room closes."""
        self.send_button.disabled = locked
        self.answer_box.disabled = locked

    def send(self) -> bool:
        """Send the answer in the box."""
        if not self.answer_box.value.strip():
            self.status.value = html.message("Write your answer first.", kind="info")
            return False
        try:
            kept = self._keep(self.question, self.answer_box.value, self.show_name.value)
        except (RoomError, TooLong) as error:
            self.status.value = html.message(str(error))
            return False
        except StorageError as error:
            self.status.value = html.message(
                f"Your answer could not be sent ({error}); please try again."
            )
            return False
        self.sent += 1
        self.answer_box.value = ""
        waits = " Your facilitator shows it on the wall once approved." \
            if kept.status == "waiting" else ""
        more = OPEN_ANSWERS_PER_QUESTION - self.sent
        self.status.value = (
            f'<p class="mm-score" role="status">Your answer is in: “{html.text(kept.text)}”.'
            f"{waits} You can send {more} more.</p>" if more > 0 else
            f'<p class="mm-score" role="status">Your answer is in: “{html.text(kept.text)}”.'
            f"{waits} That was your last one for this question.</p>"
        )
        return True
