"""Identity across pages: a ?code= link asks before taking over, and codes and keys cannot be
tried at speed, whichever page (kernel) the tries come from."""

from __future__ import annotations

import pytest

from widgets.content import get_course
from widgets.learner.learner_panel import LearnerPanel
from widgets.learner.session import LearnerSession, parse_page_query
from widgets.limits import TRIES_PER_MINUTE
from widgets.store import Storage
from widgets.workshop.facilitator_console import FacilitatorConsole
from widgets.workshop.participant_room import ParticipantRoom


def web_page(storage: Storage, monkeypatch, *, stored: str = "", link: str = "") -> LearnerSession:
    """A new Voila page: the browser reports ``stored`` and the address has ``?code=link``."""
    monkeypatch.setenv("QUERY_STRING", "code=NOT-FROM-THE-ENVIRONMENT")
    monkeypatch.setenv("REMOTE_ADDR", "203.0.113.7")
    session = LearnerSession(storage, mode="web")
    session.identity.stored_code = stored
    session.identity.page_query = f"?code={link}&theme=dark" if link else ""
    session.identity.reported = True
    return session


def test_a_link_to_someone_elses_progress_asks_first_and_keeps_mine(tmp_path, monkeypatch):
    storage = Storage(tmp_path / "db.sqlite3")
    me, my_code = storage.new_learner()
    other, other_code = storage.new_learner()
    page = web_page(storage, monkeypatch, stored=my_code, link=other_code)
    assert page.learner_id == me and page.link_prompt.asking
    assert page.identity.code_to_store in (None, my_code)  # my code is not overwritten
    storage.save_reflection(page.learner_id, "m", "r", "p", "mine")
    assert storage.reflection_text(me, "r") == "mine" and storage.reflection_text(other, "r") == ""
    page.link_prompt.keep_button.click()
    assert page.learner_id == me and not page.link_prompt.asking
    page.link_prompt.switch_button.click()  # clicked unasked (a page can send any click)
    assert page.learner_id == me

    again = web_page(storage, monkeypatch, stored=my_code, link=other_code)
    again.link_prompt.switch_button.click()
    assert again.learner_id == other and again.identity.code_to_store == other_code


def test_a_link_is_used_when_the_browser_keeps_no_one(tmp_path, monkeypatch):
    storage = Storage(tmp_path / "db.sqlite3")
    other, other_code = storage.new_learner()
    page = web_page(storage, monkeypatch, link=other_code.lower())
    assert page.learner_id == other and not page.link_prompt.asking
    assert page.identity.code_to_store == other_code
    same = web_page(storage, monkeypatch, stored=other_code, link=other_code)
    assert same.learner_id == other and not same.link_prompt.asking


def test_a_link_with_a_code_nobody_has_says_so_and_keeps_my_progress(tmp_path, monkeypatch):
    storage = Storage(tmp_path / "db.sqlite3")
    me, my_code = storage.new_learner()
    page = web_page(storage, monkeypatch, stored=my_code, link="ZZZZ-ZZZZ-ZZZZ")
    assert page.learner_id == me and not page.link_prompt.asking
    assert "was not found, so it was not used" in page.notice
    fine = web_page(storage, monkeypatch, stored=my_code)
    assert fine.notice == ""


def test_resume_codes_cannot_be_guessed_at_speed_across_pages(tmp_path, monkeypatch):
    storage = Storage(tmp_path / "db.sqlite3")
    _me, code = storage.new_learner()
    panel = LearnerPanel(web_page(storage, monkeypatch))
    for guess in range(TRIES_PER_MINUTE):
        panel.code_input.value = f"AAAA-AAAA-{guess:04d}"
        assert not panel.restore()
        assert "does not match" in panel.restore_status.value
    # a new page (a new kernel) does not reset the count: it is kept in the store
    panel = LearnerPanel(web_page(storage, monkeypatch))
    panel.code_input.value = code  # even the right code waits now
    assert not panel.restore()
    assert "Too many tries" in panel.restore_status.value
    # another address is not held up
    monkeypatch.setenv("REMOTE_ADDR", "198.51.100.1")
    panel.code_input.value = code
    assert panel.restore()


