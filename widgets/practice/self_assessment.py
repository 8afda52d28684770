"""SelfAssessment: rate the five practices and three barriers, before and after the course."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw
import traitlets

from widgets.content.models import SelfAssessment
from widgets.ui import html
from widgets.ui.charts import INK, chart_png, new_chart
from widgets.ui.form_button import FormButton
from widgets.ui.radio_group import RadioGroup
from widgets.ui.style import actions_row

STAGES = {"before": "At the start", "after": "At the end"}


def comparison_chart_png(
    assessment: SelfAssessment, before: dict[str, int], after: dict[str, int]
) -> bytes:
    """Grouped horizontal bars of each item before and after, as PNG bytes.

    The figure keeps a white background in both themes; the two series differ in colour and
    in hatching, so they can be told apart without colour.
    """
    items = list(assessment.items)
    labels = [item.label for item in items][::-1]
    positions = range(len(items))
    height = 0.38
    ink = INK
    figure, axes = new_chart(7.0, 0.55 * len(items) + 1.4)
    series = (
        ("At the start", before, "#8a8a8a", "//", -height / 2),
        ("At the end", after, "#0b57a4", "", height / 2),
    )
    for name, values, colour, hatch, shift in series:
        data = [values.get(item.id, 0) for item in items][::-1]
        axes.barh(
            [p - shift for p in positions], data, height=height, color=colour, hatch=hatch,
            edgecolor="white", label=name,
        )
    axes.set_yticks(list(positions), labels, color=ink)
    axes.set_xlim(0, len(assessment.scale))
    axes.set_xticks(range(1, len(assessment.scale) + 1))
    axes.set_xlabel(
        f"1 = {assessment.scale[0]}, {len(assessment.scale)} = {assessment.scale[-1]}", color=ink
    )
    axes.legend(loc="lower right", frameon=False, labelcolor=ink)
    return chart_png(figure)


class SelfAssessmentForm(ipw.VBox):
    """One set of Likert items for a stage (``before`` or ``after``), with Save and a chart.

    ``save_handler(stage, values)`` stores the ratings and returns True when kept. Drive it by
    setting ``scales[item_id].value`` and calling ``save_button.click()``.
    """

    complete = traitlets.Bool(False, help="True once every item has a rating")
    saved = traitlets.Bool(False, help="True once this stage has been saved")

    def __init__(
        self,
        assessment: SelfAssessment,
        stage: str,
        save_handler: Callable[[str, dict[str, int]], bool] | None = None,
    ):
        if stage not in STAGES:
            raise ValueError(f"stage must be one of {', '.join(STAGES)}")
        self.assessment = assessment
        self.stage = stage
        self._save_handler = save_handler
        self.before: dict[str, int] = {}
        self.scales: dict[str, RadioGroup] = {}
        rows: list[ipw.Widget] = []
        options = [(f"{n} {label}", n) for n, label in enumerate(assessment.scale, start=1)]
        for group, heading in (("practice", "The five practices"), ("barrier", "The barriers")):
            items = [item for item in assessment.items if item.group == group]
            if not items:
                continue
            rows.append(ipw.HTML(f'<h3 class="mm-subheading">{heading}</h3>'))
            for item in items:
                scale = RadioGroup(options=options, description=item.statement)
                scale.add_class("mm-likert")
                scale.observe(self._on_change, names="value")
                self.scales[item.id] = scale
                rows.append(scale)
        intro = (
            "Rate each statement as it is for you today. There are no right answers; you will "
            "compare at the end of the course."
            if stage == "before"
            else "Rate the same statements again, as they are for you now, then compare."
        )
        self.header = ipw.HTML(
            '<p class="mm-eyebrow">Self-assessment · '
            f'{html.text(STAGES[stage].lower())}</p><p>{html.text(intro)}</p>'
        )
        self.save_button = FormButton(
            description="Save my ratings", button_style="primary",
            tooltip="Save your ratings for this stage",
        )
        self.save_button.on_click(lambda _: self.save())
        self.status = ipw.HTML()
        self.chart = ipw.HTML()
        self.chart_png = b""
        self.table = ipw.HTML()
        actions = actions_row(self.save_button, self.status)
        super().__init__(
            [self.header, *rows, actions, self.table, self.chart],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-self-assessment")

    def set_save_handler(self, handler: Callable[[str, dict[str, int]], bool]) -> None:
        """Choose where saved ratings go."""
        self._save_handler = handler

    def values(self) -> dict[str, int]:
        """The ratings chosen so far."""
        return {key: scale.value for key, scale in self.scales.items() if scale.value is not None}

    def load(self, own: dict[str, int], before: dict[str, int] | None = None) -> None:
        """Show saved ratings for this stage and, for ``after``, the ``before`` ratings."""
        for key, scale in self.scales.items():
            scale.value = own.get(key)
        self.before = dict(before or {})
        self.saved = bool(own) and self.complete
        self._show_results()

    def save(self) -> bool:
        """Save the ratings if every item has one; draw the comparison when possible."""
        missing = [
            item.label for item in self.assessment.items if self.scales[item.id].value is None
        ]
        if missing:
            self.status.value = html.message(
                f"Rate every statement first (still to do: {', '.join(missing)}).", kind="info"
            )
            return False
        kept = self._save_handler(self.stage, self.values()) if self._save_handler else False
        self.saved = True
        self.status.value = (
            '<p class="mm-score" role="status">Saved.</p>' if kept
            else '<p class="mm-score" role="status">Noted for this visit only.</p>'
        )
        self._show_results()
        return kept

    def _on_change(self, change: dict) -> None:
        self.complete = all(scale.value is not None for scale in self.scales.values())

    def _show_results(self) -> None:
        after = self.values()
        if self.stage != "after" or not self.saved:
            self.chart.value = ""
            self.table.value = ""
            return
        if not self.before:
            self.table.value = html.message(
                "There are no start-of-course ratings to compare with: take the self-assessment "
                "in Foundations to see a before and after next time.",
                kind="info",
            )
            self.chart.value = ""
            return
        rows = "".join(
            f'<tr><th scope="row">{html.text(item.label)}</th>'
            f"<td>{self.before.get(item.id, '–')}</td><td>{after.get(item.id, '–')}</td>"
            f"<td>{_change(self.before.get(item.id), after.get(item.id))}</td></tr>"
            for item in self.assessment.items
        )
        self.table.value = (
            '<table class="mm-table"><caption>Your ratings, before and after</caption>'
            '<thead><tr><th scope="col">Statement</th><th scope="col">Start</th>'
            '<th scope="col">End</th><th scope="col">Change</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
        self.chart_png = comparison_chart_png(self.assessment, self.before, after)
        self.chart.value = html.png_image(
            self.chart_png, "Bar chart of your ratings at the start and at the end; "
            "the table above gives the same numbers."
        )


def _change(before: int | None, after: int | None) -> str:
    if before is None or after is None:
        return "–"
    delta = after - before
    return f"+{delta}" if delta > 0 else str(delta) if delta < 0 else "no change"
