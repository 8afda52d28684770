"""Reminders: a calendar file (.ics) with the five challenge days and the review dates.

Each day carries the learner's plan text (the day's plan and their if-then plans), so the
reminder says what to do, not only that something is due. Written with ``icalendar``; all-day
events with a 9:00 alert, which common calendar apps import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import icalendar
import ipywidgets as ipw

from widgets.actions.plans import PlansAhead
from widgets.actions.review_schedule import from_text
from widgets.actions.reviews import utc_now
from widgets.content.models import Course
from widgets.identity.session import LearnerSession
from widgets.ui.download_button import DownloadButton

if TYPE_CHECKING:
    from widgets.store import IfThenPlan, ReviewItem

CHALLENGE_DAYS = 5
CALENDAR_FILE = "micro-moments-reminders.ics"


def next_workdays(after: date, count: int = CHALLENGE_DAYS) -> list[date]:
    """The ``count`` workdays (Monday to Friday) after ``after``."""
    days, day = [], after
    while len(days) < count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def _plans_text(course: Course, plans: Sequence[IfThenPlan]) -> list[str]:
    lines = []
    for plan in plans:
        practice = course.practices.get(plan.practice)
        title = practice.title if practice else plan.practice
        lines.append(f"{title}: {plan.text}.")
    return lines


def _one_kind_of_line_break(text: str) -> str:
    """Text with every line break as ``\\n`` (a lone carriage return in a learner's plan
    would otherwise reach the calendar file as it is, which calendar readers split
    differently)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", _one_kind_of_line_break(summary))
    event.add("description", _one_kind_of_line_break(description))
    event.add("transp", "TRANSPARENT")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(hours=9))
    event.add_component(alarm)
    return event


def reminders_calendar(
    course: Course,
    plans: Sequence[IfThenPlan],
    day_plans: dict[int, str],
    reviews: Sequence[ReviewItem],
    now: datetime,
    owner: str = "",
) -> bytes:
    """The calendar: the challenge on the next five workdays, then one event per day with
    scenarios due for review (overdue ones today). ``owner`` only makes the event ids stable
    for one learner; it is hashed, never written."""
    seed = hashlib.sha256(owner.encode()).hexdigest()[:16]
    plan_lines = _plans_text(course, plans)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Leadership in Micro-Moments//course reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Micro-moments practice")
    today = now.date()
    for number, day in enumerate(next_workdays(today), start=1):
        lines = ["Create at least one positive micro-moment today, then log it."]
        if day_plans.get(number, "").strip():
            lines += ["", f"Today's plan: {day_plans[number].strip()}"]
        if plan_lines:
            lines += ["", "My if-then plans:", *plan_lines]
        calendar.add_component(_event(
            f"challenge-{day.isoformat()}-{seed}@micro-moments",
            day, f"Micro-moments challenge, day {number} of {CHALLENGE_DAYS}",
            "\n".join(lines), now,
        ))
    by_day: dict[date, list[ReviewItem]] = {}
    for item in reviews:
        by_day.setdefault(max(from_text(item.due_at).date(), today), []).append(item)
    for day, items in sorted(by_day.items()):
        practices = {
            course.scenarios[item.scenario_id].practice
            for item in items if item.scenario_id in course.scenarios
        }
        relevant = [plan for plan in plans if plan.practice in practices]
        count = f"{len(items)} scenario{'s' if len(items) != 1 else ''}"
        lines = [f"{count} due for review on the course's review page."]
        if relevant:
            lines += ["", "My if-then plans for these practices:", *_plans_text(course, relevant)]
        calendar.add_component(_event(
            f"review-{day.isoformat()}-{seed}@micro-moments",
            day, f"Micro-moments review: {count}", "\n".join(lines), now,
        ))
    return calendar.to_ical()


class Reminders(ipw.VBox):
    """Explains the reminders and offers the calendar file, made when it is downloaded
    (``load`` reads the plans and reviews of the session's current learner)."""

    def __init__(
        self,
        course: Course,
        session: LearnerSession,
        load: Callable[[], PlansAhead],
        clock: Callable[[], datetime] = utc_now,
    ):
        self.course = course
        self.session = session
        self.load = load
        self.clock = clock
        self.download = DownloadButton(
            provider=self.calendar_text,
            label="Download my reminders (.ics)",
            filename=CALENDAR_FILE,
            mime_type="text/calendar;charset=utf-8",
        )
        super().__init__(
            [
                ipw.HTML(
                    '<h3 class="mm-title">Reminders in your own calendar</h3>'
                    "<p>One file with the five challenge days (starting on the next workday) "
                    "and the days your scenarios come back for review, each with your plans. "
                    "Open it with Outlook, Google Calendar or Apple Calendar to add the "
                    "events. Download it again after you change a plan.</p>"
                ),
                self.download,
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-reminders")

    def calendar_text(self) -> str:
        """The calendar for the current learner, as text (empty before they are known)."""
        if not self.session.ready:
            return ""
        ahead = self.load()
        return reminders_calendar(
            self.course, ahead.plans, ahead.day_plans, ahead.reviews, self.clock(),
            owner=self.session.learner_id,
        ).decode("utf-8")
