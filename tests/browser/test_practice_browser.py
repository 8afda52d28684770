"""Practice widgets in a real Voila page: a conversation to its ending, the pause trainer."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from widgets.content import get_course

pytestmark = pytest.mark.browser


def test_a_branching_conversation_is_played_to_its_summary(voila_server, page):
    conversation = get_course().conversations["acknowledge-conversation"]
    page.goto(f"{voila_server.url}/voila/render/02_acknowledge.ipynb")
    player = page.locator(".mm-conversation")
    expect(player.locator(".mm-meter")).to_contain_text(conversation.meter.label)
    first_line = conversation.nodes[conversation.start].says.split(".")[0]
    expect(player.locator(".mm-transcript")).to_contain_text(first_line)
    node = conversation.start
    while conversation.nodes[node].ending is None:
        choice = conversation.nodes[node].choices[0]
        player.get_by_role("button", name=choice.text, exact=True).click()
        node = choice.goto
        expect(player.locator(".mm-turn-them").last).to_contain_text(
            conversation.nodes[node].says.split(".")[0]
        )
    ending = conversation.nodes[node].ending
    summary = player.locator(".mm-ending")
    expect(summary).to_contain_text(ending.title)
    expect(summary).to_contain_text("Practices you used")
    expect(summary).to_contain_text("Practices you missed")
    restart = player.get_by_role("button", name="Play it again")
    restart.click()
    expect(summary).to_have_count(0)
    assert page.js_errors == []


def test_pause_trainer_keeps_the_reply_locked_until_the_pause_is_over(voila_server, page):
    exercise = next(
        e for e in get_course().exercises.values()
        if e.kind == "pause" and e.id in get_course().module("pause").exercises
    )
    page.goto(f"{voila_server.url}/voila/render/04_pause.ipynb")
    trainer = page.locator(".mm-pause-trainer").first
    trainer.get_by_role("button", name="Open the message").click()
    opened = time.monotonic()
    reply = trainer.get_by_role("textbox")
    send = trainer.get_by_role("button", name="Send my reply")
    expect(trainer.locator(".mm-countdown-words")).to_contain_text("second")
    expect(reply).to_be_disabled()
    expect(send).to_be_disabled()
    expect(reply).to_be_enabled(timeout=exercise.pause_seconds * 1000 + 10_000)
    assert time.monotonic() - opened >= exercise.pause_seconds - 0.2
    expect(trainer.locator(".mm-countdown-words")).to_contain_text("You can reply now")
    reply.fill('<img src=x onerror="window.hacked=1">I hear you')
    # typed key by key and sent at once: the last words must not be overtaken by the click
    reply.press_sequentially(", and I will look at the rota with you today.")
    send.click()
    expect(trainer.locator(".mm-compare")).to_contain_text("A considered reply")
    expect(trainer.locator(".mm-compare-cell.mm-yours")).to_contain_text(
        '<img src=x onerror="window.hacked=1">I hear you, and I will look at the rota with you '
        "today."
    )
    expect(trainer.locator(".mm-score")).to_contain_text("You paused")
    assert page.evaluate("window.hacked") is None
    assert page.js_errors == []
