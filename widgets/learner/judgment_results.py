"""The judgment check's results for the learner: per practice, what they felt (their
self-assessment) beside what they chose (the check), before and after; then each item with
the key and why, once the after-check is done."""

from __future__ import annotations

from widgets.actions.judgment import JudgmentSummary, StageResult
from widgets.content.judgment import JudgmentCheck
from widgets.ui import html


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _felt(value: int | None, top: int) -> str:
    return "–" if value is None else f"{value} of {top}"


def scores_table_html(summary: JudgmentSummary, scale_top: int = 5) -> str:
    """Before and after per practice, self-assessment beside the check, as a table."""
    follow_up = any(row.chose_follow_up is not None for row in summary.rows)
    head = (
        "<tr><th scope=\"col\">Practice</th>"
        "<th scope=\"col\">What you felt, before → after</th>"
        "<th scope=\"col\">What you chose, before → after</th>"
        + ("<th scope=\"col\">Three weeks on</th>" if follow_up else "") + "</tr>"
    )
    rows = "".join(
        f'<tr data-practice="{html.text(row.practice)}"><th scope="row">'
        f"{html.text(row.title)}</th>"
        f"<td>{_felt(row.felt_before, scale_top)} → {_felt(row.felt_after, scale_top)}</td>"
        f'<td class="mm-judgment-chose">{_score(row.chose_before)} → '
        f"{_score(row.chose_after)}</td>"
        + (f"<td>{_score(row.chose_follow_up)}</td>" if follow_up else "") + "</tr>"
        for row in summary.rows
    )
    totals = " · ".join(
        f"{label}: {_score(summary.score(stage))}"
        for stage, label in (("before", "before"), ("after", "after"),
                             ("follow-up", "three weeks on"))
        if summary.score(stage) is not None
    )
    return (
        '<div class="mm-table-scroll"><table class="mm-judgment-table">'
        "<caption>Your judgment check, 0 to 100 (how close your ratings came to the "
        f"key's), beside your self-assessment</caption><thead>{head}</thead>"
        f"<tbody>{rows}</tbody></table></div>"
        + (f'<p class="mm-score">Whole check: {html.text(totals)}</p>' if totals else "")
    )


def key_html(check: JudgmentCheck, result: StageResult) -> str:
    """Each item of a finished stage: the learner's rating of each response beside the
    key's, and why the key rates it so."""
    parts = []
    for item in result.items:
        rating = result.rated.get(item.id)
        rows = "".join(
            f"<tr><td>{html.text(option.text)}</td>"
            f"<td>{rating.ratings.get(option.id, '–') if rating else '–'}</td>"
            f"<td><strong>{option.effectiveness}</strong></td>"
            f"<td>{html.text(option.rationale)}</td></tr>"
            for option in sorted(item.options, key=lambda o: -o.effectiveness)
        )
        score = f" · your score {rating.score:.0f}" if rating else ""
        parts.append(
            f'<details class="mm-judgment-key"><summary>{html.text(item.title)}{score}'
            f"</summary>{html.paragraphs(item.situation)}"
            '<div class="mm-table-scroll"><table><thead><tr><th scope="col">Response</th>'
            '<th scope="col">You</th><th scope="col">Key</th><th scope="col">Why</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></div></details>"
        )
    return "".join(parts)


def judgment_results_html(
    check: JudgmentCheck, summary: JudgmentSummary, scale_top: int = 5
) -> str:
    """The learner's results: the scores side by side, then (once the after-check is done)
    the key of each check they took."""
    if not any(result.finished for result in summary.results.values()):
        return ""
    parts = [
        '<h3 class="mm-title">What you felt, and what you chose</h3>',
        scores_table_html(summary, scale_top),
    ]
    if summary.feedback_open:
        for stage, label in (("before", "Your before-check"), ("after", "Your after-check"),
                             ("follow-up", "Your follow-up check")):
            result = summary.results[stage]
            if result.finished:
                parts.append(f'<h4 class="mm-subheading">{label}: the key and why</h4>')
                parts.append(key_html(check, result))
    else:
        parts.append(
            '<p class="mm-hint">The key and the reasons behind it open once you finish the '
            "after-check at the end of the course, so that the second check still measures "
            "your judgment.</p>"
        )
    return '<div class="mm-judgment-results">' + "".join(parts) + "</div>"
