"""ChallengeLog: plan, log and sum up the five-day micro-moment challenge."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import ipywidgets as ipw

from widgets.actions.challenge import ChallengeWeek
from widgets.content.models import Course
from widgets.identity.session import LearnerSession
from widgets.limits import TEXT_MAX, TooLong, check_length
from widgets.store.records import CHALLENGE_DAYS as DAYS
from widgets.store.records import StorageError
from widgets.ui import html
from widgets.ui.charts import INK, chart_png, new_chart
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row

if TYPE_CHECKING:
    from widgets.store import IfThenPlan


def practice_chart_png(counts: dict[str, int], labels: dict[str, str]) -> bytes:
    """A horizontal bar chart of micro-moments per practice, as PNG bytes.

    Colours have strong contrast on the white figure background, which is kept in both
    themes so the chart reads the same everywhere.
    """
    names = [labels[key] for key in labels]
    values = [counts.get(key, 0) for key in labels]
    figure, axes = new_chart(6.4, 2.8)
    axes.barh(names[::-1], values[::-1], color="#0b57a4")
    axes.set_xlabel("Micro-moments logged", color=INK)
    axes.xaxis.get_major_locator().set_params(integer=True)
    return chart_png(figure)


class ChallengeLog(ipw.VBox):
    """The five-day challenge: a plan per day, a log of moments and a summary with a chart.

    For the session's current learner, ``load`` reads the week (plans and log),
    ``on_plan`` keeps the plan of every day (day 1's first) and ``on_log`` keeps one
    micro-moment (day, practice id, what I did, how it landed); both may raise the store's
    errors, which the log shows.
    """

    def __init__(
        self,
        course: Course,
        session: LearnerSession,
        load: Callable[[], ChallengeWeek],
        on_plan: Callable[[list[str]], None],
        on_log: Callable[[int, str, str, str], None],
    ):
        self.course = course
        self.session = session
        self.load = load
        self.on_plan = on_plan
        self.on_log = on_log
        #: the week as last read
        self.week = ChallengeWeek(plans=[], day_plans={}, entries=[])
        self.practice_titles = {pid: p.title for pid, p in course.practices.items()}
        self.plan_inputs = [
            ipw.Text(continuous_update=False,
                description=f"Day {day}",
                placeholder="Who, and which practice will you try?",
                layout=ipw.Layout(width="100%"),
            )
            for day in range(1, DAYS + 1)
        ]
        #: the learner's if-then plans from the practice modules, which the week builds on
        self.if_then = ipw.HTML("")
        self.use_plans_button = FormButton(
            description="Fill empty days from my if-then plans",
            tooltip="Put one of your if-then plans into each day that has no plan yet",
        )
        self.use_plans_button.on_click(lambda _button: self.fill_from_plans())
        self.use_plans_button.fields = list(self.plan_inputs)
        self.plan_button = FormButton(
            description="Save my plan", button_style="primary", fields=list(self.plan_inputs)
        )
        self.plan_button.on_click(lambda _button: self.save_week_plan())
        self.plan_status = ipw.HTML("")
        self.day = ipw.Dropdown(
            options=[(f"Day {day}", day) for day in range(1, DAYS + 1)], description="Day"
        )
        self.practice = ipw.Dropdown(
            options=[(title, pid) for pid, title in self.practice_titles.items()],
            description="Practice",
            layout=ipw.Layout(width="100%"),  # at most 30rem: see style.css
        )
        self.what = ipw.Textarea(continuous_update=False,
            description="What I did", placeholder="The moment, in a sentence or two.", rows=3,
            layout=ipw.Layout(width="100%"),
        )
        self.landed = ipw.Textarea(continuous_update=False,
            description="How it landed",
            placeholder="What did the other person say or do? What did you notice?",
            rows=3,
            layout=ipw.Layout(width="100%"),
        )
        self.add_button = FormButton(
            description="Add to my log", button_style="primary",
            fields=[self.day, self.practice, self.what, self.landed],
        )
        self.add_button.on_click(lambda _button: self.add_entry())
        self.add_status = ipw.HTML("")
        self.entries = ipw.HTML("")
        self.summary = ipw.HTML("")
        # an <img> with alternative text (an ipywidgets Image has none), see issue 14
        self.chart = ipw.HTML(layout=ipw.Layout(max_width="34rem"))
        self.chart_png = b""
        plan_box = ipw.VBox(
            [ipw.HTML('<h3 class="mm-title">1. Plan your week</h3>'), self.if_then,
             self.use_plans_button, *self.plan_inputs,
             actions_row(self.plan_button, self.plan_status)]
        )
        plan_box.add_class("mm-card")
        log_box = ipw.VBox(
            [ipw.HTML('<h3 class="mm-title">2. Log a micro-moment</h3>'), self.day, self.practice,
             self.what, self.landed, actions_row(self.add_button, self.add_status), self.entries]
        )
        log_box.add_class("mm-card")
        summary_box = ipw.VBox(
            [ipw.HTML('<h3 class="mm-title">3. Your week in numbers</h3>'), self.summary,
             self.chart]
        )
        summary_box.add_class("mm-card")
        super().__init__([plan_box, log_box, summary_box], layout=ipw.Layout(width="100%"))
        self.add_class("mm-challenge")
        session.on_learner(self.refresh)

    def save_week_plan(self) -> None:
        """Keep the plan for every day."""
        try:
            for field in self.plan_inputs:
                check_length(field.value, TEXT_MAX, "A day's plan")
        except TooLong as error:
            self.plan_status.value = html.message(str(error))
            return

        day_plans = [field.value for field in self.plan_inputs]
        if not self.session.run_storage(
            lambda: self.on_plan(day_plans), "Your plan could not be saved"
        ):
            return
        self.plan_status.value = '<p class="mm-score" role="status">Plan saved.</p>'

    def fill_from_plans(self) -> int:
        """Put the learner's if-then plans, in turn, into the days without a plan (not saved
        until "Save my plan"); returns how many days were filled."""
        plans = self.load().plans
        if not plans:
            return 0
        empty = [field for field in self.plan_inputs if not field.value.strip()]
        for position, field in enumerate(empty):
            field.value = plans[position % len(plans)].text + "."
        self.plan_status.value = (
            f'<p class="mm-hint" role="status">{_days(len(empty))} filled from your plans: '
            "edit them, then save your plan.</p>" if empty else
            '<p class="mm-hint" role="status">Every day already has a plan.</p>'
        )
        return len(empty)

    def _if_then_html(self, plans: Sequence[IfThenPlan]) -> str:
        self.use_plans_button.layout.display = "" if plans else "none"
        if not plans:
            return (
                '<p class="mm-hint">Each practice module ends with an if-then plan. The plans '
                "you make there show up here, ready to use.</p>"
            )
        items = "".join(
            f"<li><strong>{html.text(self.practice_titles.get(p.practice, p.practice))}"
            f"</strong>: {html.text(p.text)}.</li>"
            for p in plans
        )
        return f'<p>Your if-then plans:</p><ul class="mm-plan-list">{items}</ul>'

    def add_entry(self) -> bool:
        """Log the moment in the form; False (with a message) if it is incomplete."""
        if not self.what.value.strip():
            self.add_status.value = html.message("Describe what you did first.", kind="info")
            return False
        try:
            self.on_log(self.day.value, self.practice.value, self.what.value, self.landed.value)
        except TooLong as error:  # too long, or the log is full: the text stays in the form
            self.add_status.value = html.message(str(error))
            return False
        except StorageError as error:
            self.add_status.value = html.message(
                f"Your entry could not be saved ({error}); what you typed is still in the form."
            )
            return False
        self.add_button.clear_fields([self.what, self.landed])
        self.add_status.value = '<p class="mm-score" role="status">Added to your log.</p>'
        self.refresh()
        return True

    def counts(self) -> Counter:
        """Micro-moments logged per practice (as of the last refresh)."""
        return Counter(entry.practice for entry in self.week.entries)

    def refresh(self) -> None:
        """Read again and redraw plan, log and summary for the current learner."""
        self.week = self.load()
        self.if_then.value = self._if_then_html(self.week.plans)
        for day, field in enumerate(self.plan_inputs, start=1):
            field.value = self.week.day_plans.get(day, "")
        entries = self.week.entries
        if entries:
            self.entries.value = "".join(
                f'<article class="mm-journal-entry"><p class="mm-eyebrow">Day {entry.day} · '
                f"{html.text(self.practice_titles.get(entry.practice, entry.practice))}</p>"
                f"{html.paragraphs(entry.what_i_did)}"
                + (
                    f'<p class="mm-hint">How it landed:</p>{html.paragraphs(entry.how_it_landed)}'
                    if entry.how_it_landed.strip() else ""
                )
                + "</article>"
                for entry in entries
            )
        else:
            self.entries.value = '<p class="mm-hint">Nothing logged yet.</p>'
        counts = self.counts()
        days = len({entry.day for entry in entries})
        rows = "".join(
            f"<tr><th scope=\"row\">{html.text(title)}</th><td>{counts.get(pid, 0)}</td></tr>"
            for pid, title in self.practice_titles.items()
        )
        moments = f"{len(entries)} micro-moment{'s' if len(entries) != 1 else ''}"
        if days >= DAYS:
            status = f"{moments} on all {DAYS} days: your challenge is complete."
        else:
            left = DAYS - days
            status = (
                f"{moments} on {days} of {DAYS} days. The challenge is complete when "
                f"{DAYS} different days are logged: {left} to go."
            )
        self.summary.value = (
            f'<p role="status">{html.text(status)}</p>'
            '<table class="mm-table"><caption>Micro-moments per practice</caption>'
            f"<thead><tr><th scope=\"col\">Practice</th><th scope=\"col\">Count</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        if entries:
            self.chart_png = practice_chart_png(dict(counts), self.practice_titles)
            numbers = "; ".join(
                f"{title}: {counts.get(pid, 0)}" for pid, title in self.practice_titles.items()
            )
            self.chart.value = html.png_image(
                self.chart_png,
                f"Bar chart of your micro-moments per practice. {numbers}. "
                "The table above gives the same numbers.",
            )
            self.chart.layout.display = ""
        else:
            self.chart.layout.display = "none"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
