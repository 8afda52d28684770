"""Journal: every reflection in one place, exported as Markdown, and "delete my data"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as ipw

from widgets.actions.journal import JournalFacts
from widgets.content.models import Course
from widgets.identity.session import LearnerSession
from widgets.lasting.completion_record import CompletionRecord
from widgets.learner.journal_export import (
    journal_markdown,
    latest_replies,
    review_rows,
    save_journal,
)
from widgets.learner.reporting_notice import ReportingNotice
from widgets.ui import html
from widgets.ui.download_button import DownloadButton
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row


class Journal(ipw.VBox):
    """The learner's journal with export and a two-step delete.

    ``load`` reads the journal of the session's current learner; ``record`` is the
    completion record shown in it.
    """

    def __init__(
        self,
        course: Course,
        session: LearnerSession,
        load: Callable[[], JournalFacts],
        record: CompletionRecord,
        export_dir: Path | None = None,
    ):
        self.course = course
        self.session = session
        self.load = load
        self.export_dir = export_dir or Path.cwd()
        self.entries = ipw.HTML("")
        #: the learner's if-then plans and review schedule
        self.plans_and_reviews = ipw.HTML("")
        self.record = record
        # made when asked for: the file then comes with the kernel's message (content synced
        # ahead of a click could still be on its way when the page saved the file)
        self.download = DownloadButton(
            provider=lambda: journal_markdown(self.course, self.load()),
            label="Download my journal (.md)", filename="micro-moments-journal.md",
        )
        self.export_button = FormButton(
            description="Save journal as a file", tooltip="Write the journal next to this notebook"
        )
        self.export_button.on_click(lambda _button: self.export_file())
        self.export_status = ipw.HTML("")
        self.delete_button = FormButton(
            description="Delete my data…", button_style="danger",
            tooltip="Remove every answer and reflection you have saved",
        )
        self.confirm_button = FormButton(
            description="Yes, delete everything", button_style="danger",
            layout=ipw.Layout(display="none"),
        )
        self.cancel_button = FormButton(description="Cancel", layout=ipw.Layout(display="none"))
        self.delete_status = ipw.HTML("")
        #: what deleting removes, shown above the buttons that confirm it
        self.delete_warning = ipw.HTML("")
        self.delete_button.on_click(lambda _button: self.ask_to_delete())
        self.confirm_button.on_click(lambda _button: self.delete())
        self.cancel_button.on_click(lambda _button: self.cancel_delete())
        export_row = ipw.HBox(
            [self.download] + ([self.export_button] if session.mode != "web" else [])
        )
        export_row.add_class("mm-actions")
        delete_row = actions_row(self.delete_button, self.confirm_button, self.cancel_button)
        #: what is reported to the organisation, when the host reports to an LRS
        self.reporting_notice = ReportingNotice(session.reporting, session.mode)
        super().__init__(
            [self.reporting_notice, self.entries, self.plans_and_reviews, self.record,
             export_row, self.export_status, self.delete_warning, delete_row,
             self.delete_status],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-journal")
        session.on_learner(self.refresh)

    def refresh(self) -> None:
        """Read again and redraw the journal for the current learner."""
        journal = self.load()
        saved = journal.reflections
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
        replies = latest_replies(self.course, journal.practice_results)
        if replies:
            self.entries.value += '<h3 class="mm-subheading">Replies you drafted</h3>' + "".join(
                f'<article class="mm-card mm-journal-entry"><p class="mm-eyebrow">'
                f'{html.text(title)}</p><div class="mm-journal-text">{html.paragraphs(reply)}'
                "</div></article>"
                for title, reply, _when in replies
            )
        self.plans_and_reviews.value = self._plans_and_reviews_html(journal)

    def _plans_and_reviews_html(self, journal: JournalFacts) -> str:
        titles = {pid: p.title for pid, p in self.course.practices.items()}
        plans = journal.plans
        parts = ['<h3 class="mm-subheading">My if-then plans</h3>']
        if plans:
            parts.append('<ul class="mm-plan-list">' + "".join(
                f"<li><strong>{html.text(titles.get(p.practice, p.practice))}</strong>: "
                f"{html.text(p.text)}.</li>" for p in plans
            ) + "</ul>")
        else:
            parts.append('<p class="mm-hint">No plans yet: each practice module ends with one.</p>')
        rows = review_rows(self.course, journal.reviews)
        parts.append('<h3 class="mm-subheading">My review schedule</h3>')
        if rows:
            body = "".join(
                f"<tr><td>{html.text(title)}</td><td>{html.text(practice)}</td>"
                f"<td>{reviews}</td><td>{html.text(due)}</td></tr>"
                for title, practice, reviews, due in rows
            )
            parts.append(
                '<table class="mm-table mm-review-table"><caption>Scenarios that come back '
                'for <a href="09_review.ipynb">review</a></caption><thead><tr>'
                '<th scope="col">Scenario</th><th scope="col">Practice</th>'
                '<th scope="col">Reviews done</th><th scope="col">Next review</th></tr>'
                f"</thead><tbody>{body}</tbody></table>"
            )
        else:
            parts.append('<p class="mm-hint">Nothing scheduled yet: scenarios you answer '
                         "come back for review.</p>")
        return "".join(parts)

    def export_file(self) -> Path:
        """Write the journal as Markdown into ``export_dir`` and say where."""
        path = save_journal(self.export_dir, journal_markdown(self.course, self.load()))
        self.export_status.value = (
            f'<p class="mm-score" role="status">Saved to {html.text(path)}.</p>'
        )
        return path

    def ask_to_delete(self) -> None:
        """First step: explain and ask for confirmation."""
        self.confirm_button.layout.display = ""
        self.cancel_button.layout.display = ""
        self.delete_button.layout.display = "none"
        self.delete_status.value = ""
        self.delete_warning.value = html.message(
            "This permanently removes every answer, reflection, plan, review and challenge "
            "entry you have saved. Download your journal first if you want to keep it. "
            "Delete everything?"
        )

    def cancel_delete(self) -> None:
        """Back out of deleting."""
        self.confirm_button.layout.display = "none"
        self.cancel_button.layout.display = "none"
        self.delete_button.layout.display = ""
        self.delete_status.value = ""
        self.delete_warning.value = ""

    def delete(self) -> None:
        """Second step: delete the learner's rows (the session then redraws the journal)."""
        if not self.session.run_storage(self.session.forget_me, "Your data could not be deleted"):
            return
        self.cancel_delete()
        self.delete_status.value = (
            '<p class="mm-score" role="status">Your data has been deleted.</p>'
        )
