"""FormButton: a click carries its form's values; the kernel checks each before it acts."""

from __future__ import annotations

import ipywidgets as ipw
import pytest
from page_comm import sent_states

from widgets.ui.form_button import FIELD_TEXT_MAX, FormButton
from widgets.ui.text_box import TextBox


def form():
    text, area, box = ipw.Text(), ipw.Textarea(), TextBox()
    choice, tick = ipw.Dropdown(options=["Day 1", "Day 2", "Day 3"]), ipw.Checkbox()
    button = FormButton(description="Add to my log", fields=[text, area, box, choice, tick])
    seen = []
    button.on_click(lambda _b: seen.append((text.value, area.value, box.value, choice.index,
                                            tick.value)))
    return button, (text, area, box, choice, tick), seen


def click(button, values):
    """What the page sends when the button is clicked."""
    button._handle_custom_msg({"event": "click", "values": values}, [])


def test_the_click_fills_every_field_before_the_handler_runs_and_echoes_nothing():
    button, (text, area, box, choice, tick), seen = form()
    sent = [sent_states(field) for field in (text, area, box, choice, tick)]
    click(button, {text.model_id: "Ana", area.model_id: "Thanked her", box.model_id: "ok",
                   choice.model_id: 2, tick.model_id: True})
    assert seen == [("Ana", "Thanked her", "ok", 2, True)]
    # the page shows these values already: sending them back could undo newer typing
    assert all(
        not [m for m in messages if {"value", "index"} & set(m.get("state", {}))]
        for messages in sent
    )


@pytest.mark.parametrize(
    "bad",
    [None, 3, ["a"], {"x": 1}, "x" * (FIELD_TEXT_MAX + 1)],
    ids=["none", "number", "list", "dict", "too-long"],
)
def test_a_value_of_the_wrong_kind_is_ignored_and_the_handler_still_runs(bad):
    button, (text, area, box, choice, tick), seen = form()
    text.value = "kept"
    click(button, {text.model_id: bad, choice.model_id: bad, tick.model_id: bad})
    assert seen == [("kept", "", "", 0, False)]


@pytest.mark.parametrize("index", [-1, 3, 99, True, 1.0, "1"])
def test_a_drop_down_index_outside_its_options_is_ignored(index):
    button, (_text, _area, _box, choice, _tick), seen = form()
    click(button, {choice.model_id: index})
    assert seen[-1][3] == 0


def test_a_disabled_field_keeps_its_value_and_unknown_ids_are_ignored():
    button, (text, *_rest), seen = form()
    text.value, text.disabled = "locked", True
    click(button, {text.model_id: "changed", "not-a-field": "x"})
    click(button, "not a dict")
    assert [entry[0] for entry in seen] == ["locked", "locked"]


def test_click_focus_and_messages_that_are_not_clicks():
    button, _fields, seen = form()
    sent = sent_states(button)
    button._handle_custom_msg({"event": "something else"}, [])
    assert seen == []
    button.click()
    assert len(seen) == 1
    button.focus()
    assert sent[-1] == {"method": "custom", "content": {"do": "focus"}}


def test_a_page_cannot_choose_which_widgets_a_click_fills():
    button, (text, *_rest), seen = form()
    other = ipw.Text(value="someone else's")
    button.set_state({"fields": [f"IPY_MODEL_{other.model_id}"], "description": "Go"})
    assert [f.model_id for f in button.fields][0] == text.model_id
    click(button, {other.model_id: "overwritten"})
    assert other.value == "someone else's" and button.description == "Go"
