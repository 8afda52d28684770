"""A server that trusts nothing the browser sends, continued: the smaller defects, the
dashboard flood, and the rules that held before, tried by the same protocol client."""

from __future__ import annotations

import time

import pytest
from hostile_client import KernelSocket, Page, fetch, find, run_async, shut_down_all

from widgets.server.protocol import PLAIN_ERROR


@pytest.fixture(autouse=True)
def _shut_pages_down():
    """Every page a test opens is left at the end, so kernels do not pile up."""
    yield
    shut_down_all()

# -- 8. smaller ones, and no traceback ever reaches a page --------------------------------------


@pytest.mark.parametrize("path", [
    "/logout", "/login", "/voila/render/%00", "/voila/render/a%00b", "/%00",
    "/voila/templates/%00", "/voila/labextensions/%00", "/voila/api/themes/%00",
])
def test_paths_the_course_does_not_serve_answer_404(voila_server, path):
    status, body, _headers = fetch(voila_server.url + path)
    assert status == 404 and "Traceback" not in body
    assert "Uncaught exception" not in voila_server.log()  # nor an error in the error page


def test_a_failing_callback_shows_a_plain_sentence_not_a_traceback(voila_server):
    page = Page.open(voila_server.url, "02_acknowledge.ipynb")

    async def attack() -> list[dict]:
        socket = await KernelSocket.connect(page)
        states = await socket.states()
        # values that fail their traits' validation
        progress = find(states, "IntProgressModel", description="Answered")
        await socket.update(progress, value="not a number")
        draft = find(states, "TextareaModel", description="Your reply to*")
        await socket.update(draft, value=["not", "text"], rows="many")
        seen = await socket.settle(quiet=2)
        socket.close()
        return seen

    seen = run_async(attack())
    for reply in seen:
        text = str(reply["content"])
        assert "Traceback" not in text and "TraitError" not in text and 'File "' not in text
        if reply["header"]["msg_type"] == "error":
            assert reply["content"]["evalue"] == PLAIN_ERROR
        if reply["header"]["msg_type"] == "stream":
            assert reply["content"]["name"] != "stderr"
    time.sleep(0.5)
    assert "TraitError" in voila_server.log()  # the error is kept where the host can read it


def test_the_pause_trainer_refuses_early_sends_and_text_while_disabled(voila_server):
    page = Page.open(voila_server.url, "04_pause.ipynb")

    async def attack() -> tuple[str, list[dict]]:
        socket = await KernelSocket.connect(page)
        states = await socket.states()
        reply = find(states, "AnyModel", description="Your reply to*")  # the TextBox
        send = find(states, "FormButton", description="Send my reply")
        await socket.update(reply, value="typed into a disabled box")
        await socket.custom(reply, {"do": "text", "value": "sent as the page sends text"})
        await socket.update(reply, disabled=False)
        await socket.custom(reply, {"do": "text", "value": "and again, unlocked"})
        await socket.click(send)
        seen = await socket.settle(quiet=1.5)
        socket.close()
        return reply, seen

    reply, seen = run_async(attack())
    values = [r["content"]["data"]["state"].get("value") for r in seen
              if r["header"]["msg_type"] == "comm_msg" and r["content"]["comm_id"] == reply
              and "value" in r["content"].get("data", {}).get("state", {})]
    assert values and values[-1] == ""  # the kernel put the box back
    assert "Open the message first" in " ".join(str(r["content"]) for r in seen)


def test_a_participant_page_has_no_facilitator_controls(voila_server):
    page = Page.open(voila_server.url, "workshop.ipynb")

    async def look() -> dict:
        socket = await KernelSocket.connect(page)
        states = await socket.states()
        socket.close()
        return states

    descriptions = {str(s.get("description", "")) for s in run_async(look()).values()}
    for control in ("Close the room", "Next scenario ▶", "Reveal all feedback",
                    "Create a room", "Download results (CSV)"):
        assert control not in descriptions


