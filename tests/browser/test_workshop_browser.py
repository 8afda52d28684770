"""A workshop in real browsers: a facilitator and three participants on one Voila server."""

from __future__ import annotations

import re

import pytest
from browser_pages import create_room, rank_in_order
from playwright.sync_api import expect

from widgets.content import get_course
from widgets.ui.shuffle import room_order

pytestmark = pytest.mark.browser


def bar(dashboard, option_id: str):
    return dashboard.locator(f'.mm-bar-row[data-option="{option_id}"]')


def test_three_participants_answer_and_the_dashboard_updates_by_itself(voila_server, browser):
    course = get_course()
    workshop = min(course.workshops.values(), key=lambda w: w.minutes)
    first = course.scenarios[workshop.scenario_ids()[0]]
    assert first.kind == "single"
    facilitator_context = browser.new_context(viewport={"width": 1280, "height": 900})
    facilitator = facilitator_context.new_page()
    errors: list[str] = []
    facilitator.on("pageerror", lambda error: errors.append(str(error)))
    facilitator.goto(f"{voila_server.url}/voila/render/facilitator.ipynb")
    code = create_room(facilitator, "Browser test room")
    dashboard = facilitator.locator(".mm-dashboard")
    expect(dashboard.locator(".mm-participants")).to_contain_text("0 people have joined")
    expect(facilitator.locator(".mm-join-link a")).to_have_attribute(
        "href", re.compile(rf"/voila/render/workshop\.ipynb\?room={code}$")
    )

    contexts = [browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(3)]
    participants = []
    for number, context in enumerate(contexts):
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{voila_server.url}/voila/render/workshop.ipynb?room={code}")
        expect(page.get_by_role("textbox", name="Room code")).to_have_value(code)
        if number == 0:
            page.get_by_role("textbox", name="Your name (optional)").fill("Noor")
            page.get_by_role("checkbox", name=re.compile("Show my name")).check()
        page.get_by_role("button", name="Join the room").click()
        expect(page.locator(".mm-participant-room")).to_contain_text(first.title)
        participants.append(page)
    expect(dashboard.locator(".mm-participants")).to_contain_text("3 people have joined")
    expect(participants[0].locator(".mm-participant-room")).to_contain_text("You are in as Noor")
    expect(participants[1].locator(".mm-participant-room")).to_contain_text("anonymous")

    # everyone in the room, the dashboard included, sees the options in one order
    order = room_order(code, len(first.options), first.id)
    letters = {index: chr(ord("A") + position) for position, index in enumerate(order)}
    expected = [f"{letters[index]}. {first.options[index].text}" for index in order]
    for page in participants:
        shown = page.locator(".mm-participant-room .mm-radio-option").all_inner_texts()
        assert [text.strip() for text in shown] == expected
    rows = dashboard.locator(".mm-bar-row .mm-bar-label").all_inner_texts()
    assert [" ".join(text.split()) for text in rows] == [
        f"{letters[index]} {first.options[index].text}" for index in order
    ]
    for page, option in zip(participants, (0, 1, 1), strict=True):
        label = f"{letters[option]}. {first.options[option].text}"
        page.get_by_role("radio", name=label).check()
        page.get_by_role("button", name="Send my answer").click()
        expect(page.locator(".mm-participant-room")).to_contain_text("Your answer is in")
    # no reload, no click: the dashboard's own refresh picks the answers up
    ids = [option.id for option in first.options]
    expect(bar(dashboard, ids[0])).to_have_attribute("data-count", "1", timeout=5_000)
    expect(bar(dashboard, ids[1])).to_have_attribute("data-count", "2", timeout=5_000)
    expect(dashboard).to_contain_text("3 answers so far")

    dashboard.get_by_role("button", name=f"Feedback {letters[1]}").click()
    expect(participants[1].locator(".mm-participant-room")).to_contain_text(
        first.options[1].feedback[:40], timeout=5_000
    )

    # the room's second scenario is a ranking: two participants order it, one leaves it
    ranking = course.scenarios[workshop.scenario_ids()[1]]
    assert ranking.kind == "ranking"
    dashboard.get_by_role("button", name="Next scenario ▶").click()
    order = room_order(code, len(ranking.options), ranking.id)
    shown = [f"{chr(ord('A') + p)}. {ranking.options[i].text}" for p, i in enumerate(order)]
    key = sorted(range(len(order)), key=lambda i: ranking.options[i].rank)
    for page in participants[:2]:
        room = page.locator(".mm-participant-room")
        expect(room.locator(".mm-rank-text")).to_have_text(shown, timeout=10_000)
    rank_in_order(participants[0].locator(".mm-participant-room"),
                  [shown[order.index(i)] for i in key])
    participants[1].locator(".mm-rank-row").nth(1).get_by_role("button", name="Move up").click()
    expect(participants[1].locator(".mm-rank-text").first).to_have_text(shown[1])
    for page in participants[:2]:
        page.get_by_role("button", name="Send my answer").click()
        expect(page.locator(".mm-participant-room")).to_contain_text("Your answer is in")
    # the dashboard shows each option's mean place: the key's first was placed 1st and 2nd or
    # where the shown order had it
    expect(dashboard).to_contain_text("2 rankings so far", timeout=5_000)
    second_order = [order[1], order[0], *order[2:]]
    for index, option in enumerate(ranking.options):
        places = [key.index(index) + 1, second_order.index(index) + 1]
        expect(bar(dashboard, option.id)).to_contain_text(f"mean rank {sum(places) / 2:.1f}")
    with facilitator.expect_download() as download:
        dashboard.get_by_role("button", name="Download results (CSV)").click()
    with open(download.value.path(), encoding="utf-8") as handle:
        text = handle.read()
    letters_in_key = " > ".join(chr(ord("A") + order.index(i)) for i in key)
    assert f"{ranking.id}," in text and letters_in_key in text

    dashboard.get_by_role("button", name="Close the room").click()
    dashboard.get_by_role("button", name="Yes, close it now").click()
    expect(dashboard.locator(".mm-participants")).to_contain_text("3 people have joined")
    expect(participants[2].locator(".mm-participant-room")).to_contain_text(
        "This room is closed", timeout=5_000
    )
    expect(participants[2].get_by_role("button", name="Send my answer")).to_be_disabled()
    assert errors == []
    for context in [facilitator_context, *contexts]:
        context.close()


