"""Journal: every reflection in one place, exported as Markdown, and "delete my data"."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as ipw

from widgets.content.models import Course
from widgets.learner.journal_export import journal_markdown, latest_replies, save_journal
from widgets.learner.session import LearnerSession
from widgets.ui import html
from widgets.ui.download_button import DownloadButton
from widgets.ui.style import actions_row


class Journal(ipw.VBox):
    """The learner's journal with export and a two-step delete."""

    def __init__(self, course: Course, session: LearnerSession, export_dir: Path | None = None):
        self.course = course
        self.session = session
        self.export_dir = export_dir or Path.cwd()
        self.entries = ipw.HTML("")
        self.download = DownloadButton(
            label="Download my journal (.md)", filename="micro-moments-journal.md"
        )
        self.export_button = ipw.Button(
            description="Save journal as a file", tooltip="Write the journal next to this notebook"
        )
        self.export_button.on_click(lambda _button: self.export_file())
        self.export_status = ipw.HTML("")
        self.delete_button = ipw.Button(
            description="Delete my data…", button_style="danger",
            tooltip="Remove every answer and reflection you have saved",
        )
        self.confirm_button = ipw.Button(
            description="Yes, delete everything", button_style="danger",
            layout=ipw.Layout(display="none"),
        )
        self.cancel_button = ipw.Button(description="Cancel", layout=ipw.Layout(display="none"))
        self.delete_status = ipw.HTML("")
        self.delete_button.on_click(lambda _button: self.ask_to_delete())
        self.confirm_button.on_click(lambda _button: self.delete())
        self.cancel_button.on_click(lambda _button: self.cancel_delete())
        export_row = ipw.HBox(
            [self.download] + ([self.export_button] if session.mode != "web" else [])
        )
        export_row.add_class("mm-actions")
        delete_row = actions_row(self.delete_button, self.confirm_button, self.cancel_button)
        super().__init__(
            [self.entries, export_row, self.export_status, delete_row, self.delete_status],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-journal")
        session.on_learner(self.refresh)

    def refresh(self) -> None:
        """Redraw the journal for the current learner."""
        saved = self.session.storage.reflections(self.session.learner_id)
        titles = {module.id: module.title for module in self.course.modules}
        if not saved:
            self.entries.value = (
                '<p class="mm-hint">No reflections yet. Your answers to the reflection prompts '
                "in each module will appear here.</p>"
            )
        else:
            items = "".join(
                f'<article class="mm-card mm-journal-entry"><p class="mm-eyebrow">'
                f"{html.text(titles.get(r.module_id, r.module_id))}</p>"
                f'<p class="mm-question">{html.text(r.prompt)}</p>'
                f'<div class="mm-journal-text">{html.paragraphs(r.text)}</div></article>'
                for r in saved
            )
            self.entries.value = items
        replies = latest_replies(self.course, self.session)
        if replies:
            self.entries.value += '<h3 class="mm-subheading">Replies you drafted</h3>' + "".join(
                f'<article class="mm-card mm-journal-entry"><p class="mm-eyebrow">'
                f'{html.text(title)}</p><div class="mm-journal-text">{html.paragraphs(reply)}'
                "</div></article>"
                for title, reply, _when in replies
            )
        self.download.content = journal_markdown(self.course, self.session)

    def export_file(self) -> Path:
        """Write the journal as Markdown into ``export_dir`` and say where."""
        path = save_journal(self.export_dir, journal_markdown(self.course, self.session))
        self.export_status.value = (
            f'<p class="mm-score" role="status">Saved to {html.text(path)}.</p>'
        )
        return path

    def ask_to_delete(self) -> None:
        """First step: explain and ask for confirmation."""
        self.confirm_button.layout.display = ""
        self.cancel_button.layout.display = ""
        self.delete_button.layout.display = "none"
        self.delete_status.value = html.message(
            "This permanently removes every answer, reflection and challenge entry you have "
            "saved. Download your journal first if you want to keep it. Delete everything?"
        )

    def cancel_delete(self) -> None:
        """Back out of deleting."""
        self.confirm_button.layout.display = "none"
        self.cancel_button.layout.display = "none"
        self.delete_button.layout.display = ""
        self.delete_status.value = ""

    def delete(self) -> None:
        """Second step: delete the learner's rows (the session then redraws the journal)."""
        if not self.session.run_storage(self.session.forget_me, "Your data could not be deleted"):
            return
        self.cancel_delete()
        self.delete_status.value = (
            '<p class="mm-score" role="status">Your data has been deleted.</p>'
        )
