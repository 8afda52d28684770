"""Printable handouts (role-play cards, reflection worksheet) and the room results CSV
(scenario answers and open answers)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from widgets.content.models import Course, Workshop
from widgets.ui import html
from widgets.ui.shuffle import room_order

if TYPE_CHECKING:
    from widgets.store import OpenAnswer, Room, RoomAnswer, RoomQuestion

PRINT_CSS = """
body { font-family: system-ui, sans-serif; color: #1f1f1f; background: #fff; margin: 2rem;
       line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
.card { border: 2px dashed #555; border-radius: 8px; padding: 1rem 1.2rem; margin: 1rem 0;
        break-inside: avoid; page-break-inside: avoid; }
.card .parts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.card .part { border-top: 1px solid #999; padding-top: 0.5rem; }
.practice { text-transform: uppercase; letter-spacing: 0.05em; font-size: 0.8rem; color: #454545; }
.worksheet li { margin-bottom: 1.2rem; break-inside: avoid; }
.lines { border-bottom: 1px solid #777; height: 1.8rem; }
.print-hint { background: #eef3fb; border: 1px solid #0b57a4; padding: 0.5rem 0.8rem;
              border-radius: 6px; }
.join-sheet { text-align: center; }
.join-qr svg { width: min(70vw, 12cm); height: auto; }
.join-code { font-size: 3rem; font-weight: 700; letter-spacing: 0.08em; margin: 0.5rem 0; }
.join-url { font-size: 1.1rem; overflow-wrap: anywhere; }
@media (max-width: 600px) { .card .parts { grid-template-columns: 1fr; } }
@media print {
  body { margin: 0; }
  .print-hint { display: none; }
  .page { break-after: page; page-break-after: always; }
  .card { border-color: #000; }
}
"""


def join_sheet(code: str, link: str, qr: str) -> str:
    """A page to put on the wall or the tables: the room code, its QR code and its link
    (``qr`` is the kernel's own SVG of ``link``)."""
    return (
        '<section class="page join-sheet"><h1>Join the workshop room</h1>'
        "<p>Scan the code with a phone camera, or open the link and type the room code.</p>"
        f'<div class="join-qr">{qr}</div>'
        f'<p class="join-code">{html.text(code)}</p>'
        f'<p class="join-url">{html.text(link)}</p></section>'
    )


def handouts_html(
    workshop: Workshop, course: Course, join: tuple[str, str, str] | None = None
) -> str:
    """A standalone, printable HTML page: with ``join`` (a room's code, join link and QR
    code), a page to join the room first; then one card per role-play, then the
    worksheet."""
    titles = {pid: practice.title for pid, practice in course.practices.items()}
    cards = []
    for card in workshop.role_play_cards:
        debrief = "".join(f"<li>{html.text(q)}</li>" for q in card.debrief)
        cards.append(
            '<section class="card">'
            f'<p class="practice">{html.text(titles.get(card.practice, card.practice))}</p>'
            f"<h3>{html.text(card.title)}</h3>{html.paragraphs(card.situation)}"
            '<div class="parts">'
            f'<div class="part"><h4>Partner A: {html.text(card.partner_a.role)}</h4>'
            f"{html.paragraphs(card.partner_a.brief)}</div>"
            f'<div class="part"><h4>Partner B: {html.text(card.partner_b.role)}</h4>'
            f"{html.paragraphs(card.partner_b.brief)}</div></div>"
            + (f"<h4>Afterwards, talk about</h4><ul>{debrief}</ul>" if debrief else "")
            + "</section>"
        )
    questions = "".join(
        f'<li><p>{html.text(q)}</p><div class="lines"></div><div class="lines"></div>'
        '<div class="lines"></div></li>'
        for q in workshop.worksheet
    )
    # a workshop's title may already carry the course's ("Leadership in Micro-Moments: a
    # 60-minute workshop"): say it once
    full = (
        workshop.title if workshop.title.startswith(course.title)
        else f"{course.title}: {workshop.title}"
    )
    title = html.text(full)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} handouts</title><style>{PRINT_CSS}</style></head><body>"
        '<p class="print-hint">Print this page (Ctrl+P or ⌘P). Each role-play card prints '
        "whole; cut along the dashed lines. The worksheet starts on a new page.</p>"
        + (join_sheet(*join) if join else "")
        + f'<div class="page"><h1>{title}</h1><h2>Role-play cards</h2>{"".join(cards)}</div>'
        f'<div class="worksheet"><h1>Reflection worksheet</h1>'
        "<p>Name (optional): ______________________</p>"
        f"<ol>{questions}</ol></div></body></html>"
    )


def _safe_cell(value: str) -> str:
    """Stop a spreadsheet from reading a learner's text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def rating_of(score: float) -> str:
    """An answer's rating from its score: the key's answer is best, none of it a miss."""
    return "best" if score >= 1.0 else "partial" if score > 0 else "miss"


def results_csv(
    room: Room,
    answers: Sequence[RoomAnswer],
    course: Course,
    open_answers: Sequence[OpenAnswer] = (),
    questions: Sequence[RoomQuestion] = (),
) -> str:
    """The room's answers as CSV: one row per answer, with its rating and score, names only
    for those who opted in; then one row per open answer (every one, with its moderation:
    shown, hidden or waiting), under its question's text. It starts with a byte-order mark,
    so that a spreadsheet reads it as UTF-8 (names in Arabic, or with emoji, come out as
    typed)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([
        "room", "scenario_id", "scenario", "options_chosen", "option_ids", "answer", "rating",
        "score", "participant", "answered_at", "open_question", "open_answer", "moderation",
    ])
    for answer in answers:
        scenario = course.scenarios.get(answer.scenario_id)
        letters, texts, rating, score = "", "", "", ""
        if scenario is not None:
            # letters as the room saw them, so the CSV matches the shared screen
            order = room_order(room.code, len(scenario.options), scenario.id)
            chosen = scenario.indices_of([str(value) for value in answer.selected])
            place = {index: position for position, index in enumerate(order)}
            letters, texts = scenario.question_kind.csv_cells(
                [place[index] for index in chosen],
                [scenario.options[index].text for index in order],
            )
            points = scenario.score(chosen)
            rating, score = rating_of(points), str(round(100 * points))
        writer.writerow([
            room.code, answer.scenario_id, scenario.title if scenario else "", letters,
            ";".join(str(value) for value in answer.selected), _safe_cell(texts), rating, score,
            _safe_cell(answer.participant), answer.answered_at, "", "", "",
        ])
    asked = {question.number: question.text for question in questions}
    for given in open_answers:
        writer.writerow([
            room.code, "", "", "", "", "", "", "", _safe_cell(given.participant),
            given.answered_at, _safe_cell(asked.get(given.question, "")),
            _safe_cell(given.text), given.status,
        ])
    return buffer.getvalue()