def test_a_wrong_facilitator_key_is_refused_in_the_page(voila_server, page):
    page.goto(f"{voila_server.url}/voila/render/facilitator.ipynb")
    page.get_by_role("button", name="Create a room").click()
    code = page.locator(".mm-room-code").first
    expect(code).to_have_text(re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$"), timeout=30_000)
    room = code.inner_text()
    other = page.context.new_page()
    other.goto(f"{voila_server.url}/voila/render/facilitator.ipynb")
    other.get_by_role("textbox", name="Room code").fill(room)
    other.get_by_label("Facilitator key").fill("wrong-key")
    other.get_by_role("button", name="Open the dashboard").click()
    expect(other.locator(".mm-facilitator")).to_contain_text(
        f"That facilitator key does not open room {room}"
    )
    expect(other.locator(".mm-dashboard")).to_have_count(0)


def test_a_segment_timer_counts_down_and_pauses_in_the_page(voila_server, page):
    page.goto(f"{voila_server.url}/voila/render/facilitator.ipynb")
    timer = page.locator(".mm-timer").first
    clock = timer.locator(".mm-timer-clock")
    expect(clock).to_have_text(re.compile(r"^\d+:00$"), timeout=30_000)
    full = clock.inner_text()
    timer.get_by_role("button", name=re.compile("^Start")).click()
    expect(clock).not_to_have_text(full, timeout=5_000)
    timer.get_by_role("button", name=re.compile("^Pause")).click()
    expect(timer.locator(".mm-timer-state")).to_have_text("Paused.")
    paused = clock.inner_text()
    page.wait_for_timeout(2_000)
    assert clock.inner_text() == paused
    timer.get_by_role("button", name=re.compile("^Reset")).click()
    expect(clock).to_have_text(full)


def test_the_handouts_download_is_the_chosen_workshops_at_once(voila_server, page):
    """Made when asked for, so a click right after the page loads gets the whole file."""
    from widgets.content import get_course

    page.goto(f"{voila_server.url}/voila/render/facilitator.ipynb")
    button = page.get_by_role("button", name="Download printable handouts (HTML)")
    with page.expect_download(timeout=30_000) as download_info:
        button.click()
    download = download_info.value
    text = open(download.path(), encoding="utf-8").read()
    titles = [w.title for w in get_course().workshops.values()]
    assert download.suggested_filename.endswith("-handouts.html")
    assert text.startswith("<!doctype html>") or "<html" in text[:200]
    assert any(title in text for title in titles)
