"""The sender against a real LRS (Ralph) started by the tests, on SQLite and PostgreSQL: it
delivers the outbox, keeps everything while the LRS is away and delivers each statement
exactly once when it is back, and never sends a statement twice after a lost answer."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter

from conftest import PROJECT_ROOT, free_port

from widgets.actions.send_statements import StatementSender
from widgets.content import get_course
from widgets.reporting.config import load_config
from widgets.reporting.reporter import CourseReporter
from widgets.store import Storage


def course_storage(target: str, lrs) -> Storage:
    config = load_config(lrs.course_environment(), credentials=False)
    return Storage(target, reporter=CourseReporter(config, get_course()))


def sender_for(target: str, lrs, **settings) -> StatementSender:
    environment = {**lrs.course_environment(), "MICROMOMENTS_LRS_BACKOFF_MAX": "0.5"}
    return StatementSender(load_config(environment), lambda: Storage(target), **settings)


def walk(storage: Storage, learner: str) -> int:
    """What a learner does in one module; the number of statements it queues."""
    course = get_course()
    module = next(m for m in course.modules if m.scenarios and m.conversation)
    storage.learners.record_visit(learner, module.id)
    for scenario_id in module.scenarios:
        scenario = course.scenarios[scenario_id]
        storage.learners.record_answer(learner, module.id, scenario_id, (scenario.options[0].id,),
                              0.5, False)
    storage.learners.mark_completed(learner, module.id)
    return 2 + len(module.scenarios) + 1


def counted(lrs, learner: str) -> Counter:
    return Counter(s["id"] for s in lrs.statements_of(learner))


def test_the_outbox_arrives_in_the_lrs_valid_and_marked_sent(database, lrs):
    learner = f"web-send-{database.backend}"
    storage = course_storage(database.target, lrs)
    expected = walk(storage, learner)
    report = sender_for(database.target, lrs, batch_size=4).drain()
    assert (report.sent, report.rejected, report.error) == (expected, 0, "")
    queued = storage.outbox.queued_statements(learner)
    held = counted(lrs, learner)
    assert set(held) == {s["id"] for s in queued} and set(held.values()) == {1}
    assert lrs.validate(lrs.statements_of(learner)) == []
    assert storage.outbox.outbox_counts()["waiting"] == 0


def test_while_the_lrs_is_down_nothing_is_lost_and_after_it_everything_arrives_once(
    database, lrs
):
    learner = f"web-outage-{database.backend}"
    storage = course_storage(database.target, lrs)
    sender = sender_for(database.target, lrs, batch_size=3)
    lrs.stop()
    expected = walk(storage, learner)
    down = sender.drain()
    assert down.sent == 0 and "cannot be reached" in down.error
    assert storage.outbox.outbox_counts()["waiting"] == expected
    assert database.rows("SELECT MIN(attempts) FROM xapi_outbox")[0][0] >= 0
    lrs.start()
    up = sender.drain()
    assert (up.sent, up.error) == (expected, "")
    held = counted(lrs, learner)
    assert len(held) == expected and set(held.values()) == {1}


def test_a_batch_the_lrs_kept_but_whose_answer_was_lost_is_kept_once(database, lrs):
    learner = f"web-lost-answer-{database.backend}"
    storage = course_storage(database.target, lrs)
    expected = walk(storage, learner)
    queued = storage.outbox.queued_statements(learner)
    # the LRS took the first statements, but the course never heard back
    status, _ids = lrs.post(queued[:3])
    assert status == 200
    report = sender_for(database.target, lrs).drain()
    assert report.sent == expected and not report.error
    held = counted(lrs, learner)
    assert len(held) == expected and set(held.values()) == {1}


def test_a_statement_whose_id_the_lrs_holds_already_counts_as_delivered(
    database, lrs, caplog
):
    learner = f"web-conflict-{database.backend}"
    storage = course_storage(database.target, lrs)
    expected = walk(storage, learner)
    taken = storage.outbox.queued_statements(learner)[2]
    # the LRS holds a statement with that id whose result differs: it answers 409
    status, _ids = lrs.post([{**taken, "result": {"completion": True}}])
    assert status == 200
    with caplog.at_level("WARNING", logger="widgets.actions.send_statements"):
        report = sender_for(database.target, lrs).drain()
    assert (report.sent, report.rejected, report.error) == (expected, 0, "")
    assert f"already holds statement {taken['id']}" in caplog.text
    held = counted(lrs, learner)
    assert len(held) == expected and set(held.values()) == {1}


def test_a_statement_the_lrs_refuses_is_set_aside_and_the_rest_go(database, lrs):
    learner = f"web-refused-{database.backend}"
    storage = course_storage(database.target, lrs)
    expected = walk(storage, learner)
    broken = storage.outbox.queued_statements(learner)[1]
    del broken["actor"]
    _replace_statement(database, broken)  # what a hand-edited row might hold
    report = sender_for(database.target, lrs).drain()
    assert (report.sent, report.rejected, report.error) == (expected - 1, 1, "")
    assert storage.outbox.outbox_counts() == {"waiting": 0, "sent": expected - 1, "rejected": 1}
    assert broken["id"] not in counted(lrs, learner)


def _replace_statement(database, statement: dict) -> None:
    text = json.dumps(statement).replace("'", "''")
    sql = f"UPDATE xapi_outbox SET statement = '{text}' WHERE statement_id = '{statement['id']}'"
    if database.backend == "sqlite":
        import sqlite3

        with sqlite3.connect(database.target) as connection:
            connection.execute(sql)
    else:
        import psycopg

        url = database.target.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url) as connection:
            connection.execute(sql)


def test_wrong_credentials_keep_everything_queued_and_say_which_setting(tmp_path, lrs):
    target = str(tmp_path / "course.sqlite3")
    storage = course_storage(target, lrs)
    expected = walk(storage, "web-wrong-password")
    wrong = {**lrs.course_environment(), "MICROMOMENTS_LRS_PASSWORD": "not-the-password"}
    report = StatementSender(load_config(wrong), lambda: Storage(target)).drain()
    assert report.sent == 0 and "401" in report.error
    assert "MICROMOMENTS_LRS_PASSWORD" in report.error
    assert storage.outbox.outbox_counts()["waiting"] == expected
    assert lrs.statements_of("web-wrong-password") == []


def test_the_background_sender_rides_out_an_outage(tmp_path, lrs):
    target = str(tmp_path / "course.sqlite3")
    learner = "web-background"
    storage = course_storage(target, lrs)
    sender = sender_for(target, lrs, idle_wait=0.2)
    sender.start()
    try:
        first = walk(storage, learner)
        wait_for(lambda: len(counted(lrs, learner)) == first)
        lrs.stop()
        second = walk(storage, learner + "-2")
        time.sleep(2)  # the sender tries, fails and backs off
        assert storage.outbox.outbox_counts()["waiting"] == second
        lrs.start()
        wait_for(lambda: storage.outbox.outbox_counts()["waiting"] == 0)
    finally:
        sender.stop()
    for name, expected in ((learner, first), (learner + "-2", second)):
        held = counted(lrs, name)
        assert len(held) == expected and set(held.values()) == {1}


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_send_statements_from_the_command_line(tmp_path, lrs):
    target = str(tmp_path / "course.sqlite3")
    learner = "web-command-line"
    expected = walk(course_storage(target, lrs), learner)
    env = {"PATH": "/usr/bin:/bin", "MICROMOMENTS_DB": target, **lrs.course_environment()}
    done = subprocess.run(
        [sys.executable, "-m", "widgets", "send-statements", "--once"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"{expected} statement(s) sent" in done.stdout
    assert len(counted(lrs, learner)) == expected
    # an LRS that is not there: the statements stay queued, and the command says so
    walk(course_storage(target, lrs), learner + "-later")
    away = {**env, "MICROMOMENTS_LRS_URL": f"http://127.0.0.1:{free_port()}"}
    done = subprocess.run(
        [sys.executable, "-m", "widgets", "send-statements", "--once"],
        cwd=PROJECT_ROOT, env=away, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1 and "cannot be reached" in done.stderr
    assert Storage(target).outbox.outbox_counts()["waiting"] == expected


def test_a_wrong_setting_stops_the_command_with_the_variable_named(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "MICROMOMENTS_DB": str(tmp_path / "db.sqlite3"),
           "MICROMOMENTS_LRS_URL": "http://127.0.0.1:9"}
    for command in (["send-statements", "--once"], ["serve", "--port", str(free_port())]):
        done = subprocess.run(
            [sys.executable, "-m", "widgets", *command],
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 2
        assert "MICROMOMENTS_LRS_USERNAME" in done.stderr
