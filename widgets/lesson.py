"""One-call entry points the lesson notebooks use: each returns a ready widget tree.

If the content cannot be loaded, they return a plain, escaped message instead of raising,
so that a learner in Voila never sees a traceback. Storage problems (a corrupt or unwritable
database) are shown as a plain notice and the course keeps working.
"""

from __future__ import annotations

import sqlite3

import ipywidgets as ipw
import traitlets

from . import html
from .challenge_log import ChallengeLog
from .content import ContentError, get_course
from .course_home import CourseHome
from .journal import Journal
from .learner_panel import LearnerPanel
from .reflection_prompt import ReflectionPrompt
from .scenario_deck import ScenarioDeck
from .scenario_quiz import QuizAnswer
from .session import LearnerSession, get_session
from .style import course_root


def _problem(error: Exception) -> ipw.VBox:
    if isinstance(error, ContentError):
        detail = "\n".join(error.problems[:20])
        body = (
            "This part of the course could not be loaded because a content file has a "
            f"problem. Please tell the course host.\n\n{detail}"
        )
    else:
        body = f"This part of the course could not be loaded: {error}"
    return course_root([ipw.HTML(html.message(body))], "mm-error")


def _root(session: LearnerSession, children: list[ipw.Widget], css_class: str) -> ipw.VBox:
    notice = ipw.HTML()
    # the notice follows the session, so a write that fails later is still reported
    traitlets.dlink(
        (session, "notice"), (notice, "value"), lambda text: html.message(text) if text else ""
    )
    return course_root([session.identity, notice, *children], css_class)


def course_home() -> ipw.VBox:
    """The course home: greeting, continue link, module map with progress, learner panel."""
    try:
        course = get_course()
        session = get_session()
        home = CourseHome(course, session)
        panel = LearnerPanel(session)
    except (ContentError, OSError, sqlite3.Error) as error:
        return _problem(error)
    return _root(session, [home, panel], "mm-home")


def scenario_deck(module_id: str) -> ipw.VBox:
    """The module's scenarios, one at a time, with progress and score; answers are kept."""
    try:
        course = get_course()
        module = course.module(module_id)
        deck = ScenarioDeck(course.module_scenarios(module_id), course.settings)
        session = get_session()
    except (ContentError, OSError, KeyError, ValueError, sqlite3.Error) as error:
        return _problem(error)
    storage = session.storage

    def keep(answer: QuizAnswer) -> None:
        def write() -> None:
            storage.record_answer(
                session.learner_id, module_id, answer.scenario_id, answer.selected,
                answer.score, answer.correct,
            )
            if deck.answered == len(deck.quizzes):
                storage.mark_completed(session.learner_id, module_id)

        session.when_ready(
            lambda: session.run_storage(write, "Your last answer could not be saved")
        )

    for quiz in deck.quizzes:
        quiz.on_answer(keep)

    def load() -> None:
        session.run_storage(
            lambda: storage.record_visit(session.learner_id, module.id),
            "Your visit could not be saved",
        )
        deck.restore(storage.scenario_history(session.learner_id, module_id))

    session.on_learner(load)
    return _root(session, [deck], "mm-module-scenarios")


def reflections(module_id: str) -> ipw.VBox:
    """The module's reflection prompts; saved text comes back on the next visit."""
    try:
        module = get_course().module(module_id)
        session = get_session()
    except (ContentError, OSError, KeyError, sqlite3.Error) as error:
        return _problem(error)
    storage = session.storage

    def save(reflection_id: str, text: str) -> bool:
        prompt = next(r.prompt for r in module.reflections if r.id == reflection_id)
        if not session.ready:
            return False

        def write() -> None:
            storage.save_reflection(session.learner_id, module.id, reflection_id, prompt, text)
            if not module.scenarios and all(
                storage.reflection_text(session.learner_id, r.id) for r in module.reflections
            ):
                storage.mark_completed(session.learner_id, module.id)

        saved = session.run_storage(write, "Your reflection could not be saved")
        return saved and storage.persistent

    prompts = [ReflectionPrompt(reflection, save_handler=save) for reflection in module.reflections]

    def load() -> None:
        storage.record_visit(session.learner_id, module.id)
        for prompt in prompts:
            text = storage.reflection_text(session.learner_id, prompt.reflection.id)
            prompt.answer.value = text
            prompt.saved_text = text

    session.on_learner(
        lambda: session.run_storage(load, "Your saved reflections could not be read")
    )
    return _root(session, prompts, "mm-reflections")


def journal() -> ipw.VBox:
    """The learner's journal: all reflections, export as Markdown, delete my data."""
    try:
        course = get_course()
        session = get_session()
    except (ContentError, OSError, sqlite3.Error) as error:
        return _problem(error)
    return _root(session, [Journal(course, session)], "mm-journal-root")


def five_day_challenge() -> ipw.VBox:
    """The five-day challenge: plan, log, summary and chart."""
    try:
        course = get_course()
        session = get_session()
    except (ContentError, OSError, sqlite3.Error) as error:
        return _problem(error)
    log = ChallengeLog(course, session)
    session.when_ready(
        lambda: session.run_storage(
            lambda: session.storage.record_visit(session.learner_id, "challenge"),
            "Your visit could not be saved",
        )
    )
    return _root(session, [log], "mm-challenge-root")
