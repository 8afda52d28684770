"""AgendaView: a workshop plan, segment by segment, each with its own timer."""

from __future__ import annotations

import ipywidgets as ipw

from widgets.content.models import Course, Workshop
from widgets.ui import html
from widgets.workshop.segment_timer import SegmentTimer


class AgendaView(ipw.VBox):
    """Segments in order: duration, facilitator notes, questions, scenarios, cards, timer."""

    def __init__(self, workshop: Workshop, course: Course):
        self.workshop = workshop
        self.timers: list[SegmentTimer] = []
        cards = {card.id: card for card in workshop.role_play_cards}
        children: list[ipw.Widget] = [
            ipw.HTML(
                f'<h3 class="mm-title">{html.text(workshop.title)} · {workshop.minutes} '
                f"minutes</h3>{html.paragraphs(workshop.summary)}"
            )
        ]
        start = 0
        for number, segment in enumerate(workshop.segments, start=1):
            parts = [
                f'<p class="mm-eyebrow">{start}–{start + segment.minutes} min · '
                f"{html.text(segment.kind.replace('-', ' '))}</p>",
                f'<h4 class="mm-title">{number}. {html.text(segment.title)} '
                f"({segment.minutes} min)</h4>",
                f'<div class="mm-notes"><strong>Notes:</strong> {html.paragraphs(segment.notes)}'
                "</div>",
            ]
            if segment.questions:
                items = "".join(f"<li>{html.text(q)}</li>" for q in segment.questions)
                parts.append(f"<p><strong>Ask the room</strong></p><ul>{items}</ul>")
            if segment.scenarios:
                items = "".join(
                    f"<li>{html.text(course.scenarios[s].title)}</li>"
                    for s in segment.scenarios if s in course.scenarios
                )
                parts.append(
                    "<p><strong>Scenarios on the dashboard</strong> (in this order)</p>"
                    f"<ol>{items}</ol>"
                )
            if segment.cards:
                items = "".join(
                    f"<li>{html.text(cards[c].title)}</li>" for c in segment.cards if c in cards
                )
                parts.append(
                    "<p><strong>Role-play cards</strong> (print them from the handouts)</p>"
                    f"<ul>{items}</ul>"
                )
            timer = SegmentTimer(segment.minutes, segment.title)
            self.timers.append(timer)
            box = ipw.VBox([ipw.HTML("".join(parts)), timer])
            box.add_class("mm-segment")
            children.append(box)
            start += segment.minutes
        super().__init__(children, layout=ipw.Layout(width="100%"))
        self.add_class("mm-card")
        self.add_class("mm-agenda")
