"""A room's report: one printable page with the room's answers to each scenario and the open
answers the facilitator kept, for the facilitator to print or save after the session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from widgets.content.kinds import option_letter
from widgets.content.models import Course, Scenario
from widgets.ui import html
from widgets.ui.shuffle import room_order

if TYPE_CHECKING:
    from widgets.store import OpenAnswer, Room, RoomQuestion

REPORT_CSS = """
body { font-family: system-ui, sans-serif; color: #1f1f1f; background: #fff; margin: 2rem;
       line-height: 1.45; max-width: 52rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-bottom: 0.3rem; }
.meta { color: #454545; margin-top: 0; }
.scenario, .question { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1.6rem; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; }
th, td { border: 1px solid #777; padding: 0.3rem 0.5rem; text-align: start;
         vertical-align: top; }
th { background: #eee; }
td.number { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.best td { font-weight: 600; border-width: 2px; }
.key-best { text-transform: uppercase; letter-spacing: 0.04em; }
.answers { padding-inline-start: 1.2rem; }
.answers li { margin-bottom: 0.6rem; break-inside: avoid; page-break-inside: avoid; }
.answer { margin: 0; white-space: pre-wrap; }
.by { margin: 0; color: #454545; font-size: 0.9rem; }
.note { color: #454545; font-style: italic; }
.print-hint { background: #eef3fb; border: 1px solid #0b57a4; padding: 0.5rem 0.8rem;
              border-radius: 6px; }
@media print {
  body { margin: 0; max-width: none; }
  .print-hint { display: none; }
  th { background: none; }
}
"""


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def report_date(stamp: str) -> str:
    """An ISO time as a date the way a report says it ("3 December 2026"); the text as it
    is if it is no ISO time."""
    try:
        when = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def _people(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def distribution_html(
    room_code: str, scenario: Scenario, selections: Sequence[Sequence[str]]
) -> str:
    """The room's answers to one scenario as a table: each option with its letter as the room
    saw it, how many chose it and their share (or the kind's figure, such as a ranking's mean
    rank), the key's options marked in words."""
    kind = scenario.question_kind
    summary = kind.summarise(scenario.options, selections)
    answered = len(selections)
    choice = kind.interaction == "choice"
    figure_heads = (
        '<th scope="col">Chosen by</th><th scope="col">Share of answers</th>' if choice
        else '<th scope="col">Room\'s result</th>'
    )
    rows = []
    for position, index in enumerate(room_order(room_code, len(scenario.options), scenario.id)):
        option = scenario.options[index]
        count = summary.counts[index]
        if choice:
            share = round(100 * count / answered) if answered else 0
            figures = f'<td class="number">{count}</td><td class="number">{share}%</td>'
        else:
            figures = f'<td class="number">{html.text(summary.figures[index])}</td>'
        best = option.rating == "best"
        label = kind.key_label(option)
        marks = ['<strong class="key-best">Best</strong>'] if best else []
        if not best or label.casefold() != "best":
            marks.append(html.text(label))
        rows.append(
            f'<tr class="{"best" if best else "other"}" data-option="{html.text(option.id)}">'
            f'<th scope="row">{option_letter(position)}</th>'
            f"<td>{html.text(option.text)}</td>{figures}<td>{' · '.join(marks)}</td></tr>"
        )
    # the kind's line above the bars, for a room that has finished ("4 answers.")
    caption = summary.headline.replace(" so far", "")
    return (
        f'<table class="distribution"><caption>{html.text(caption)}</caption>'
        f'<thead><tr><th scope="col">Option</th><th scope="col">Response</th>{figure_heads}'
        f'<th scope="col">Key</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def scenario_html(
    room_code: str, number: int, scenario: Scenario, participants: int,
    selections: Sequence[Sequence[str]],
) -> str:
    """One scenario of the report: its title, situation and question, how many answered, and
    the room's answers (or a line saying nobody answered)."""
    answered = len(selections)
    if answered:
        body = (
            f'<p class="answered">{answered} of '
            f"{_people(participants, 'participant', 'participants')} answered.</p>"
            + distribution_html(room_code, scenario, selections)
        )
    else:
        body = '<p class="answered note">Nobody in the room answered this scenario.</p>'
    return (
        f'<section class="scenario" data-scenario="{html.text(scenario.id)}">'
        f"<h3>Scenario {number}: {html.text(scenario.title)}</h3>"
        f"{html.paragraphs(scenario.situation, 'situation')}"
        f'<p class="prompt"><strong>{html.text(scenario.question)}</strong></p>{body}</section>'
    )


def open_question_html(question: RoomQuestion, answers: Sequence[OpenAnswer]) -> str:
    """One open question with the answers the facilitator kept (shown ones only), a name
    beside an answer only where its participant chose to show it, and how many were hidden
    or left waiting."""
    mine = [answer for answer in answers if answer.question == question.number]
    kept = [answer for answer in mine if answer.status == "shown"]
    hidden = sum(answer.status == "hidden" for answer in mine)
    waiting = sum(answer.status == "waiting" for answer in mine)
    items = "".join(
        f'<li><p class="answer"><bdi>{html.text(answer.text)}</bdi></p>'
        + (f'<p class="by">— <bdi class="name">{html.text(answer.name)}</bdi></p>'
           if answer.name else "")
        + "</li>"
        for answer in kept
    )
    listed = (
        f'<ul class="answers">{items}</ul>' if items
        else '<p class="note">No answers were kept for this question.</p>'
    )
    notes = [
        f'<p class="hidden-count">{_people(hidden, "answer was", "answers were")} hidden by '
        "the facilitator.</p>" if hidden
        else '<p class="hidden-count">No answers were hidden by the facilitator.</p>'
    ]
    if waiting:
        notes.append(
            f'<p class="waiting-count">{_people(waiting, "answer", "answers")} still '
            f"waiting for approval {'is' if waiting == 1 else 'are'} left out.</p>"
        )
    return (
        f'<section class="question" data-question="{question.number}">'
        f"<h3>Open question {question.number}: <bdi>{html.text(question.text)}</bdi></h3>"
        f"<p>{_people(len(kept), 'answer', 'answers')} kept.</p>"
        f"{listed}{''.join(notes)}</section>"
    )


def room_report_html(
    room: Room,
    course: Course,
    participants: int,
    selections: Mapping[str, list[tuple[str, ...]]],
    questions: Sequence[RoomQuestion],
    answers: Sequence[OpenAnswer],
) -> str:
    """The room's report as one standalone, printable HTML page: the room (title, date, code,
    how many joined), the room's answers to each of its scenarios (``selections``: each
    scenario's answers, the option ids each participant chose), then each open question
    with the answers kept after moderation. Everything typed is escaped."""
    title = html.text(room.title)
    scenarios = [
        course.scenarios[scenario_id] for scenario_id in room.scenario_ids
        if scenario_id in course.scenarios
    ]
    sections = "".join(
        scenario_html(room.code, number, scenario, participants,
                      selections.get(scenario.id, []))
        for number, scenario in enumerate(scenarios, start=1)
    ) or '<p class="note">This room had no scenarios.</p>'
    asked = "".join(open_question_html(question, answers) for question in questions) or (
        '<p class="note">No open questions were asked in this room.</p>'
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}: room report</title><style>{REPORT_CSS}</style></head><body>"
        '<p class="print-hint">Print this page (Ctrl+P or ⌘P) or save it as a PDF.</p>'
        f"<h1><bdi>{title}</bdi></h1>"
        f'<p class="meta">Room report · {html.text(report_date(room.created_at))} · '
        f'room code <strong class="room-code">{html.text(room.code)}</strong> · '
        f'<span class="participants" data-count="{participants}">'
        f"{_people(participants, 'participant', 'participants')}</span></p>"
        f"<h2>Scenarios</h2>{sections}<h2>Open questions</h2>{asked}</body></html>"
    )