def test_the_store_rejects_what_the_page_must_not_keep(tmp_path):
    from widgets.store import RoomError, Storage

    storage = Storage(tmp_path / "db.sqlite3")
    room, _key = storage.rooms.create_room("R", "w", ["s1", "s2"])
    storage.rooms.join_room(room.code, "p")
    with pytest.raises(RoomError, match="moved on"):
        storage.rooms.record_room_answer(room.code, "p", "s2", ("a",))
    with pytest.raises(RoomError):
        storage.rooms.record_room_answer(room.code, "p", "s1", tuple("x" * 65 for _ in range(2)))
    storage.rooms.close_room(room.code)
    with pytest.raises(RoomError, match="closed"):
        storage.rooms.record_room_answer(room.code, "p", "s1", ("a",))


# -- 3. one participant flooded the facilitator's dashboard ------------------------------------


def test_a_dashboard_tick_stays_small_after_a_flood_of_answers(tmp_path, monkeypatch):
    from page_comm import record_new_widgets
    from wired_rooms import dashboard_for

    from widgets.content import get_course
    from widgets.limits import TooLong
    from widgets.store import Storage

    course = get_course()
    workshop = min(course.workshops.values(), key=lambda w: w.minutes)
    storage = Storage(tmp_path / "db.sqlite3")
    room, _key = storage.rooms.create_room("Flood", workshop.id, workshop.scenario_ids())
    with pytest.raises(TooLong):
        storage.rooms.join_room(room.code, "flooder", "N" * 1_000_000, show_name=True)
    storage.rooms.join_room(room.code, "flooder", "N" * 80, show_name=True)
    first = course.scenarios[workshop.scenario_ids()[0]]
    sent = record_new_widgets(monkeypatch)  # every message of the dashboard's widgets
    dashboard = dashboard_for(course, storage, room)
    for answer in range(500):
        option = first.options[answer % len(first.options)].id
        storage.rooms.record_room_answer(room.code, "flooder", first.id, (option,))
    sent.clear()
    dashboard.ticker.tick()  # the first tick after the flood: the counts changed
    assert 0 < sum(sent) < 50_000, sum(sent)
    sent.clear()
    dashboard.ticker.tick()  # nothing changed: nothing to send
    assert sum(sent) < 1_000, sum(sent)
    assert len(storage.rooms.room_answers(room.code)) == 1  # one row: the participant's last answer


# -- rules that already held ----------------------------------------------------------------


def test_a_quiz_answer_out_of_range_is_refused(voila_server):
    import sqlite3

    page = Page.open(voila_server.url, "03_names.ipynb")

    async def attack() -> list[dict]:
        socket = await KernelSocket.connect(page)
        states = await socket.states()
        # report "a browser with no stored code", as the page's identity widget does
        identity = next(k for k, v in states.items() if "reported" in v and "stored_code" in v)
        await socket.update(identity, stored_code="", reported=True)
        await socket.settle(quiet=1)
        states = await socket.states()
        radio = next(
            model_id for model_id, state in states.items()
            if "labels" in state and "index" in state and state.get("hide_description")
        )
        check = find(states, "FormButton", description="Check answer")
        await socket.update(radio, index=99)
        await socket.update(radio, index=-3)
        await socket.click(check)  # disabled on the page, clicked anyway
        seen = await socket.settle(quiet=1.5)
        socket.close()
        return seen

    shown = " ".join(str(r["content"]) for r in run_async(attack()))
    assert "Choose an answer first" in shown
    with sqlite3.connect(voila_server.data_dir / "course.sqlite3") as db:
        assert db.execute(
            "SELECT COUNT(*) FROM answers WHERE selected LIKE '%99%'"
        ).fetchone()[0] == 0


def test_a_websocket_from_another_origin_is_refused(voila_server):
    from hostile_client import V1, cookie_header
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    page = Page.open(voila_server.url, "00_home.ipynb")

    async def attack() -> int:
        request = HTTPRequest(
            voila_server.url.replace("http", "ws", 1)
            + f"/api/kernels/{page.kernel_id}/channels",
            headers={"Cookie": cookie_header(page.jar), "Origin": "https://evil.example"},
        )
        try:
            connection = await websocket_connect(request, subprotocols=[V1])
        except HTTPClientError as error:
            return error.code
        connection.close()
        return 0

    assert run_async(attack()) == 403
