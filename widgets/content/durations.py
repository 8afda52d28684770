"""Honest durations: a module's minutes estimated from its content.

Prose at 200 words a minute; per scenario its situation and options, half of the feedback and
a minute to decide; one play of the conversation; each exercise; 3 minutes per reflection.
"""

from __future__ import annotations

import json
from pathlib import Path

from widgets.content.models import Conversation, Course, Exercise, Module, Scenario
from widgets.content.people import model_text

#: Reading speed for prose and scenario text, in words a minute.
READING_WPM = 200
#: How far a module's declared minutes may be from the estimate (a share of the estimate).
DURATION_TOLERANCE = 0.25


def words(text: str) -> int:
    """How many words ``text`` has."""
    return len(text.split())


def notebook_prose(path: Path) -> tuple[str, str]:
    """The Markdown text of a notebook, and its code (to see which widgets it shows)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    prose, code = [], []
    for cell in data.get("cells", []):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        (prose if cell.get("cell_type") == "markdown" else code).append(text)
    return "\n".join(prose), "\n".join(code)


def scenario_minutes(scenario: Scenario) -> float:
    """Read the situation and options, choose (a minute), then the feedback: all of it for
    the option chosen, and about half of the rest is read."""
    asked = words(scenario.situation) + words(scenario.question)
    options = sum(words(option.text) for option in scenario.options)
    feedback = sum(words(option.feedback) for option in scenario.options)
    return (asked + options + 0.5 * feedback) / READING_WPM + 1.0


def conversation_minutes(conversation: Conversation) -> float:
    """One play-through: the introduction, then each step's words and a decision."""
    steps = _average_path_length(conversation)
    playable = [node for node in conversation.nodes.values() if node.choices]
    per_step = sum(
        words(node.says) + sum(words(c.text) for c in node.choices)
        + sum(words(c.note) for c in node.choices) / len(node.choices)
        for node in playable
    ) / max(1, len(playable))
    ending = sum(
        words(n.ending.summary) for n in conversation.endings().values() if n.ending
    ) / max(1, len(conversation.endings()))
    reading = words(conversation.you) + steps * per_step + ending
    return reading / READING_WPM + steps * 0.3 + 1.0


def _average_path_length(conversation: Conversation) -> float:
    lengths: list[int] = []

    def walk(key: str, depth: int) -> None:
        node = conversation.nodes[key]
        if not node.choices or len(lengths) > 5000:
            lengths.append(depth)
            return
        for choice in node.choices:
            walk(choice.goto, depth + 1)

    walk(conversation.start, 0)
    return sum(lengths) / max(1, len(lengths))


def exercise_minutes(exercise: Exercise) -> float:
    """Read the exercise, then do it: a pause and a reply, a drafted reply, or a name round."""
    reading = words(model_text(exercise)) / READING_WPM
    if exercise.kind == "pause":
        return reading + exercise.pause_seconds / 60 + 3.0
    if exercise.kind == "reply":
        return reading + 4.0
    return reading + 1.0 + 0.5 * len(exercise.team)


#: minutes a learner takes to write one reflection
REFLECTION_MINUTES = 3.0
#: minutes to rate one self-assessment statement
SELF_ASSESSMENT_ITEM_MINUTES = 0.15
#: minutes to plan and log the five-day challenge on its page
CHALLENGE_MINUTES = 5.0


def estimate_minutes(course: Course, module: Module, notebooks_dir: Path) -> float:
    """A module's minutes from its content: prose at 200 words a minute, scenarios,
    conversation, exercises, reflections and the widgets its notebook shows."""
    prose, code = notebook_prose(notebooks_dir / module.notebook)
    minutes = words(prose) / READING_WPM
    minutes += sum(scenario_minutes(course.scenarios[s]) for s in module.scenarios)
    if module.conversation:
        minutes += conversation_minutes(course.conversations[module.conversation])
    minutes += sum(exercise_minutes(course.exercises[e]) for e in module.exercises)
    minutes += REFLECTION_MINUTES * len(module.reflections)
    if "self_assessment(" in code and course.self_assessment is not None:
        minutes += SELF_ASSESSMENT_ITEM_MINUTES * len(course.self_assessment.items) + 1.0
    if "five_day_challenge(" in code:
        minutes += CHALLENGE_MINUTES
    return minutes


def duration_problems(course: Course, notebooks_dir: Path, labels: dict[str, str]) -> list[str]:
    """Modules whose declared minutes are more than 25% off the estimate."""
    problems = []
    for module in course.modules:
        if not (notebooks_dir / module.notebook).exists():
            continue
        estimate = estimate_minutes(course, module, notebooks_dir)
        if abs(module.minutes - estimate) > DURATION_TOLERANCE * estimate:
            problems.append(
                f"{labels.get(module.id, 'content/modules')}: module '{module.id}': minutes: "
                f"says {module.minutes}, but its content takes about {round(estimate)} "
                f"minutes (prose, scenarios, conversation, exercises, reflections); "
                f"use a number between {round(estimate * 0.8)} and {round(estimate * 1.2)}"
            )
    return problems
