"""CompletionRecord: once every module is done, the learner downloads a one-page PDF record.

The record holds no answers or reflections unless the learner ticks the box; the check that
every module is done is made again in the kernel when the file is asked for.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import ipywidgets as ipw

from widgets.actions.record import CompletionFacts
from widgets.content.models import Course
from widgets.identity.session import LearnerSession
from widgets.ui import html
from widgets.ui.download_button import DownloadButton

RECORD_FILE = "micro-moments-completion-record.pdf"


class CompletionRecord(ipw.VBox):
    """What is left to do, or the record to download, with a tick to include texts.

    For the session's current learner, ``to_do`` reads the titles of the modules still to
    complete, and ``facts`` what the record says (with the learner's plans and reflections
    when given True).
    """

    def __init__(
        self,
        course: Course,
        session: LearnerSession,
        to_do: Callable[[], list[str]],
        facts: Callable[[bool], CompletionFacts],
    ):
        self.course = course
        self.session = session
        self.to_do = to_do
        self.facts = facts
        self.status = ipw.HTML("")
        self.include_texts = ipw.Checkbox(
            value=False, indent=False,
            description="Include my if-then plans and reflections (left out unless ticked)",
        )
        self.download = DownloadButton(
            provider=self.pdf_base64,
            label="Download my completion record (PDF)",
            filename=RECORD_FILE,
            mime_type="application/pdf",
            encoding="base64",
            fields=[self.include_texts],
        )
        # hidden until the learner is known: a button that shows before it can work is
        # a button that does nothing when clicked
        self.options = ipw.VBox(
            [self.include_texts, self.download], layout=ipw.Layout(display="none")
        )
        self.status.value = '<p class="mm-hint">Looking up your progress…</p>'
        super().__init__(
            [ipw.HTML('<h3 class="mm-title">Your completion record</h3>'), self.status,
             self.options],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-record")
        session.on_learner(self.refresh)

    def missing(self) -> list[str]:
        """Modules still to complete ([] once the record can be made)."""
        if not self.session.ready:
            return [module.title for module in self.course.modules]
        return self.to_do()

    def pdf_bytes(self) -> bytes:
        """The record as PDF (b'' while a module is still to do)."""
        if self.missing():
            return b""
        # fpdf is imported when a record is made, not by every page that offers one
        from widgets.lasting.completion_pdf import completion_pdf

        return completion_pdf(self.facts(self.include_texts.value))

    def pdf_base64(self) -> str:
        """What the download button sends the page."""
        return base64.b64encode(self.pdf_bytes()).decode("ascii")

    def refresh(self) -> None:
        """Say what is left, or offer the record."""
        missing = self.missing()
        if missing:
            self.options.layout.display = "none"
            self.status.value = (
                '<p class="mm-hint">When every module is done you can download a one-page '
                "record of what you completed and when. Still to do: "
                f"{html.text(', '.join(missing))}.</p>"
            )
        else:
            self.options.layout.display = ""
            self.status.value = (
                "<p>Every module is done. Your record lists the modules with their dates, "
                "the practices you worked on and your self-assessment before and after, under "
                "the name you chose on the home page.</p>"
            )
