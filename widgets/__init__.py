"""Reusable widgets and course plumbing for Leadership in Micro-Moments.

Notebooks use the one-call entry points of :mod:`widgets.pages`::

    from widgets import scenario_deck
    scenario_deck("acknowledge")

The subpackages are the layers (see ARCHITECTURE.md): ``content`` (the course as data),
``ui``, ``practice``, ``learner`` and ``workshop`` (widgets), ``store`` (what learners do,
kept), ``server`` (Voila and the command line).

Every name here is imported on first use (PEP 562): a page kernel loads the modules of the
page it shows, not the workshop's, the review's or the record's (issue 30, lean kernels).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from widgets.lazy_exports import lazy_exports

#: public name -> the module that defines it
_WHERE = {
    "ContentError": "widgets.content",
    "get_course": "widgets.content",
    "completion_record": "widgets.follow_up",
    "if_then_plan": "widgets.follow_up",
    "reminders": "widgets.follow_up",
    "review": "widgets.follow_up",
    "week_in_review": "widgets.follow_up",
    "judgment_check": "widgets.judgment_pages",
    "CourseHome": "widgets.learner.course_home",
    "conversation": "widgets.pages",
    "course_home": "widgets.pages",
    "exercises": "widgets.pages",
    "five_day_challenge": "widgets.pages",
    "journal": "widgets.pages",
    "reflections": "widgets.pages",
    "scenario_deck": "widgets.pages",
    "self_assessment": "widgets.pages",
    "ReflectionPrompt": "widgets.practice.reflection_prompt",
    "ScenarioDeck": "widgets.practice.scenario_deck",
    "QuizAnswer": "widgets.practice.scenario_quiz",
    "ScenarioQuiz": "widgets.practice.scenario_quiz",
    "facilitator": "widgets.room_pages",
    "presenter": "widgets.room_pages",
    "workshop_room": "widgets.room_pages",
}

__all__ = [
    "ContentError",
    "CourseHome",
    "QuizAnswer",
    "ReflectionPrompt",
    "ScenarioDeck",
    "ScenarioQuiz",
    "completion_record",
    "conversation",
    "course_home",
    "exercises",
    "facilitator",
    "five_day_challenge",
    "get_course",
    "if_then_plan",
    "journal",
    "judgment_check",
    "presenter",
    "reflections",
    "reminders",
    "review",
    "scenario_deck",
    "self_assessment",
    "week_in_review",
    "workshop_room",
]


__getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals())


if TYPE_CHECKING:
    from widgets.content import ContentError, get_course
    from widgets.follow_up import (
        completion_record,
        if_then_plan,
        reminders,
        review,
        week_in_review,
    )
    from widgets.judgment_pages import judgment_check
    from widgets.learner.course_home import CourseHome
    from widgets.pages import (
        conversation,
        course_home,
        exercises,
        five_day_challenge,
        journal,
        reflections,
        scenario_deck,
        self_assessment,
    )
    from widgets.practice.reflection_prompt import ReflectionPrompt
    from widgets.practice.scenario_deck import ScenarioDeck
    from widgets.practice.scenario_quiz import QuizAnswer, ScenarioQuiz
    from widgets.room_pages import facilitator, presenter, workshop_room
