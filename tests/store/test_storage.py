"""Storage: concurrency, crash safety, recovery, export and delete, on SQLite and on a real
PostgreSQL server (the ``database`` fixture runs each test on both)."""

from __future__ import annotations

import multiprocessing
import os
import textwrap

import pytest
from wired_views import journal as wired_journal

from widgets.actions.journal import read_journal
from widgets.content import get_course
from widgets.identity.session import LearnerSession
from widgets.learner.journal_export import journal_markdown
from widgets.store import TEXT_MAX, Storage, StorageError, TooLong, normalise_code


def _write_answers(path: str, worker: int, count: int) -> None:
    storage = Storage(path)
    for index in range(count):
        storage.learners.record_answer(
            f"learner-{worker}", "acknowledge", f"scenario-{index}", (index % 3,), 1.0, True
        )
    storage.close()


def test_thirty_processes_writing_at_once_lose_nothing(database):
    path = database.target
    Storage(path).close()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_write_answers, args=(path, w, 200)) for w in range(30)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0
    assert database.count("answers") == 6000
    assert len(Storage(path).learners.answers("learner-17")) == 200
    if database.backend == "sqlite":
        assert database.rows("PRAGMA journal_mode")[0][0] == "wal"


def test_answers_survive_a_killed_kernel(database):
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "MICROMOMENTS_DB": database.target}
    course = get_course()
    scenarios = course.module_scenarios("acknowledge")[:3]
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        code = textwrap.dedent(
            """
            from widgets import scenario_deck
            root = scenario_deck("acknowledge")
            deck = root.children[-1]
            for quiz in deck.quizzes[:3]:
                quiz.selected = (0,)
                quiz.check()
            print("answered", sum(q.attempts for q in deck.quizzes))
            """
        )
        reply = client.execute_interactive(code, timeout=60)
        assert reply["content"]["status"] == "ok"
        pid = manager.provisioner.process.pid
        os.kill(pid, 9)  # the kernel dies mid-module, with no chance to clean up
        manager.provisioner.process.wait(timeout=10)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    storage = Storage(database.target)
    learner = database.rows("SELECT id FROM learners")[0][0]
    answered = [answer.scenario_id for answer in storage.learners.answers(learner)]
    assert answered == [scenario.id for scenario in scenarios]
    assert set(
        storage.learners.scenario_history(learner, "acknowledge")
    ) == {s.id for s in scenarios}


def test_export_has_every_reflection_verbatim_and_delete_removes_only_that_learner(
    database, tmp_path
):
    storage = Storage(database.target)
    course = get_course()
    me = LearnerSession(storage, mode="web")
    me.identity.stored_code = ""
    me.identity.reported = True
    other = LearnerSession(storage, mode="web")
    other.identity.reported = True
    texts = {
        "acknowledge-recent-advice": "Line one\n\nLine *two* with <b>tags</b> & ünïcödé 🙂",
        "names-this-week": "x" * TEXT_MAX,
        "pause-recent-reaction": "  leading and trailing spaces  \n",
    }
    modules = {"acknowledge-recent-advice": "acknowledge", "names-this-week": "names",
               "pause-recent-reaction": "pause"}
    for reflection_id, text in texts.items():
        storage.journal.save_reflection(
            me.learner_id, modules[reflection_id], reflection_id, "Q?", text
        )
        storage.journal.save_reflection(
            other.learner_id, modules[reflection_id], reflection_id, "Q?", "o"
        )
    storage.learners.record_answer(me.learner_id, "acknowledge", "a", (1,), 1.0, True)
    storage.learners.record_answer(other.learner_id, "acknowledge", "a", (1,), 1.0, True)
    storage.challenge.add_challenge_entry(me.learner_id, 1, "names", "Said hi", "Smiled")
    storage.journal.save_self_assessment(me.learner_id, "before", {"names": 3})
    storage.challenge.save_challenge_plan(me.learner_id, 1, "Greet Sam")
    storage.learners.record_visit(me.learner_id, "acknowledge")
    exercise = course.exercises[course.module("acknowledge").exercises[0]]
    storage.practice.record_practice(
        me.learner_id, "acknowledge", exercise.id, "reply", {"reply": "First <i>draft</i>"}
    )
    storage.practice.record_practice(
        me.learner_id, "acknowledge", exercise.id, "reply", {"reply": "Better <i>draft</i>"}
    )
    room, _ = storage.rooms.create_room("R", "w", ["a"])
    storage.rooms.join_room(room.code, me.learner_id, "Me", show_name=True)
    storage.rooms.record_room_answer(room.code, me.learner_id, "a", (0,))

    exported = journal_markdown(course, read_journal(storage, me.learner_id))
    for text in texts.values():
        assert text in exported
    assert "Said hi" in exported
    assert f"### {exercise.title}\n\nBetter <i>draft</i>" in exported
    assert "First <i>draft</i>" not in exported  # the latest draft per exercise

    journal = wired_journal(course, me, export_dir=tmp_path)
    written = journal.export_file().read_text(encoding="utf-8")
    assert written == exported
    assert journal.download.prepare() == exported
    assert "&lt;b&gt;tags&lt;/b&gt;" in journal.entries.value  # shown escaped
    assert "Better &lt;i&gt;draft&lt;/i&gt;" in journal.entries.value

    old_id = me.learner_id
    other_before = storage.learners.row_counts(other.learner_id)
    journal.delete_button.click()
    assert journal.confirm_button.layout.display == ""
    assert storage.learners.row_counts(old_id)["reflections"] == 3  # nothing gone before confirming
    journal.confirm_button.click()
    assert all(count == 0 for count in storage.learners.row_counts(old_id).values())
    assert storage.learners.row_counts(other.learner_id) == other_before
    assert me.learner_id != old_id  # a fresh, empty learner in this browser