@pytest.fixture
def course():
    return get_course()


def test_room_keys_and_the_host_key_cannot_be_tried_at_speed(tmp_path, monkeypatch, course):
    monkeypatch.setenv("REMOTE_ADDR", "203.0.113.9")
    storage = Storage(tmp_path / "db.sqlite3")
    host = FacilitatorConsole(course, storage, host_key="the-host-key")
    host.create_key.value = "the-host-key"
    room = host.create_room()
    assert room is not None
    console = FacilitatorConsole(course, storage, host_key="the-host-key")
    for guess in range(TRIES_PER_MINUTE):
        console.create_key.value = f"guess-{guess}"
        assert console.create_room() is None
    console.create_key.value = "the-host-key"
    assert console.create_room() is None
    assert "Too many tries" in console.create_status.value
    opener = FacilitatorConsole(course, storage, host_key="the-host-key")
    opener.code_input.value = room.code
    for guess in range(TRIES_PER_MINUTE):
        opener.key_input.value = f"guess-{guess}"
        assert not opener.open_dashboard()
    opener.key_input.value = "the-host-key"
    assert not opener.open_dashboard() and "Too many tries" in opener.open_status.value


def test_join_codes_cannot_be_tried_at_speed(tmp_path, monkeypatch, course):
    storage = Storage(tmp_path / "db.sqlite3")
    room, _key = storage.create_room("R", "w", ["s"])
    session = web_page(storage, monkeypatch)
    participant = ParticipantRoom(course, session)
    for guess in range(TRIES_PER_MINUTE):
        participant.code_input.value = f"ZZZZ-{guess:04d}"
        assert not participant.join()
        assert "no room with that code" in participant.join_status.value
    participant.code_input.value = room.code
    assert not participant.join() and "Too many tries" in participant.join_status.value


def test_the_page_query_comes_from_the_browser_bounded(tmp_path, monkeypatch):
    storage = Storage(tmp_path / "db.sqlite3")
    monkeypatch.setenv("QUERY_STRING", "room=FROM-THE-ENVIRONMENT")
    session = LearnerSession(storage, mode="web")
    assert session.query_parameter("room") == ""  # nothing until the browser reports
    session.identity.page_query = "?room=k7qf-m2xd&" + "&".join(f"x{n}=1" for n in range(500))
    session.identity.reported = True
    assert session.query_parameter("room") == "k7qf-m2xd"
    assert len(session.page_query) <= 20
    assert parse_page_query("?room=" + "A" * 5000) == {"room": "A" * 200}


def test_a_room_link_fills_the_code_only_while_the_field_is_empty(tmp_path, course):
    storage = Storage(tmp_path / "db.sqlite3")
    session = LearnerSession(storage, mode="local")
    room = ParticipantRoom(course, session)
    room.offer_code("k7qf-m2xd")
    assert room.code_input.value == "K7QF-M2XD"
    room.code_input.value = "TYPED-CODE"
    room.offer_code("ABCD-EFGH")
    assert room.code_input.value == "TYPED-CODE"


def test_a_pooled_kernel_reads_its_address_from_the_server(tmp_path, monkeypatch):
    from widgets.learner import page_request
    from widgets.server.guard import ADDRESS_DIR_VARIABLE, PageKernels

    assert ADDRESS_DIR_VARIABLE == page_request.ADDRESS_DIR_VARIABLE
    kernel_id = "0b4f2f7e-8d1e-4e6b-9a51-3f0c2d9e7a11"
    kernels = PageKernels(address_dir=tmp_path)
    monkeypatch.delenv("REMOTE_ADDR", raising=False)
    monkeypatch.setenv(ADDRESS_DIR_VARIABLE, str(tmp_path))
    monkeypatch.setattr(page_request, "this_kernel_id", lambda: kernel_id)
    monkeypatch.setattr(page_request, "_known", [])
    assert page_request.client_address() == "local"  # not handed to a browser yet
    kernels.register(kernel_id, "owner-hash", "198.51.100.23")
    assert page_request.client_address() == "198.51.100.23"
    kernels.prune(set())
    assert not (tmp_path / kernel_id).exists()
