"""LearnerPanel: the name the course uses, and the resume code for another device."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw

from widgets.identity.session import LearnerSession
from widgets.limits import TooLong, clean_name
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row


class LearnerPanel(ipw.VBox):
    """Set your name; see your resume code; restore your progress with a code.

    ``on_name`` keeps the name for the session's current learner (it may raise the store's
    errors: the session's notice then says what went wrong).
    """

    def __init__(self, session: LearnerSession, on_name: Callable[[str], None]):
        self.session = session
        self.on_name = on_name
        self.name_input = ipw.Text(continuous_update=False,
            description="Your name",
            placeholder="What should the course call you?",
            layout=ipw.Layout(width="100%", max_width="28rem"),
        )
        self.name_button = FormButton(
            description="Save name", tooltip="Save the name the course uses"
        )
        self.name_button.fields = [self.name_input]
        self.name_button.on_click(lambda _button: self.save_name())
        self.name_status = ipw.HTML("")
        self.code_info = ipw.HTML("")
        self.code_input = ipw.Text(continuous_update=False,
            description="Resume code",
            placeholder="XXXX-XXXX-XXXX",
            layout=ipw.Layout(width="100%", max_width="22rem"),
        )
        self.restore_button = FormButton(
            description="Restore my progress", tooltip="Continue with the progress of this code"
        )
        self.restore_button.fields = [self.code_input]
        self.restore_button.on_click(lambda _button: self.restore())
        self.restore_status = ipw.HTML("")
        name_row = actions_row(self.name_input, self.name_button)
        children: list[ipw.Widget] = [name_row, self.name_status]
        if session.mode == "web":
            restore_row = actions_row(self.code_input, self.restore_button)
            children += [self.code_info, restore_row, self.restore_status]
        super().__init__(children, layout=ipw.Layout(width="100%"))
        self.add_class("mm-card")
        self.add_class("mm-learner-panel")
        session.on_learner(self.refresh)

    def refresh(self) -> None:
        """Show the current learner's name and code."""
        self.name_input.value = self.session.display_name
        code = self.session.resume_code
        if code:
            self.code_info.value = (
                '<p>Your resume code is <strong class="mm-resume-code">'
                f"{html.text(code)}</strong>. This browser remembers it for you; to continue on "
                "another device, type it below there. Keep it to yourself: anyone with the "
                "code can read your answers.</p>"
            )

    def save_name(self) -> None:
        """Keep the name the learner typed."""
        try:
            name = " ".join(clean_name(self.name_input.value).split())
        except TooLong as error:
            self.name_status.value = html.message(str(error))
            return
        if not self.session.ready:
            self.name_status.value = html.message("One moment: still loading.", kind="info")
            return
        if not self.session.run_storage(
            lambda: self.on_name(name), "Your name could not be saved"
        ):
            return
        self.name_input.value = name
        self.name_status.value = (
            f'<p class="mm-score" role="status">Thanks, {html.text(name)}.</p>'
            if name
            else '<p class="mm-score" role="status">Name cleared.</p>'
        )

    def restore(self) -> bool:
        """Switch to the learner of the typed resume code."""
        if self.session.restore(self.code_input.value):
            self.code_input.value = ""
            self.restore_status.value = (
                '<p class="mm-score" role="status">Welcome back: your progress is restored.</p>'
            )
            return True
        self.restore_status.value = html.message(
            self.session.refusal
            or "That code does not match any saved progress. Check it and try again."
        )
        return False