def test_a_corrupt_database_is_moved_aside_and_replaced(tmp_path):
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    storage = Storage(path)
    assert storage.persistent
    assert "could not be read" in storage.notice
    kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not")
    storage.learners.record_answer("me", "acknowledge", "a", (0,), 1.0, True)
    assert len(Storage(path).learners.answers("me")) == 1


def test_corrupt_database_shows_a_plain_message_in_the_course(tmp_path):
    from widgets.identity.session import LearnerSession
    from widgets.page_frame import page_root

    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    session = LearnerSession(Storage(path), mode="local")
    root = page_root(session, [], "x")
    html_values = [child.value for child in root.children if hasattr(child, "value")]
    assert any("could not be read" in value for value in html_values)
    assert not any("Traceback" in value for value in html_values)


def test_unusable_location_keeps_the_course_running(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    storage = Storage(blocker / "db.sqlite3")  # a parent that is a file: cannot be created
    assert not storage.persistent
    assert "answers are not being kept" in storage.notice
    storage.learners.record_answer("me", "m", "s", (0,), 1.0, True)  # still works, in memory
    assert len(storage.learners.answers("me")) == 1


def test_any_text_is_stored_exactly(database):
    storage = Storage(database.target)
    samples = ["", "'; DROP TABLE answers; --", "<script>alert(1)</script>",
               "🙂" * 1000, "a\r\nb", "y" * TEXT_MAX, "\\x00 \\ % %s :name ?"]
    for index, text in enumerate(samples):
        storage.journal.save_reflection("me", "m", f"r{index}", "prompt", text)
    again = Storage(database.target)
    assert [again.journal.reflection_text("me", f"r{i}") for i in range(len(samples))] == samples
    # PostgreSQL cannot keep a NUL character: no backend keeps it, the rest is kept
    storage.journal.save_reflection("me", "m", "nul", "prompt", "a\x00b")
    assert again.journal.reflection_text("me", "nul") == "ab"


def test_text_over_its_limit_is_refused_with_a_plain_message_and_nothing_stored(database):
    storage = Storage(database.target)
    with pytest.raises(TooLong, match="at most 10,000 characters; this one has 10,001"):
        storage.journal.save_reflection("me", "m", "r", "prompt", "y" * (TEXT_MAX + 1))
    with pytest.raises(TooLong):
        storage.practice.record_practice("me", "m", "ex", "reply", {"reply": "z" * (TEXT_MAX + 1)})
    with pytest.raises(TooLong):
        storage.learners.set_display_name("me", "n" * 81)
    with pytest.raises(TooLong):
        storage.challenge.add_challenge_entry("me", 1, "names", "w" * (TEXT_MAX + 1), "")
    assert storage.journal.reflections("me") == [] and storage.practice.practice_results("me") == []
    assert storage.challenge.challenge_entries("me") == []


def test_a_later_save_replaces_the_row_instead_of_adding_one(database):
    storage = Storage(database.target)
    for attempt in range(50):
        storage.practice.record_practice("me", "m", "ex", "reply", {"reply": f"draft {attempt}"})
        storage.journal.save_self_assessment("me", "before", {"names": attempt % 5 + 1})
    [result] = storage.practice.practice_results("me")
    assert result.result == {"reply": "draft 49"}
    assert storage.learners.row_counts("me")["practice_results"] == 1
    assert storage.learners.row_counts("me")["self_assessments"] == 1
    for day in range(60):
        try:
            storage.challenge.add_challenge_entry("me", day % 5 + 1, "names", "did", "landed")
        except TooLong as error:
            assert "50 micro-moments" in str(error)
            break
    assert len(storage.challenge.challenge_entries("me")) == 50


def test_shown_names_lose_bidi_controls_and_never_pose_as_anonymous(database):
    storage = Storage(database.target)
    storage.learners.set_display_name("me", "\u202eAna\u202c ")
    assert storage.learners.display_name("me") == "Ana"
    room, _ = storage.rooms.create_room("R\u202e", "w", ["s"])
    assert room.title == "R"
    with pytest.raises(TooLong, match="how the room shows people who stay anonymous"):
        storage.rooms.join_room(room.code, "x", "Participant 17", show_name=True)
    with pytest.raises(TooLong):
        storage.rooms.join_room(room.code, "x", "  participant   3 (anonymous)")
    # written with invisible characters, look-alike letters of other scripts, wide forms
    for disguised in ("Part\u200bicipant 17", "P\u0430rticip\u0430nt 17", "\u03a1articipant 17",
                      "\uff30articipant \uff11\uff17", "P.a.r.t.i.c.i.p.a.n.t 17",
                      "Pa\u0301rticipant 17", "Participant\u2060 17"):
        with pytest.raises(TooLong):
            storage.rooms.join_room(room.code, "x", disguised, show_name=True)
    with pytest.raises(TooLong):  # a page can send a million characters: refused at once
        storage.rooms.join_room(room.code, "x", "N" * 1_000_000, show_name=True)
    assert storage.rooms.join_room(room.code, "x", "Participant Lee", show_name=True) == 1
    assert storage.rooms.join_room(room.code, "x", "Pat\u00ad", show_name=True) == 1  # soft hyphen
    shown = storage._query("SELECT display_name FROM room_participants WHERE learner_id = 'x'")
    assert shown == [("Pat",)]


def test_resume_codes_are_long_random_and_forgiving(database):
    storage = Storage(database.target)
    learner, code = storage.learners.new_learner()
    assert len(code) == 14 and code.count("-") == 2
    assert storage.learners.learner_for_code(code) == learner
    assert storage.learners.learner_for_code(code.lower().replace("-", " ")) == learner
    assert storage.learners.learner_for_code("0000-0000-0000") is None
    assert storage.learners.learner_for_code("") is None
    assert normalise_code("abcd efgh jkmn") == "ABCD-EFGH-JKMN"
    assert code not in str(database.rows("SELECT * FROM learners"))  # only a hash is kept
    codes = {storage.learners.new_learner()[1] for _ in range(200)}
    assert len(codes) == 200


def test_session_restores_the_same_learner_from_the_browser(database):
    storage = Storage(database.target)
    first = LearnerSession(storage, mode="web")
    assert not first.ready
    first.identity.reported = True  # a browser with nothing stored
    assert first.ready and first.resume_code
    assert first.identity.code_to_store == first.resume_code
    second = LearnerSession(storage, mode="web")
    second.identity.stored_code = first.resume_code
    second.identity.reported = True
    assert second.learner_id == first.learner_id
    third = LearnerSession(storage, mode="web")
    third.identity.reported = True
    assert third.learner_id != first.learner_id
    assert third.restore(first.resume_code.lower())
    assert third.learner_id == first.learner_id
    assert not third.restore("ZZZZ-ZZZZ-ZZZZ")


def test_hub_user_is_the_learner(database, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "amara")
    session = LearnerSession(Storage(database.target))
    assert session.mode == "hub" and session.learner_id == "hub:amara" and session.ready


def test_a_failed_write_is_reported_on_the_page_and_a_visit_is_loaded_once(
    database, monkeypatch
):
    from widgets import pages as lesson

    storage = Storage(database.target)
    session = LearnerSession(storage, mode="web")
    monkeypatch.setattr(lesson, "get_session", lambda: session)
    visits = []
    real_visit = storage.learners.record_visit
    monkeypatch.setattr(
        storage.learners, "record_visit", lambda *a: (visits.append(a), real_visit(*a))
    )
    root = lesson.scenario_deck("acknowledge")
    # the stylesheet, who the learner is, the page's header, the link question, the notice
    assert type(root.children[2]).__name__ == "CourseHeader"
    assert root.children[3] is session.link_prompt and not session.link_prompt.asking
    notice = root.children[4]
    assert notice.value == ""
    session.identity.reported = True  # the browser answers: the learner becomes known
    assert len(visits) == 1

    def broken(*_args):
        raise StorageError("disk I/O error")

    monkeypatch.setattr(storage.learners, "record_answer", broken)
    quiz = root.children[-1].quizzes[0]
    quiz.selected = (0,)
    quiz.check()
    assert "Your last answer could not be saved (disk I/O error)." in notice.value
    assert quiz.checked  # the learner still gets feedback


def test_endless_checks_keep_a_bounded_history_with_the_best_attempt(database):
    from widgets.store.learners import ATTEMPTS_KEPT

    storage = Storage(database.target)
    storage.learners.record_answer("me", "m", "s", ("right",), 1.0, True)
    for _ in range(200):
        storage.learners.record_answer("me", "m", "s", ("wrong",), 0.0, False)
    assert storage.learners.row_counts("me")["answers"] == ATTEMPTS_KEPT
    assert storage.learners.scenario_history("me", "m") == {"s": (ATTEMPTS_KEPT, 1.0, True)}
    with pytest.raises(ValueError):
        storage.learners.record_answer(
            "me", "m", "s", tuple(f"o{i}" for i in range(50)), 0.0, False
        )


def test_the_first_answer_is_kept_through_endless_retries_and_is_the_one_that_counts(database):
    storage = Storage(database.target)
    storage.learners.record_answer("me", "m", "s", ("wrong",), 0.0, False)
    for _ in range(60):
        storage.learners.record_answer("me", "m", "s", ("right",), 1.0, True)
    storage.learners.record_answer("me", "m", "t", ("right",), 1.0, True)
    storage.learners.record_answer("me", "m", "t", ("wrong",), 0.0, False)
    history = storage.learners.scenario_history("me", "m")
    assert history["s"].first_correct is False and history["s"].best == 1.0
    assert history["t"].first_correct is True
    assert storage.learners.first_answers("me", "m") == (1, 2)
    assert storage.learners.answers("me", "m")[0].selected == ("wrong",)


def test_a_sqlite_url_is_the_same_file_in_wal_mode(tmp_path):
    import sqlite3

    storage = Storage(f"sqlite:///{tmp_path / 'url.sqlite3'}")
    assert storage.path == tmp_path / "url.sqlite3" and storage.persistent
    storage.learners.record_answer("me", "m", "s", ("a",), 1.0, True)
    assert len(Storage(tmp_path / "url.sqlite3").learners.answers("me")) == 1
    with sqlite3.connect(tmp_path / "url.sqlite3") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_learners_text_in_all_is_bounded_and_the_refusal_keeps_what_was_there(
    database, monkeypatch
):
    import widgets.store.quota as quota

    monkeypatch.setattr(quota, "LEARNER_TEXT_MAX", 30_000)
    storage = Storage(database.target)
    for number in range(3):
        storage.journal.save_reflection("me", "m", f"r{number}", "p", "x" * 9_000)
    with pytest.raises(TooLong, match="at most 30,000 characters of your writing"):
        storage.challenge.add_challenge_entry("me", 1, "names", "y" * 2_000, "z" * 2_000)
    with pytest.raises(TooLong):
        storage.practice.record_practice("me", "m", "c", "conversation", {"reply": "w" * 9_000})
    assert storage.challenge.challenge_entries("me") == [] and storage.journal.reflection_text(
        "me", "r2"
    )
    storage.journal.save_reflection(
        "someone-else", "m", "r0", "p", "x" * 9_000
    )  # a quota per learner
    assert storage.journal.reflection_text("someone-else", "r0")

