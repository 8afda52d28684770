"""The branching conversation driven through its public API, and the validation of its graph."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT
from test_exercises import (
    REPLY,
)

from widgets.content import validate_content
from widgets.content.models import Conversation
from widgets.practice.branching_conversation import BranchingConversation

CONTENT = PROJECT_ROOT / "content"

CONVERSATION = {
    "id": "test-talk",
    "title": "A late report",
    "practices": ["acknowledge"],
    "setting": "clinic",
    "you": "You lead the ward. Amara brings the audit late.",
    "person": {"name": "Amara Okafor", "role": "a senior nurse"},
    "meter": {"label": "Trust", "start": 50},
    "start": "opening",
    "nodes": {
        "opening": {
            "says": "I know it's late. The night shift was chaos.",
            "choices": [
                {"text": "That sounds like a brutal night.", "goto": "open-up", "meter": 20,
                 "uses": ["acknowledge"]},
                {"text": "It was due Monday.", "goto": "closed", "meter": -30,
                 "misses": ["acknowledge"], "note": "She hears only the deadline."},
            ],
        },
        "open-up": {
            "says": "It was. Thanks. Can we move the audit to Thursdays?",
            "choices": [
                {"text": "What would Thursday fix?", "goto": "good-end", "meter": 20,
                 "uses": ["curiosity"]},
                {"text": "No, Monday is fixed.", "goto": "flat-end", "meter": -10,
                 "misses": ["curiosity"]},
            ],
        },
        "closed": {
            "says": "Right. Sorry.",
            "choices": [
                {"text": "Tell me about the night.", "goto": "flat-end", "meter": 10,
                 "uses": ["acknowledge"]},
                {"text": "Just don't let it happen again.", "goto": "bad-end", "meter": -20,
                 "misses": ["acknowledge"]},
            ],
        },
        "good-end": {
            "says": "Everything else lands on Monday. Thank you for asking.",
            "ending": {"title": "Heard and helped", "summary": "She felt heard first."},
        },
        "flat-end": {
            "says": "Okay.",
            "ending": {"title": "A flat finish", "summary": "The audit is in; the trust is not."},
        },
        "bad-end": {
            "says": "She leaves without a word.",
            "ending": {"title": "Shut down", "summary": "She will hide problems next time."},
        },
    },
}


def conversation(data: dict | None = None) -> Conversation:
    return Conversation.model_validate(data or CONVERSATION)


# -- branching conversation ----------------------------------------------------------------


def button_saying(player: BranchingConversation, text: str):
    [button] = [b for b in player.choice_buttons if b.description == text]
    return button


def test_conversation_choices_are_shuffled_per_learner_and_stable():
    data = dict(CONVERSATION)
    data["nodes"] = dict(data["nodes"])
    opening = dict(data["nodes"]["opening"])
    opening["choices"] = [
        {**choice, "text": f"Choice {i}", "meter": i}
        for i, choice in enumerate(opening["choices"] * 2)
    ]
    data["nodes"]["opening"] = opening
    convo = Conversation.model_validate(data)
    seen = {}
    for learner in [f"learner-{i}" for i in range(6)] + ["learner-0"]:
        player = BranchingConversation(convo, seed=learner)
        labels = [b.description for b in player.choice_buttons]
        assert sorted(labels) == [f"Choice {i}" for i in range(4)]
        assert labels == [f"Choice {i}" for i in player.shown]
        seen.setdefault(learner, labels)
        assert seen[learner] == labels  # the same learner, the same order
    assert len({tuple(labels) for labels in seen.values()}) > 1
    # a button press says the choice on that button, whatever its content position
    player = BranchingConversation(convo, seed="learner-3")
    shown_first = player.shown[0]
    player.choice_buttons[0].click()
    assert player.meter == CONVERSATION["meter"]["start"] + shown_first


def test_conversation_plays_to_an_ending_with_summary():
    player = BranchingConversation(conversation(), {"acknowledge": "Acknowledge first",
                                                    "curiosity": "Curiosity"})
    finished = []
    player.on_finish(finished.append)
    assert player.node_id == "opening"
    assert player.meter == 50
    assert "Trust: <strong>unsure</strong>" in player.meter_display.value
    assert sorted(b.description for b in player.choice_buttons) == [
        "It was due Monday.", "That sounds like a brutal night.",
    ]
    button_saying(player, "That sounds like a brutal night.").click()
    assert (player.node_id, player.meter) == ("open-up", 70)
    assert "Trust: <strong>open</strong>" in player.meter_display.value
    assert player.announcer.text == "Trust rose: open."
    player.choose(0)
    assert player.finished and player.meter == 90
    assert "Heard and helped" in player.summary.value
    assert "Acknowledge first" in player.summary.value and "Curiosity" in player.summary.value
    assert "Practices you missed:</strong> none" in player.summary.value
    [result] = finished
    assert result.ending_id == "good-end"
    assert result.path == ("opening", "open-up", "good-end")
    assert player.choice_box.layout.display == "none"


def test_conversation_records_misses_and_restarts():
    player = BranchingConversation(conversation(), {"acknowledge": "Acknowledge first"})
    player.choose(1)
    assert player.meter == 20
    assert "She hears only the deadline." in player.transcript.value
    assert player.announcer.text == "Trust fell: guarded."
    player.choose(1)
    assert player.finished and player.node_id == "bad-end"
    assert player.meter == 0
    assert "Practices you missed:</strong> Acknowledge first (2 times)" in player.summary.value
    player.restart_button.click()
    assert (player.node_id, player.meter, player.finished) == ("opening", 50, False)
    assert player.summary.value == ""
    assert "It was due Monday." not in player.transcript.value


def test_conversation_text_is_escaped():
    data = copy.deepcopy(CONVERSATION)
    data["nodes"]["opening"]["says"] = "<script>alert(1)</script>"
    player = BranchingConversation(conversation(data))
    assert "<script>" not in player.transcript.value
    assert "&lt;script&gt;" in player.transcript.value


def test_conversation_widget_refuses_a_broken_graph():
    data = copy.deepcopy(CONVERSATION)
    data["nodes"]["closed"]["choices"][0]["goto"] = "nowhere"
    with pytest.raises(ValueError, match="node 'closed': choices\\[0\\].goto: no node"):
        BranchingConversation(conversation(data))


def write_conversation(tmp_path: Path, data: dict) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    for old in (root / "conversations").glob("*.yaml"):
        old.unlink()
    for module_file in (root / "modules").glob("*.yaml"):
        module = yaml.safe_load(module_file.read_text())
        module.pop("conversation", None)
        module_file.write_text(yaml.safe_dump(module))
    (root / "conversations" / "broken.yaml").write_text(yaml.safe_dump(data))
    return root


def broken(kind: str) -> tuple[dict, str]:
    data = copy.deepcopy(CONVERSATION)
    nodes = data["nodes"]
    if kind == "dangling":
        nodes["open-up"]["choices"][1]["goto"] = "the-void"
        return data, "node 'open-up': choices[1].goto: no node named 'the-void'"
    if kind == "unreachable":
        nodes["orphan"] = {"says": "Nobody gets here.", "ending": {"title": "x", "summary": "y"}}
        return data, "node 'orphan': unreachable from the start node"
    if kind == "dead-end":
        nodes["flat-end"] = {"says": "Okay."}
        return data, "node 'flat-end': dead end: no choices and no ending"
    if kind == "loop":
        nodes["closed"]["choices"][0]["goto"] = "opening"
        return data, "node 'closed': choices loop back (opening -> closed -> opening)"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["dangling", "unreachable", "dead-end", "loop"])
def test_validate_rejects_a_broken_graph_naming_file_and_node(tmp_path, kind):
    data, expected = broken(kind)
    root = write_conversation(tmp_path, data)
    problems = validate_content(root)
    assert any(
        problem.startswith("content/conversations/broken.yaml: conversation 'test-talk': ")
        and expected in problem
        for problem in problems
    ), problems


def test_validate_command_exit_code_for_a_dangling_choice(tmp_path):
    data, expected = broken("dangling")
    root = write_conversation(tmp_path, data)
    run = subprocess.run(
        [sys.executable, "-m", "widgets", "validate", "--content", str(root)],
        capture_output=True, text=True, cwd=PROJECT_ROOT,
    )
    assert run.returncode == 1
    assert expected in run.stderr


def test_module_naming_an_unknown_conversation_or_exercise(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    module_file = root / "modules" / "names.yaml"
    module = yaml.safe_load(module_file.read_text())
    module["conversation"] = "no-such-talk"
    module["exercises"] = ["no-such-exercise"]
    module_file.write_text(yaml.safe_dump(module))
    problems = validate_content(root)
    assert "content/modules/names.yaml: module 'names': conversation: unknown conversation " \
        "'no-such-talk'" in problems
    assert "content/modules/names.yaml: module 'names': exercises[0]: unknown exercise " \
        "'no-such-exercise'" in problems


def test_unknown_reply_check_is_named(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    exercise = REPLY.model_dump()
    exercise["checks"] = ["uses-name", "be-nice"]
    (root / "exercises" / "zz-test.yaml").write_text(yaml.safe_dump({"exercises": [exercise]}))
    problems = validate_content(root)
    assert any(
        p.startswith("content/exercises/zz-test.yaml: exercise 'reply-test': checks[1]: "
                     "unknown check 'be-nice'") for p in problems
    ), problems


def test_validate_refuses_a_meter_lowering_choice_that_claims_a_practice(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    path = root / "conversations" / "acknowledge-conversation.yaml"
    data = yaml.safe_load(path.read_text())
    node_id, node = next((k, n) for k, n in data["nodes"].items() if n.get("choices"))
    index = next(i for i, c in enumerate(node["choices"]) if c["meter"] < 0)
    node["choices"][index]["uses"] = ["acknowledge"]
    path.write_text(yaml.safe_dump(data))
    problems = validate_content(root)
    assert (
        f"content/conversations/acknowledge-conversation.yaml: conversation "
        f"'acknowledge-conversation': node '{node_id}': choices[{index}].uses: a choice that "
        "lowers the meter cannot use a practice well; move it to misses"
    ) in problems


def test_no_choice_is_on_the_page_until_the_learner_is_known():
    player = BranchingConversation(conversation(), seed=None)
    assert player.choice_box.children == () and player.choice_buttons == []
    player.shuffle_for("learner-7")
    texts = [b.description for b in player.choice_buttons]
    assert texts == [conversation().nodes["opening"].choices[i].text for i in player.shown]
    assert all(b in player.choice_box.children for b in player.choice_buttons)
