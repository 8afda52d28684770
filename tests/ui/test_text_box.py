"""TextBox: text typed in the page reaches the kernel as messages, checked there."""

from __future__ import annotations

import pytest
from page_comm import sent_states

from widgets.ui.text_box import TextBox


def test_typed_text_is_taken_without_sending_it_back():
    box = TextBox(description="Your reply to Sam")
    seen = []
    box.observe(lambda change: seen.append(change["new"]), names="value")
    sent = sent_states(box)
    box._handle_custom_msg({"do": "text", "value": "T"}, [])  # what the page sends
    box._handle_custom_msg({"do": "text", "value": "Thanks, Sam"}, [])
    assert box.value == "Thanks, Sam" and seen == ["T", "Thanks, Sam"]
    # an echo of "T" would arrive after the learner had typed on, and undo it
    assert not [message for message in sent if "value" in message.get("state", {})]


@pytest.mark.parametrize("text", [None, 3, ["not", "text"], {"a": 1}])
def test_what_is_not_text_is_refused_and_the_page_put_back(text):
    box = TextBox(value="kept")
    sent = sent_states(box)
    box._handle_custom_msg({"do": "text", "value": text}, [])
    assert box.value == "kept"
    assert sent[-1]["state"] == {"value": "kept"}


def test_a_disabled_box_refuses_text():
    box = TextBox(disabled=True)
    sent = sent_states(box)
    box._handle_custom_msg({"do": "text", "value": "typed while locked"}, [])
    assert box.value == ""
    assert sent[-1]["state"] == {"value": ""}


def test_the_kernel_can_still_change_the_text():
    box = TextBox(value="draft")
    sent = sent_states(box)
    box.value = ""  # a reset from the kernel reaches the page
    assert sent[-1]["state"] == {"value": ""}
