"""LinkPrompt: asks before a ``?code=`` link replaces the learner this browser keeps."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw

from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row

QUESTION = "This link belongs to another learner's progress. Switch to it, or keep your own?"


class LinkPrompt(ipw.VBox):
    """Hidden until a link's code belongs to someone other than this browser's learner.

    It reports the learner's choice by callback (``on_switch``, ``on_keep``: the session's),
    and knows nothing of the session itself. Drive it with ``switch_button.click()`` or
    ``keep_button.click()``; the session acts only while a question is open, so a page that
    clicks them unasked changes nothing.
    """

    def __init__(self, on_switch: Callable[[], None], on_keep: Callable[[], None]):
        self.question = ipw.HTML(html.message(QUESTION, kind="info"))
        self.switch_button = FormButton(
            description="Switch to the link's progress",
            tooltip="Continue as the learner this link belongs to",
        )
        self.keep_button = FormButton(
            description="Keep my own progress", button_style="primary",
            tooltip="Stay the learner this browser remembers",
        )
        self.switch_button.on_click(lambda _button: on_switch())
        self.keep_button.on_click(lambda _button: on_keep())
        super().__init__(
            [self.question, actions_row(self.keep_button, self.switch_button)],
            layout=ipw.Layout(display="none"),
        )
        self.add_class("mm-card")
        self.add_class("mm-link-prompt")

    @property
    def asking(self) -> bool:
        """True while the question is shown."""
        return self.layout.display != "none"

    def ask(self) -> None:
        """Show the question."""
        self.layout.display = ""

    def close_question(self) -> None:
        """Hide the question again."""
        self.layout.display = "none"
