"""The learner's journal as a Markdown document, and saving it next to the notebook.

Kept apart from the Journal widget, so that no widget writes files itself. Pure functions of
the journal as :func:`widgets.actions.journal.read_journal` reads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from widgets.actions.journal import JournalFacts
from widgets.content.models import Course

if TYPE_CHECKING:
    from widgets.store import IfThenPlan, PracticeResult, ReviewItem

JOURNAL_FILE = "micro-moments-journal.md"


def latest_replies(
    course: Course, results: Sequence[PracticeResult]
) -> list[tuple[str, str, str]]:
    """The last reply drafted in each practice exercise: (exercise title, reply, when)."""
    latest: dict[str, tuple[str, str, str]] = {}
    for result in results:
        reply = result.result.get("reply") if isinstance(result.result, dict) else None
        if result.kind in ("reply", "pause") and isinstance(reply, str):
            exercise = course.exercises.get(result.item_id)
            title = exercise.title if exercise else result.item_id
            latest[result.item_id] = (title, reply, result.recorded_at)
    return list(latest.values())


def journal_markdown(course: Course, journal: JournalFacts) -> str:
    """The learner's reflections and challenge log as a Markdown document, text verbatim."""
    titles = {module.id: module.title for module in course.modules}
    name = journal.name
    lines = [f"# My micro-moments journal{f' ({name})' if name else ''}", ""]
    saved = journal.reflections
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
    replies = latest_replies(course, journal.practice_results)
    if replies:
        lines += ["## Replies I drafted in the practice exercises", ""]
        for title, reply, _when in replies:
            lines += [f"### {title}", "", reply, ""]
    lines += plan_and_review_lines(course, journal.plans, journal.reviews)
    if journal.judgment:
        lines += ["## My judgment check (0 to 100), before and after", "",
                  "| Practice | Before | After |", "|---|---|---|"]
        lines += [
            f"| {title} | {_score(before)} | {_score(after)} |"
            for title, before, after in journal.judgment
        ]
        lines.append("")
    entries = journal.challenge_entries
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


def review_rows(
    course: Course, reviews: Sequence[ReviewItem]
) -> list[tuple[str, str, int, str]]:
    """The learner's review schedule (``reviews``, soonest first): (scenario title, practice
    title, reviews done, next review date)."""
    rows = []
    for item in reviews:
        scenario = course.scenarios.get(item.scenario_id)
        practice = course.practices.get(scenario.practice) if scenario else None
        rows.append((
            scenario.title if scenario else item.scenario_id,
            practice.title if practice else "",
            item.reviews,
            item.due_at[:10],
        ))
    return rows


def plan_and_review_lines(
    course: Course, plans: Sequence[IfThenPlan], reviews: Sequence[ReviewItem]
) -> list[str]:
    """The Markdown of the learner's if-then plans and review schedule ([] if neither)."""
    lines: list[str] = []
    if plans:
        lines += ["## My if-then plans", ""]
        for plan in plans:
            practice = course.practices.get(plan.practice)
            lines += [f"- {practice.title if practice else plan.practice}: {plan.text}."]
        lines.append("")
    rows = review_rows(course, reviews)
    if rows:
        lines += [
            "## My review schedule", "",
            "| Scenario | Practice | Reviews done | Next review |", "|---|---|---|---|",
        ]
        lines += [
            f"| {_cell(title)} | {_cell(practice)} | {reviews} | {due} |"
            for title, practice, reviews, due in rows
        ]
        lines.append("")
    return lines


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def save_journal(folder: Path, markdown: str) -> Path:
    """Write the journal into ``folder`` (JupyterLab only) and return the file's path."""
    path = Path(folder) / JOURNAL_FILE
    path.write_text(markdown, encoding="utf-8")
    return path
