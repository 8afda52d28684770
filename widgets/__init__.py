"""Reusable widgets and course plumbing for Leadership in Micro-Moments.

Notebooks use the one-call entry points::

    from widgets import scenario_deck
    scenario_deck("acknowledge")
"""

# course_home, scenario_deck and self_assessment are both modules and entry points: import
# the modules first, so that the entry points imported next own the names for good (a later
# import of the module would otherwise replace the function on the package).
from . import course_home as _course_home_module  # noqa: F401
from . import scenario_deck as _scenario_deck_module  # noqa: F401
from . import self_assessment as _self_assessment_module  # noqa: F401
from .content import ContentError, get_course, load_course, validate_content
from .course_home import CourseHome
from .lesson import (
    conversation,
    course_home,
    exercises,
    facilitator,
    five_day_challenge,
    journal,
    reflections,
    scenario_deck,
    self_assessment,
    workshop_room,
)
from .reflection_prompt import ReflectionPrompt
from .scenario_deck import ScenarioDeck
from .scenario_quiz import QuizAnswer, ScenarioQuiz

__all__ = [
    "ContentError",
    "CourseHome",
    "QuizAnswer",
    "ReflectionPrompt",
    "ScenarioDeck",
    "ScenarioQuiz",
    "conversation",
    "course_home",
    "exercises",
    "facilitator",
    "five_day_challenge",
    "journal",
    "get_course",
    "load_course",
    "reflections",
    "scenario_deck",
    "self_assessment",
    "workshop_room",
    "validate_content",
]
