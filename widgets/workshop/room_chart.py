"""The room's answers to a scenario as a chart: bars, figures in words, revealed feedback."""

from __future__ import annotations

from widgets.content.kinds import RoomSummary, option_letter
from widgets.content.models import Scenario
from widgets.ui import html


def choice_chart_html(
    scenario: Scenario,
    summary: RoomSummary,
    revealed: tuple[int, ...],
    order: tuple[int, ...] | None = None,
    mark_key: bool = False,
) -> str:
    """The room's answers in HTML, as the question's kind summarises them: numbers in words,
    bars for the eye (a share of the answers, or how high an option was ranked).

    ``summary`` and ``revealed`` follow the content's option order; ``order`` is the order the
    room sees the options in (``order[position]`` is a content index), lettered A, B, C...
    With ``mark_key``, the key's options say so in words (the best option, a ranking's place).
    """
    kind = scenario.question_kind
    key = set(kind.key(scenario.options)) if mark_key else set()
    rows = []
    for position, index in enumerate(order or range(len(scenario.options))):
        option = scenario.options[index]
        badge = (
            f' <span class="mm-key-badge">✓ {html.text(kind.key_label(option))}</span>'
            if index in key else ""
        )
        feedback = ""
        if index in revealed:
            feedback = (
                f'<p class="mm-bar-feedback mm-{option.rating}"><strong>'
                f"{html.text(kind.key_label(option))}:</strong> "
                f"{html.text(option.feedback)}</p>"
            )
        rows.append(
            f'<li class="mm-bar-row{" mm-bar-key" if index in key else ""}" '
            f'data-option="{html.text(option.id)}" data-count="{summary.counts[index]}">'
            f'<span class="mm-bar-label"><strong>{option_letter(position)}</strong> '
            f"{html.text(option.text)}{badge}</span>"
            f'<span class="mm-bar-track" aria-hidden="true"><span class="mm-bar" '
            f'style="width: {100 * summary.bars[index]:.0f}%"></span></span>'
            f'<span class="mm-bar-count">{html.text(summary.figures[index])}</span>'
            f"{feedback}</li>"
        )
    return (
        f'<p class="mm-score">{html.text(summary.headline)}</p>'
        f'<ul class="mm-bars" aria-label="The room\'s answers">{"".join(rows)}</ul>'
    )
