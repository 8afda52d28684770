"""ReflectionPrompt: a question the learner answers in their own words."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw
import traitlets

from widgets.content.models import Reflection
from widgets.limits import TEXT_MAX, length_problem
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row

#: what the empty box invites
WRITE_HERE = "Write a few sentences. Only you can see this."


class ReflectionPrompt(ipw.VBox):
    """A labelled text area with a Save button.

    ``save_handler(reflection_id, text)`` stores the answer and returns True when it was
    kept; without one the answer lives only as long as the page.
    """

    saved_text = traitlets.Unicode("", help="the text as last saved")

    def __init__(
        self,
        reflection: Reflection,
        save_handler: Callable[[str, str], bool] | None = None,
        initial_text: str = "",
        loading: bool = False,
    ):
        self.reflection = reflection
        self._save_handler = save_handler
        self.answer = ipw.Textarea(continuous_update=False,
            value=initial_text,
            description=reflection.prompt,
            placeholder=WRITE_HERE,
            rows=5,
            layout=ipw.Layout(width="100%"),
        )
        self.hint = ipw.HTML(
            f'<p class="mm-hint">{html.text(reflection.hint)}</p>' if reflection.hint else ""
        )
        self.save_button = FormButton(
            description="Save reflection",
            button_style="primary",
            tooltip="Save what you wrote",
            fields=[self.answer],
        )
        self.save_button.on_click(lambda _button: self.save())
        self.status = ipw.HTML("")
        self.saved_text = initial_text
        if loading:  # until the saved text is in: an empty box would say nothing was saved
            self.answer.disabled = self.save_button.disabled = True
            self.answer.placeholder = "Looking up what you saved…"
        actions = actions_row(self.save_button, self.status)
        super().__init__([self.answer, self.hint, actions], layout=ipw.Layout(width="100%"))
        self.add_class("mm-card")
        self.add_class("mm-reflection")

    def show_saved(self, text: str) -> None:
        """Put the text saved on an earlier visit in the box, and open it for writing."""
        self.answer.value = text
        self.saved_text = text
        self.answer.placeholder = WRITE_HERE
        self.answer.disabled = self.save_button.disabled = False

    def save(self) -> bool:
        """Save the current text; returns True when it was stored."""
        text = self.answer.value
        if not text.strip():
            self.status.value = html.message("Write something first.", kind="info")
            return False
        if problem := length_problem(text, TEXT_MAX, "A reflection"):
            self.status.value = html.message(problem)
            return False
        kept = self._save_handler(self.reflection.id, text) if self._save_handler else False
        self.saved_text = text
        if kept:
            self.status.value = '<p class="mm-score" role="status">Saved.</p>'
        else:
            self.status.value = (
                '<p class="mm-score" role="status">Noted for this visit only: '
                "your answers are not being kept on this server.</p>"
            )
        return kept
