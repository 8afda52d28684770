"""The test-wise reader: it reads surface features right, and content with a planted tell
(any one feature that marks the best option) fails every gate it should."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from widgets.content import get_course
from widgets.content.models import Course
from widgets.content.quality import LIMITS, reader_failures
from widgets.content.surface_features import FEATURES, Context, item_features, option_features
from widgets.content.testwise import read_course

Plant = Callable[[str, bool, str], str]  # (text, is best, the person's first name) -> text


def planted(course: Course, plant: Plant) -> Course:
    """The course with ``plant`` applied to every option and conversation choice."""
    scenarios = {}
    for key, scenario in course.scenarios.items():
        name = next(
            (w for w in scenario.situation.replace(",", " ").split()[3:] if w.istitle()), "Sam"
        )
        options = tuple(
            option.model_copy(update={"text": plant(option.text, option.rating == "best", name)})
            for option in scenario.options
        )
        scenarios[key] = scenario.model_copy(update={"options": options})
    conversations = {}
    for key, conversation in course.conversations.items():
        first = conversation.person.name.split()[0]
        nodes = {}
        for node_key, node in conversation.nodes.items():
            top = max((choice.meter for choice in node.choices), default=0)
            choices = tuple(
                choice.model_copy(update={"text": plant(choice.text, choice.meter == top, first)})
                for choice in node.choices
            )
            nodes[node_key] = node.model_copy(update={"choices": choices})
        conversations[key] = conversation.model_copy(update={"nodes": nodes})
    return course.model_copy(update={"scenarios": scenarios, "conversations": conversations})


def ends_with_question(text: str, best: bool, _name: str) -> str:
    text = text.replace("?", ".")
    return f"{text} Does that work for you?" if best else text


def closing_thanks(text: str, best: bool, _name: str) -> str:
    return f"{text} Thank you." if best else text


def longest(text: str, best: bool, _name: str) -> str:
    filler = " It matters to me that this goes well for both of us, today and after."
    return text + filler * 3 if best else text


def opens_with_the_name(text: str, best: bool, name: str) -> str:
    return f"{name}, {text}" if best else text


@pytest.fixture(scope="module")
def course() -> Course:
    return get_course()


@pytest.mark.parametrize(
    "plant", [ends_with_question, closing_thanks, longest, opens_with_the_name],
    ids=lambda plant: plant.__name__,
)
def test_a_planted_tell_fails_every_gate(course, plant):
    report = read_course(planted(course, plant))
    assert report.single.lift > LIMITS["reader_single_lift"]
    assert report.nodes.lift > LIMITS["reader_node_lift"]
    assert report.multiple.rate > LIMITS["reader_multiple"]
    assert len(report.best_endings_reached) > LIMITS["reader_best_endings"]
    failures = " | ".join(reader_failures(report))
    assert "of single-choice scenarios" in failures
    assert "of conversation nodes" in failures
    assert "'choose all that apply' options right" in failures
    assert "reaches the best ending in" in failures


def test_the_strongest_tell_is_named_when_planted(course):
    report = read_course(planted(course, ends_with_question))
    top = {tell.feature for tell in report.scenario_tells[:3]}
    assert top & {"ends with question", "has question"}, top
    tell = next(t for t in report.conversation_tells if t.feature == "ends with question")
    assert tell.best_rate > 0.9 and tell.other_rate < 0.2


def test_the_shipped_course_passes_the_readers_gates(course):
    report = read_course(course)
    assert reader_failures(report) == []
    assert report.single.items >= 40 and report.nodes.items >= 50
    assert report.multiple.items >= 24  # options of the multi-selects


def test_surface_features_read_names_questions_shared_words_and_closings():
    context = Context("Rafael rebuilt the patient-flow whiteboard after his shift.",
                      frozenset({"rafael"}))
    features = option_features(
        '"Rafael, the whiteboard is clearer now. What made you rebuild it? Thank you."', context
    )
    assert features["names someone"] == 1 and features["opens with a name"] == 1
    assert features["has question"] == 1 and features["ends with question"] == 0
    assert features["ends with thanks"] == 1 and features["quoted"] == 1
    assert features["shared words"] == 2  # whiteboard, rebuild(t) is not the same word
    narrated = option_features("You nod and walk on.", context)
    assert narrated["narrated action"] == 1 and narrated["names someone"] == 0
    rows = item_features(["Short.", "A much longer option here.", "Middle one."], context)
    longest = FEATURES.index("is longest")
    assert [row[longest] for row in rows] == [0, 1, 0]
