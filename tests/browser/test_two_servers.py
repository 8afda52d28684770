"""Two Voila servers (two processes, two ports) on one PostgreSQL database share a workshop
room: participants on both, and the facilitator's dashboard on one sees every answer."""

from __future__ import annotations

import json
import secrets

import pytest
from browser_pages import create_room
from conftest import VoilaServer
from playwright.sync_api import expect

from widgets.content import get_course
from widgets.ui.shuffle import room_order

pytestmark = pytest.mark.browser


@pytest.fixture
def two_servers(postgres, tmp_path_factory):
    name = "rooms_" + secrets.token_hex(4)
    url = postgres.create_database(name)
    # what is tested is the shared room, not preheating: two servers that each fill voila.json's
    # pools at start would only compete for the CPU with the pages under test
    servers = [
        VoilaServer(
            tmp_path_factory.mktemp(f"voila-{letter}"), database=url,
            extra_args=("--", "--VoilaConfiguration.preheat_kernel=False"),
        )
        for letter in "ab"
    ]
    yield servers, name
    for server in servers:
        server.stop()
    postgres.drop_database(name)


def test_participants_on_two_servers_answer_in_one_room_and_one_dashboard_sees_all(
    two_servers, postgres, browser
):
    (first_server, second_server), database = two_servers
    assert first_server.port != second_server.port
    course = get_course()
    workshop = min(course.workshops.values(), key=lambda w: w.minutes)
    scenario = course.scenarios[workshop.scenario_ids()[0]]

    facilitator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    facilitator.goto(f"{first_server.url}/voila/render/facilitator.ipynb")
    code = create_room(facilitator, "Two servers")
    dashboard = facilitator.locator(".mm-dashboard")

    order = room_order(code, len(scenario.options), scenario.id)
    letters = {index: chr(ord("A") + position) for position, index in enumerate(order)}
    participants = []
    # one participant on the facilitator's server, two on the other one
    for server, option in ((first_server, 0), (second_server, 1), (second_server, 1)):
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.goto(f"{server.url}/voila/render/workshop.ipynb?room={code}")
        expect(page.get_by_role("textbox", name="Room code")).to_have_value(code, timeout=30_000)
        page.get_by_role("button", name="Join the room").click()
        room = page.locator(".mm-participant-room")
        expect(room).to_contain_text(scenario.title, timeout=30_000)
        label = f"{letters[option]}. {scenario.options[option].text}"
        page.get_by_role("radio", name=label).check()
        page.get_by_role("button", name="Send my answer").click()
        expect(room).to_contain_text("Your answer is in")
        participants.append(page)

    # the dashboard on the first server counts the answers given on the second
    expect(dashboard.locator(".mm-participants")).to_contain_text("3 people have joined")
    ids = [option.id for option in scenario.options]
    for option_id, count in ((ids[0], "1"), (ids[1], "2")):
        bar = dashboard.locator(f'.mm-bar-row[data-option="{option_id}"]')
        expect(bar).to_have_attribute("data-count", count, timeout=10_000)
    # the facilitator moves the room on from the first server; the second server's pages follow
    dashboard.get_by_role("button", name=f"Feedback {letters[1]}").click()
    expect(participants[2].locator(".mm-participant-room")).to_contain_text(
        scenario.options[1].feedback[:40], timeout=10_000
    )
    rows = postgres.query(
        database, f"SELECT selected FROM room_answers WHERE room_code = '{code}' ORDER BY id"
    )
    assert [json.loads(row[0]) for row in rows] == [[ids[0]], [ids[1]], [ids[1]]]
    for page in [facilitator, *participants]:
        page.context.close()
