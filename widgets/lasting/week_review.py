"""WeekInReview: the learner's plans beside their challenge log, for the end-of-week look back."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw

from widgets.actions.challenge import ChallengeWeek
from widgets.content.models import Course
from widgets.identity.session import LearnerSession
from widgets.store.records import CHALLENGE_DAYS as DAYS
from widgets.ui import html


class WeekInReview(ipw.VBox):
    """Day by day: what the learner planned (day plan and if-then plans) and what they logged
    (``load`` reads the week of the session's current learner)."""

    def __init__(
        self, course: Course, session: LearnerSession, load: Callable[[], ChallengeWeek]
    ):
        self.course = course
        self.session = session
        self.load = load
        self.titles = {pid: p.title for pid, p in course.practices.items()}
        self.body = ipw.HTML("")
        super().__init__(
            [ipw.HTML('<h3 class="mm-title">Your plans beside your log</h3>'), self.body],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-week-review")
        session.on_learner(self.refresh)

    def refresh(self) -> None:
        """Read again and redraw for the current learner."""
        week = self.load()
        plans, day_plans, entries = week.plans, week.day_plans, week.entries
        if_then = "".join(
            f"<li>{html.text(self.titles.get(p.practice, p.practice))}: {html.text(p.text)}.</li>"
            for p in plans
        ) or "<li>No if-then plans yet.</li>"
        rows = []
        for day in range(1, DAYS + 1):
            logged = [entry for entry in entries if entry.day == day]
            done = "".join(
                f"<p><strong>{html.text(self.titles.get(e.practice, e.practice))}</strong>: "
                f"{html.text(e.what_i_did)}</p>"
                for e in logged
            ) or '<p class="mm-hint">Nothing logged.</p>'
            planned = day_plans.get(day, "").strip()
            rows.append(
                f'<tr><th scope="row">Day {day}</th>'
                f"<td>{html.text(planned) if planned else '—'}</td><td>{done}</td></tr>"
            )
        self.body.value = (
            f'<p>Your if-then plans:</p><ul class="mm-plan-list">{if_then}</ul>'
            '<table class="mm-table mm-week-table"><caption>Each day: the plan and what you '
            'logged</caption><thead><tr><th scope="col">Day</th><th scope="col">Planned</th>'
            f'<th scope="col">Logged</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        )
