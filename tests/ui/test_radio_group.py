"""RadioGroup: the radio buttons every question uses, driven from Python as the page would."""

from __future__ import annotations

import pytest
import traitlets
from page_comm import sent_states

from widgets.ui.radio_group import RadioGroup


def test_options_value_and_index_follow_each_other():
    group = RadioGroup(options=[("A. Yes", 10), ("B. No", 20)], description="Agree?")
    assert group.labels == ["A. Yes", "B. No"]
    assert group.value is None and group.index is None
    group.value = 20
    assert group.index == 1
    group.index = 0  # what a click in the browser sends
    assert group.value == 10
    group.value = None
    assert group.index is None


def test_a_value_that_is_not_an_option_is_refused():
    group = RadioGroup(options=[("One", 1)])
    with pytest.raises(traitlets.TraitError):
        group.value = 2


def test_new_options_keep_a_value_they_still_offer_and_drop_one_they_do_not():
    group = RadioGroup(options=["red", "green"], value="green")
    assert group.index == 1
    group.options = ["green", "blue"]
    assert (group.value, group.index) == ("green", 0)
    group.options = [("Left", 0), ("Right", 1)]
    assert (group.value, group.index) == (None, None)


def test_observers_see_the_chosen_value():
    group = RadioGroup(options=[("First", 0), ("Second", 1)])
    seen = []
    group.observe(lambda change: seen.append(change["new"]), names="value")
    group.index = 1
    assert seen == [1]



def test_a_choice_from_the_page_is_taken_without_sending_it_back():
    group = RadioGroup(options=[("First", "a"), ("Second", "b"), ("Third", "c")])
    sent = sent_states(group)
    group._handle_custom_msg({"do": "choose", "index": 1}, [])  # what the page sends
    group._handle_custom_msg({"do": "choose", "index": 2}, [])
    assert (group.index, group.value) == (2, "c")
    # an echo of index 1 would arrive after the learner has moved on to 2
    assert not [message for message in sent if "index" in message.get("state", {})]


@pytest.mark.parametrize("index", [3, -1, "1", True, None, 1.0])
def test_a_choice_that_is_not_an_option_is_refused_and_the_page_put_back(index):
    group = RadioGroup(options=[("First", "a"), ("Second", "b"), ("Third", "c")], value="a")
    sent = sent_states(group)
    group._handle_custom_msg({"do": "choose", "index": index}, [])
    assert (group.index, group.value) == (0, "a")
    assert sent and sent[-1]["state"] == {"index": 0}


def test_a_disabled_group_refuses_a_choice():
    group = RadioGroup(options=["yes", "no"], disabled=True)
    sent = sent_states(group)
    group._handle_custom_msg({"do": "choose", "index": 1}, [])
    assert group.value is None
    assert sent[-1]["state"] == {"index": None}
