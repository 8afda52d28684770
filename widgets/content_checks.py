"""Checks across the whole course: every full name is one person, and durations are honest.

They run when the content is validated (``python -m widgets validate``), after every file has
been read on its own, and report problems as ``file: item: problem`` like the rest.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .models import Conversation, Course, Exercise, Module, Scenario, Workshop

#: Reading speed for prose and scenario text, in words a minute.
READING_WPM = 200
#: How far a module's declared minutes may be from the estimate (a share of the estimate).
DURATION_TOLERANCE = 0.25

NAME_RE = re.compile(
    r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ((?:[A-Z][a-z]*')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)
# Capitalised words that start sentences, greet or title someone: "Thanks Maya" or
# "On Monday" is not a full name.
NOT_FIRST_NAMES = frozenset(
    """
    A After Afterwards Again All Also Although An And Another Any Are As Ask At Auntie Back
    Because Before Both But By Can Chef Coach Congratulations Could Dear Did Director Do Does
    Doctor Dr During Each Even Every For From Good Grandma Great He Head Hello Her Here Hey Hi
    His How I If In Is It Its Just Last Let Maybe Meanwhile Miss Monday Morning Mr Mrs Ms My
    Never Next Nice No Not Now Nurse Of Oh Okay On Once Only Or Our Please Right Saturday
    See Senior She Should Show Since So Sorry Still Sunday Tell Thank Thanking Thanks That
    The Their Then There They This Though Thursday To Today Tomorrow Tonight Tuesday Uncle
    Unless Until Was We Wednesday Welcome Well What When Where Which While Who Why Will With
    Without Would Yes Yesterday You Your Friday January February March April May June July
    August September October November December Mum Dad Hiya Cheers Sure Wait Look Listen
    """.split()
)
NOT_SURNAMES = frozenset(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December
    """.split()
)


@dataclass(frozen=True)
class TextItem:
    """Where a piece of course text lives: its file, its item, and the text."""

    label: str
    item: str
    id: str
    text: str


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _strings(inner)


def model_text(model: object) -> str:
    """Every string in a content model, joined (ids and enum values included)."""
    dump = model.model_dump() if hasattr(model, "model_dump") else model
    return "\n".join(_strings(dump))


def full_names(text: str) -> set[str]:
    """The capitalised first-and-last-name pairs in ``text`` ("Adaeze Okafor")."""
    found = set()
    for match in NAME_RE.finditer(text):
        first, last = match.group(1), match.group(2)
        if first in NOT_FIRST_NAMES or last in NOT_SURNAMES:
            continue
        found.add(f"{first} {last}")
    return found


def _surname(name: str) -> str:
    return name.split()[-1]


def _first(name: str) -> str:
    return name.split()[0]


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            ))
        previous = current
    return previous[-1]


def names_alike(one: str, other: str) -> bool:
    """Names a reader would mix up: the same first name and a surname two letters apart
    (Yuki Tanabe, Yuki Tanaka), or nearly the same spelling overall."""
    if _first(one) == _first(other) and _edit_distance(_surname(one), _surname(other)) <= 2:
        return True
    return difflib.SequenceMatcher(None, one, other).ratio() >= 0.85


def people_problems(
    items: list[TextItem], recurring: dict[str, set[str]], not_people: set[str]
) -> list[str]:
    """A full name used in two items (unless declared as one recurring person), two people
    sharing a surname, or names so alike they are easily confused.

    ``recurring`` maps a full name to the items it may appear in; ``not_people`` lists
    capitalised pairs that are places or things ("Kestrel Home").
    """
    where: dict[str, list[TextItem]] = {}
    for text_item in items:
        for name in sorted(full_names(text_item.text) - not_people):
            where.setdefault(name, []).append(text_item)
    problems: list[str] = []
    for name, places in sorted(where.items()):
        allowed = recurring.get(name, set())
        first = places[0]
        for other in places[1:]:
            if other.id == first.id or (other.id in allowed and first.id in allowed):
                continue
            problems.append(
                f"{other.label}: {other.item}: the full name '{name}' is also used in "
                f"{first.label}: {first.item}; give each person their own name, or list "
                "them in content/people.yaml as one recurring person"
            )
    names = sorted(where)
    for index, name in enumerate(names):
        for other in names[index + 1:]:
            a, b = where[name][0], where[other][0]
            if a.id == b.id:
                continue  # a family in one scenario may share a surname
            same_surname = _surname(name) == _surname(other)
            alike = names_alike(name, other)
            if same_surname or alike:
                why = "share the surname" if same_surname else "are easily confused"
                problems.append(
                    f"{b.label}: {b.item}: '{other}' and '{name}' ({a.label}: {a.item}) "
                    f"{why}; give one of them another name"
                )
    return problems


# -- durations -----------------------------------------------------------------------------


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


def workshop_text(workshop: Workshop) -> str:
    """The workshop's cards and notes (where people's names can appear)."""
    return model_text(workshop)
