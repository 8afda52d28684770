"""One-call entry points the lesson notebooks use: each returns a ready widget tree.

If the content cannot be loaded, they return a plain, escaped message instead of raising,
so that a learner in Voila never sees a traceback.
"""

from __future__ import annotations

import ipywidgets as ipw

from . import html
from .content import ContentError, get_course
from .course_home import CourseHome
from .models import Course
from .reflection_prompt import ReflectionPrompt
from .scenario_deck import ScenarioDeck
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


def _course() -> Course:
    return get_course()


def course_home() -> ipw.VBox:
    """The course home: overview and module map with links."""
    try:
        return course_root([CourseHome(_course())], "mm-home")
    except (ContentError, OSError) as error:
        return _problem(error)


def scenario_deck(module_id: str) -> ipw.VBox:
    """The module's scenarios, one at a time, with progress and score."""
    try:
        course = _course()
        deck = ScenarioDeck(course.module_scenarios(module_id), course.settings)
    except (ContentError, OSError, KeyError, ValueError) as error:
        return _problem(error)
    return course_root([deck], "mm-module-scenarios")


def reflections(module_id: str) -> ipw.VBox:
    """The module's reflection prompts."""
    try:
        module = _course().module(module_id)
    except (ContentError, OSError, KeyError) as error:
        return _problem(error)
    prompts = [ReflectionPrompt(reflection) for reflection in module.reflections]
    return course_root(prompts, "mm-reflections")
