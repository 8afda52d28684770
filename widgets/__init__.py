"""Reusable widgets and course plumbing for Leadership in Micro-Moments.

Notebooks use the one-call entry points of :mod:`widgets.pages`::

    from widgets import scenario_deck
    scenario_deck("acknowledge")

The subpackages are the layers (see ARCHITECTURE.md): ``content`` (the course as data),
``ui``, ``practice``, ``learner`` and ``workshop`` (widgets), ``store`` (what learners do,
kept), ``server`` (Voila and the command line).
"""

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

__all__ = [
    "ContentError",
    "completion_record",
    "reminders",
    "week_in_review",
    "CourseHome",
    "QuizAnswer",
    "ReflectionPrompt",
    "ScenarioDeck",
    "ScenarioQuiz",
    "conversation",
    "course_home",
    "exercises",
    "facilitator",
    "judgment_check",
    "presenter",
    "five_day_challenge",
    "journal",
    "get_course",
    "if_then_plan",
    "reflections",
    "review",
    "scenario_deck",
    "self_assessment",
    "workshop_room",
]
