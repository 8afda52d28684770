"""The scenario card: what every page shows of a question before its options (the quiz, the
room's participant page and the facilitator's dashboard draw it alike)."""

from __future__ import annotations

from widgets.content.models import Scenario
from widgets.ui import html


def scenario_card(
    scenario: Scenario, eyebrow: str, *, level: int = 3, heading_id: str = ""
) -> str:
    """The eyebrow line, the title, the situation, the question and how to answer it, as HTML
    (every content text escaped); ``heading_id`` makes the title a focus target."""
    target = f' id="{html.text(heading_id)}" tabindex="-1"' if heading_id else ""
    hint = scenario.question_kind.hint
    return (
        f'<p class="mm-eyebrow">{html.text(eyebrow)}</p>'
        f'<h{level} class="mm-title"{target}>{html.text(scenario.title)}</h{level}>'
        f'<div class="mm-situation">{html.paragraphs(scenario.situation)}</div>'
        f'<p class="mm-question" id="q-{html.text(scenario.id)}">'
        f"{html.text(scenario.question)}</p>"
        + (f'<p class="mm-hint">{html.text(hint)}</p>' if hint else "")
    )
