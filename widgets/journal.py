"""Journal: every reflection in one place, exported as Markdown, and "delete my data"."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as ipw

from . import html
from .download_button import DownloadButton
from .models import Course
from .session import LearnerSession
from .style import actions_row


def latest_replies(course: Course, session: LearnerSession) -> list[tuple[str, str, str]]:
    """The last reply drafted in each practice exercise: (exercise title, reply, when)."""
    latest: dict[str, tuple[str, str, str]] = {}
    for result in session.storage.practice_results(session.learner_id):
        reply = result.result.get("reply") if isinstance(result.result, dict) else None
        if result.kind in ("reply", "pause") and isinstance(reply, str):
            exercise = course.exercises.get(result.item_id)
            title = exercise.title if exercise else result.item_id
            latest[result.item_id] = (title, reply, result.recorded_at)
    return list(latest.values())


def journal_markdown(course: Course, session: LearnerSession) -> str:
    """The learner's reflections and challenge log as a Markdown document, text verbatim."""
    storage, learner = session.storage, session.learner_id
    titles = {module.id: module.title for module in course.modules}
    name = session.display_name
    lines = [f"# My micro-moments journal{f' ({name})' if name else ''}", ""]
    saved = storage.reflections(learner)
    if not saved:
        lines += ["No reflections yet.", ""]
    for reflection in saved:
        lines += [
            f"## {titles.get(reflection.module_id, reflection.module_id)}",
            "",
            f"**{reflection.prompt}**",
            "",
            f"_Saved {reflection.saved_at[:16].replace('T', ' ')} UTC_",
            "",
            reflection.text,
            "",
        ]
    replies = latest_replies(course, session)
    if replies:
        lines += ["## Replies I drafted in the practice exercises", ""]
        for title, reply, _when in replies:
            lines += [f"### {title}", "", reply, ""]
    entries = storage.challenge_entries(learner)
    if entries:
        lines += ["## Five-day challenge log", ""]
        for entry in entries:
            practice = course.practices.get(entry.practice)
            lines += [
                f"### Day {entry.day}: {practice.title if practice else entry.practice}",
                "",
                "What I did:",
                "",
                entry.what_i_did,
                "",
                "How it landed:",
                "",
                entry.how_it_landed,
                "",
            ]
    return "\n".join(lines)


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
        path = self.export_dir / "micro-moments-journal.md"
        path.write_text(journal_markdown(self.course, self.session), encoding="utf-8")
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
