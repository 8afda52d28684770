"""A PostgreSQL server that goes away in the middle of a session: the learner sees a plain
notice while it is away, nothing confirmed is lost, and answers are kept again once it is
back (a server of its own, so the shared one of the other tests is never restarted)."""

from __future__ import annotations

import pytest
from conftest import free_port
from postgres_server import PostgresServer

from widgets.identity.session import LearnerSession
from widgets.store import Storage


@pytest.fixture
def own_postgres():
    server = PostgresServer(free_port())
    yield server
    server.destroy()


def test_a_restart_loses_no_confirmed_answer_and_the_learner_sees_a_plain_notice(
    own_postgres, monkeypatch
):
    from widgets import pages as lesson

    storage = Storage(own_postgres.create_database("course"))
    assert storage.dialect == "postgresql" and storage.persistent
    session = LearnerSession(storage, mode="web")
    monkeypatch.setattr(lesson, "get_session", lambda: session)
    root = lesson.scenario_deck("acknowledge")
    notice = root.children[4]  # after the stylesheet, identity, header and link question
    session.identity.reported = True
    quizzes = root.children[-1].quizzes

    def answer(quiz) -> None:
        quiz.selected = (0,)
        quiz.check()

    answer(quizzes[0])
    assert notice.value == ""  # confirmed: kept

    own_postgres.stop()
    answer(quizzes[1])
    assert "Your last answer could not be saved" in notice.value
    assert "cannot be reached just now" in notice.value
    for leak in ("Traceback", "psycopg", "127.0.0.1", "sqlalchemy", "SELECT", "INSERT"):
        assert leak not in notice.value
    assert quizzes[1].checked  # the learner still gets the feedback

    own_postgres.start()
    answer(quizzes[2])
    assert notice.value == ""  # the database is back: the notice goes
    kept = own_postgres.query("course", "SELECT scenario_id FROM answers ORDER BY id")
    assert [row[0] for row in kept] == [quizzes[0].scenario.id, quizzes[2].scenario.id]
    assert storage.learners.answers(session.learner_id)[0].scenario_id == quizzes[0].scenario.id


def test_a_database_server_that_cannot_be_reached_at_start_leaves_a_plain_notice():
    url = f"postgresql+psycopg://course:s3cret-pw@127.0.0.1:{free_port()}/course"
    storage = Storage(url)  # nothing listens on that port
    assert not storage.persistent
    assert "cannot be reached just now" in storage.notice
    assert "answers are not being kept" in storage.notice
    for leak in ("s3cret-pw", "127.0.0.1", "psycopg", "Traceback"):
        assert leak not in storage.notice
    storage.learners.record_answer("me", "m", "s", ("a",), 1.0, True)  # the course still works
    assert len(storage.learners.answers("me")) == 1
