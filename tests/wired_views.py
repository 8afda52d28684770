"""The learner's views wired to the course actions for a session, as the pages wire them
(the tests give a fake clock where a view shows something that depends on the time)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from widgets.actions.challenge import challenge_week, log_challenge_day, plan_challenge_week
from widgets.actions.journal import read_journal
from widgets.actions.plans import make_if_then_plan, plan_for, plans_ahead
from widgets.actions.profile import choose_name
from widgets.actions.progress import home_facts
from widgets.actions.record import modules_to_do, record_facts
from widgets.actions.reviews import utc_now
from widgets.content.models import Course, Practice
from widgets.identity.session import LearnerSession
from widgets.lasting.completion_record import CompletionRecord
from widgets.lasting.if_then_plan import IfThenPlanner
from widgets.lasting.reminders import Reminders
from widgets.lasting.week_review import WeekInReview
from widgets.learner.challenge_log import ChallengeLog
from widgets.learner.course_home import CourseHome
from widgets.learner.journal import Journal
from widgets.learner.learner_panel import LearnerPanel

Clock = Callable[[], datetime]


def course_home(course: Course, session: LearnerSession, clock: Clock = utc_now) -> CourseHome:
    return CourseHome(
        course, session,
        load=lambda: home_facts(course, session.storage, session.learner_id, clock()),
    )


def learner_panel(session: LearnerSession) -> LearnerPanel:
    return LearnerPanel(
        session, on_name=lambda name: choose_name(session.storage, session.learner_id, name)
    )


def completion_record(
    course: Course, session: LearnerSession, clock: Clock = utc_now
) -> CompletionRecord:
    return CompletionRecord(
        course, session,
        to_do=lambda: modules_to_do(course, session.storage, session.learner_id),
        facts=lambda include_texts: record_facts(
            course, session.storage, session.learner_id, include_texts, clock()
        ),
    )


def journal(course: Course, session: LearnerSession, export_dir: Path | None = None) -> Journal:
    return Journal(
        course, session, load=lambda: read_journal(session.storage, session.learner_id),
        record=completion_record(course, session), export_dir=export_dir,
    )


def challenge_log(course: Course, session: LearnerSession) -> ChallengeLog:
    return ChallengeLog(
        course, session,
        load=lambda: challenge_week(session.storage, session.learner_id),
        on_plan=lambda plans: plan_challenge_week(session.storage, session.learner_id, plans),
        on_log=lambda day, practice, what, landed: log_challenge_day(
            session.storage, session.learner_id, day, practice, what, landed
        ),
    )


def week_in_review(course: Course, session: LearnerSession) -> WeekInReview:
    return WeekInReview(
        course, session, load=lambda: challenge_week(session.storage, session.learner_id)
    )


def reminders(course: Course, session: LearnerSession, clock: Clock = utc_now) -> Reminders:
    return Reminders(
        course, session, load=lambda: plans_ahead(session.storage, session.learner_id),
        clock=clock,
    )


def planner(practice: Practice, session: LearnerSession) -> IfThenPlanner:
    return IfThenPlanner(
        practice, session,
        load=lambda: plan_for(session.storage, session.learner_id, practice.id),
        on_save=lambda situation, action: make_if_then_plan(
            session.storage, session.learner_id, practice.id, situation, action
        ),
    )
