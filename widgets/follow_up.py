"""Entry points for what lasts past the course: the spaced review, if-then plans, the
reminders calendar and the completion record. Like :mod:`widgets.pages`, each returns a
ready widget tree, or a plain message if the content or the store cannot be reached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as ipw

from widgets.actions.learning import answer_scenario
from widgets.actions.reviews import (
    module_of_scenarios,
    next_due,
    review_queue,
    spoken_day,
    utc_now,
)
from widgets.content import get_course
from widgets.identity.session import get_session
from widgets.page_frame import PAGE_ERRORS, page_root, problem_page

if TYPE_CHECKING:
    from widgets.content.models import Course
    from widgets.identity.session import LearnerSession
    from widgets.practice.scenario_quiz import QuizAnswer


def review() -> ipw.VBox:
    """The review page: new scenarios first, then the ones due, practices mixed."""
    from widgets.practice.review_deck import ReviewDeck

    try:
        course = get_course()
        session = get_session()
    except PAGE_ERRORS as error:
        return problem_page(error)
    storage = session.storage
    modules = module_of_scenarios(course)
    reviewer = ReviewDeck(course.settings)
    due_now: set[str] = set()

    def keep(answer: QuizAnswer) -> None:
        module_id = modules.get(answer.scenario_id)
        if module_id is None or not session.ready:
            return

        def write() -> None:
            answer_scenario(
                storage, session.learner_id, module_id, answer.scenario_id, answer.option_ids,
                answer.score, answer.correct, utc_now(),
                from_review=answer.scenario_id in due_now,
            )

        session.run_storage(write, "Your review answer could not be saved")

    reviewer.on_answer(keep)

    def load() -> None:
        new, due = review_queue(course, storage, session.learner_id, utc_now())
        due_now.clear()
        due_now.update(due)
        upcoming = next_due(storage, session.learner_id)
        reviewer.load(
            [course.scenarios[s] for s in new + due], len(due), session.learner_id,
            spoken_day(upcoming) if upcoming else "",
        )

    session.on_learner(
        lambda: session.run_storage(load, "Your reviews could not be read")
    )
    return page_root(session, [reviewer], "mm-review-root")


def if_then_plan(module_id: str) -> ipw.VBox:
    """The if-then plan that ends a practice module ("When …, I will …"), kept per practice."""
    from widgets.actions.plans import make_if_then_plan, plan_for
    from widgets.lasting.if_then_plan import IfThenPlanner

    try:
        course = get_course()
        practice_id = course.module(module_id).practice
        if practice_id is None:
            raise KeyError(f"module '{module_id}' has no practice to plan for")
        session = get_session()
        storage = session.storage
        planner = IfThenPlanner(
            course.practices[practice_id], session,
            load=lambda: plan_for(storage, session.learner_id, practice_id),
            on_save=lambda situation, action: make_if_then_plan(
                storage, session.learner_id, practice_id, situation, action
            ),
        )
    except PAGE_ERRORS as error:
        return problem_page(error)
    return page_root(session, [planner], "mm-plan-root")


def _learner_page(
    widget: Callable[[Course, LearnerSession], ipw.Widget], css_class: str
) -> ipw.VBox:
    """A page of one learner widget built from the course and the session."""
    try:
        course = get_course()
        session = get_session()
    except PAGE_ERRORS as error:
        return problem_page(error)
    return page_root(session, [widget(course, session)], css_class)


def reminders() -> ipw.VBox:
    """The reminders calendar (.ics): the challenge days and review dates, with the plans."""
    from widgets.actions.plans import plans_ahead
    from widgets.lasting.reminders import Reminders

    return _learner_page(
        lambda course, session: Reminders(
            course, session, load=lambda: plans_ahead(session.storage, session.learner_id)
        ),
        "mm-reminders-root",
    )


def week_in_review() -> ipw.VBox:
    """For the end-of-week reflection: the learner's plans beside their challenge log."""
    from widgets.actions.challenge import challenge_week
    from widgets.lasting.week_review import WeekInReview

    return _learner_page(
        lambda course, session: WeekInReview(
            course, session, load=lambda: challenge_week(session.storage, session.learner_id)
        ),
        "mm-week-review-root",
    )


def completion_record() -> ipw.VBox:
    """The completion record (PDF) once every module is done."""
    from widgets.actions.record import modules_to_do, record_facts
    from widgets.lasting.completion_record import CompletionRecord

    return _learner_page(
        lambda course, session: CompletionRecord(
            course, session,
            to_do=lambda: modules_to_do(course, session.storage, session.learner_id),
            facts=lambda include_texts: record_facts(
                course, session.storage, session.learner_id, include_texts, utc_now()
            ),
        ),
        "mm-record-root",
    )
