"""The content-quality report: the shipped course passes its gates, and biased content fails."""

from __future__ import annotations

import subprocess
import sys

from widgets.content import get_course
from widgets.content.models import Conversation, Course, Scenario
from widgets.content.quality import LIMITS, conversation_quality, quality_report


def single(index: int, best_longest: bool) -> Scenario:
    texts = ["Short.", "A bit longer here.", "The longest option of them all, by far."]
    ratings = ["miss", "partial", "best"] if best_longest else ["best", "partial", "miss"]
    return Scenario.model_validate({
        "id": f"s-{index}", "practice": "names", "setting": "clinic", "relationship": "peers",
        "title": "T", "situation": "S.", "question": "Q?",
        "options": [
            {"id": f"o-{i}", "text": text, "rating": rating, "feedback": "F. G."}
            for i, (text, rating) in enumerate(zip(texts, ratings, strict=True))
        ],
    })


def multi(right_are_longest: bool) -> Scenario:
    texts = ["One.", "Two words.", "Three words here.", "Four words are here."]
    ratings = ["miss", "miss", "best", "best"] if right_are_longest else [
        "best", "miss", "best", "miss"]
    return Scenario.model_validate({
        "id": "m", "practice": "names", "kind": "multiple", "setting": "clinic",
        "relationship": "peers", "title": "T", "situation": "S.", "question": "Q?",
        "options": [
            {"id": f"o-{i}", "text": t, "rating": r, "feedback": "F. G."}
            for i, (t, r) in enumerate(zip(texts, ratings, strict=True))
        ],
    })


def course_of(scenarios: list[Scenario], conversations: dict | None = None) -> Course:
    base = get_course()
    return Course(
        title="T", practices=base.practices, settings=base.settings,
        scenarios={s.id: s for s in scenarios}, modules=(),
        conversations=conversations or {},
    )


def length_report(course: Course):
    """The report without the test-wise reader: these tiny made-up courses test the length
    and position gates (the reader has tests of its own in test_testwise.py)."""
    return quality_report(course, reader=False)


def test_the_shipped_course_passes_every_gate():
    report = quality_report(get_course())
    assert report.failures() == []
    assert report.overall.always_longest <= LIMITS["always_longest_single"]
    assert report.overall.multi_tells == 0
    assert sum(c.longest_reaches_best for c in report.conversations) <= 2
    # conversations offer real choices: at most a quarter of nodes with two
    for item in report.conversations:
        assert item.two_choice_nodes <= item.choice_nodes // 4, item.id


def test_always_longest_bias_fails_the_gate():
    biased = course_of([single(i, best_longest=i < 6) for i in range(10)] + [multi(False)])
    report = length_report(biased)
    assert report.overall.always_longest == 0.6
    assert any("always picking the longest option scores 60%" in f for f in report.failures())
    fair = length_report(course_of([single(i, best_longest=i < 5) for i in range(10)]))
    assert fair.failures() == []


def test_multi_select_whose_answer_is_the_longest_fails_the_gate():
    report = length_report(course_of([single(0, False), multi(True)]))
    assert report.overall.multi_tells == 1
    assert any("'choose all that apply'" in f for f in report.failures())
    assert length_report(course_of([single(0, False), multi(False)])).failures() == []


def conversation(best_is_longest: bool) -> Conversation:
    good, bad = "I hear you, and thank you for saying so.", "Fine."
    if not best_is_longest:
        good, bad = "Thank you.", "Well, I suppose we could look at it at some point, maybe."
    return Conversation.model_validate({
        "id": f"c-{str(best_is_longest).lower()}", "title": "T", "practices": ["names"],
        "setting": "clinic", "you": "You.", "person": {"name": "Pat", "role": "r"},
        "meter": {"label": "Trust", "start": 50}, "start": "a",
        "nodes": {
            "a": {"says": "Hi.", "choices": [
                {"text": good, "goto": "good", "meter": 20},
                {"text": bad, "goto": "bad", "meter": -20},
            ]},
            "good": {"says": "Thanks.", "ending": {"title": "Good", "summary": "Good."}},
            "bad": {"says": "Oh.", "ending": {"title": "Bad", "summary": "Bad."}},
        },
    })


def test_conversations_where_the_longest_choice_wins_fail_the_gate():
    assert conversation_quality(conversation(True)).longest_reaches_best
    assert not conversation_quality(conversation(False)).longest_reaches_best
    many = {f"c{i}": conversation(True) for i in range(3)}
    report = length_report(course_of([single(0, False)], many))
    assert any("reaches the best ending in 3 conversations" in f for f in report.failures())


def test_validate_quality_prints_the_report_and_passes_on_the_course():
    result = subprocess.run(
        [sys.executable, "-m", "widgets", "validate", "--quality"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "always" not in result.stderr
    for heading in ("practice", "overall", "conversation", "Quality gates pass."):
        assert heading in result.stdout
