"""The xAPI outbox in the store, on SQLite and PostgreSQL: statements are kept in the same
transaction as what the learner did (both or neither), nothing is queued with reporting off,
reflections and drafted replies never reach a statement, and two senders never claim the
same row."""

from __future__ import annotations

import json

import pytest

from widgets.content import get_course
from widgets.reporting.config import load_config
from widgets.reporting.reporter import CourseReporter
from widgets.store import Storage, StorageError

SETTINGS = {"MICROMOMENTS_LRS_URL": "http://lrs.example", "MICROMOMENTS_LRS_USERNAME": "u",
            "MICROMOMENTS_LRS_PASSWORD": "p"}


def reporting_storage(target: str) -> Storage:
    return Storage(target, reporter=CourseReporter(load_config(SETTINGS), get_course()))


def a_module_with_scenarios():
    course = get_course()
    module = next(m for m in course.modules if m.scenarios and m.conversation)
    return course, module, course.scenarios[module.scenarios[0]]


def answer(storage: Storage, learner: str = "web-1") -> None:
    _course, module, scenario = a_module_with_scenarios()
    storage.learners.record_answer(
        learner, module.id, scenario.id, (scenario.options[0].id,), 1.0, True
    )


def verbs(storage: Storage, learner: str) -> list[str]:
    return [s["verb"]["display"]["en-US"] for s in storage.outbox.queued_statements(learner)]


def test_an_answer_and_its_statement_are_committed_together(database):
    storage = reporting_storage(database.target)
    answer(storage)
    assert database.count("answers") == 1
    rows = database.rows("SELECT statement_id, statement, sent_at FROM xapi_outbox")
    assert len(rows) == 1
    statement_id, text, sent_at = rows[0]
    assert json.loads(text)["id"] == statement_id and sent_at is None
    assert verbs(storage, "web-1") == ["answered"]


class Clashing(CourseReporter):
    """A reporter whose second statement reuses the first one's id, so the outbox insert
    fails inside the write's transaction."""

    def answered(self, *args, **kwargs):
        found = super().answered(*args, **kwargs)
        self.last = getattr(self, "last", None) or found[0]["id"]
        return [{**found[0], "id": self.last}]


def test_when_the_outbox_insert_fails_the_answer_is_rolled_back_too(database):
    storage = Storage(
        database.target, reporter=Clashing(load_config(SETTINGS), get_course())
    )
    answer(storage)
    with pytest.raises(StorageError):
        answer(storage)
    assert database.count("answers") == 1
    assert database.count("xapi_outbox") == 1


class Failing(CourseReporter):
    def self_assessed(self, *args, **kwargs):
        raise RuntimeError("the reporter broke")


def test_a_statement_that_cannot_be_built_is_logged_and_the_learners_write_kept(
    database, caplog
):
    storage = Storage(database.target, reporter=Failing(load_config(SETTINGS), get_course()))
    with caplog.at_level("ERROR", logger="widgets.store.database"):
        storage.journal.save_self_assessment("web-1", "before", {"acknowledge": 3})
    assert database.count("self_assessments") == 1
    assert database.count("xapi_outbox") == 0
    assert "xAPI statements of self_assessed not built" in caplog.text
    assert "the reporter broke" in caplog.text  # the traceback, for the host


def test_with_reporting_off_nothing_is_queued(database):
    course, module, _scenario = a_module_with_scenarios()
    storage = Storage(database.target)
    assert storage.reporter is None
    storage.learners.record_visit("web-1", module.id)
    answer(storage)
    for each in course.modules:
        storage.learners.mark_completed("web-1", each.id)
    storage.journal.save_self_assessment("web-1", "before", {"acknowledge": 3})
    ending = next(iter(course.conversations[module.conversation].endings()))
    storage.practice.record_practice("web-1", module.id, module.conversation, "conversation",
                            {"ending": ending, "meter": 50, "used": [], "missed": []})
    assert database.count("answers") == 1
    assert database.count("xapi_outbox") == 0


def test_each_event_queues_its_statements(database):
    course, module, _scenario = a_module_with_scenarios()
    storage = reporting_storage(database.target)
    storage.learners.record_visit("web-1", module.id)
    storage.learners.record_visit("web-1", module.id)  # the same page's second cell
    answer(storage)
    storage.learners.mark_completed("web-1", module.id)
    storage.learners.mark_completed("web-1", module.id)  # completed once only
    storage.journal.save_self_assessment("web-1", "after", {"acknowledge": 4, "names": 5})
    conversation = course.conversations[module.conversation]
    ending = next(iter(conversation.endings()))
    storage.practice.record_practice("web-1", module.id, conversation.id, "conversation",
                            {"ending": ending, "meter": 80, "used": ["acknowledge"],
                             "missed": [], "path": ["start", ending]})
    assert verbs(storage, "web-1") == [
        "launched", "initialized", "answered", "completed", "responded", "completed"
    ]
    for each in course.modules:
        storage.learners.mark_completed("web-1", each.id)
    queued = storage.outbox.queued_statements("web-1")
    course_done = [s for s in queued if s["object"]["id"].endswith("leadership-in-micro-moments")]
    assert len(course_done) == 1 and course_done[0]["verb"]["display"]["en-US"] == "completed"
    assert len([s for s in queued if "/module/" in s["object"]["id"]
                and s["verb"]["display"]["en-US"] == "completed"
                and s["object"]["id"].count("/") == 6]) == len(course.modules)


def test_reflections_drafted_replies_and_the_resume_code_are_never_sent(database):
    course, module, _scenario = a_module_with_scenarios()
    storage = reporting_storage(database.target)
    learner, code = storage.learners.new_learner()
    storage.journal.save_reflection(learner, module.id, "r1", "Prompt?", "my secret reflection")
    storage.practice.record_practice(learner, module.id, "some-reply-exercise", "reply",
                            {"reply": "my drafted reply", "passed": [], "missed": []})
    storage.practice.record_practice(learner, module.id, "some-pause", "pause",
                            {"reply": "my paused reply", "paused_seconds": 5})
    assert database.count("xapi_outbox") == 0
    answer(storage, learner)
    storage.learners.mark_completed(learner, module.id)
    text = "".join(row[0] for row in database.rows("SELECT statement FROM xapi_outbox"))
    assert "my secret reflection" not in text and "drafted reply" not in text
    assert code not in text and code.replace("-", "") not in text
    assert all(s["actor"]["account"]["name"] == learner
               for s in storage.outbox.queued_statements(learner))


def test_deleting_a_learner_drops_their_unsent_statements(database):
    storage = reporting_storage(database.target)
    answer(storage, "web-1")
    answer(storage, "web-2")
    storage.learners.delete_learner("web-1")
    assert storage.outbox.queued_statements("web-1") == []
    assert len(storage.outbox.queued_statements("web-2")) == 1


def test_two_senders_never_claim_the_same_rows(database):
    storage = reporting_storage(database.target)
    for learner in range(5):
        answer(storage, f"web-{learner}")
    other = Storage(database.target)
    first = storage.outbox.claim_statements("sender-a", limit=3)
    second = other.outbox.claim_statements("sender-b", limit=10)
    assert len(first) == 3 and len(second) == 2
    assert not {q.row_id for q in first} & {q.row_id for q in second}
    assert other.outbox.claim_statements("sender-c") == []
    # a sender that gives rows back (the LRS was down) lets them be claimed again, in order
    storage.outbox.release_statements([q.row_id for q in first])
    again = other.outbox.claim_statements("sender-b")
    assert [q.row_id for q in again] == [q.row_id for q in first]
    storage.outbox.mark_sent([q.row_id for q in again + second])
    assert storage.outbox.outbox_counts() == {"waiting": 0, "sent": 5, "rejected": 0}
    assert database.rows("SELECT MAX(attempts) FROM xapi_outbox")[0][0] == 1


def test_a_claim_that_lapses_is_taken_over(database):
    storage = reporting_storage(database.target)
    answer(storage)
    assert len(storage.outbox.claim_statements("dead-sender", lease_seconds=-1)) == 1
    assert len(storage.outbox.claim_statements("live-sender")) == 1


def test_statements_sent_long_ago_are_pruned_and_the_rest_kept(database):
    storage = reporting_storage(database.target)
    for learner in ("web-1", "web-2", "web-3"):
        answer(storage, learner)
    claimed = storage.outbox.claim_statements("sender")
    storage.outbox.mark_sent([claimed[0].row_id, claimed[1].row_id])
    old = claimed[0].statement["id"]
    database_update(  # sent in 2020
        database, "UPDATE xapi_outbox SET sent_at = '2020-01-01T00:00:00.000+00:00' "
        f"WHERE statement_id = '{old}'",
    )
    assert storage.outbox.prune_sent("2026-01-01T00:00:00.000+00:00") == 1
    assert storage.outbox.outbox_counts() == {"waiting": 1, "sent": 1, "rejected": 0}


def database_update(database, sql: str) -> None:
    if database.backend == "sqlite":
        import sqlite3

        with sqlite3.connect(database.target) as connection:
            connection.execute(sql)
    else:
        import psycopg

        with psycopg.connect(database.target.replace("+psycopg", "")) as connection:
            connection.execute(sql)


def test_with_the_lrs_down_the_outbox_stays_under_its_bound(database, caplog):
    """Issue 26, point 6: a page flooding answers while nothing is sent queues at most its
    learner's bound; many learners at most the total; the oldest statements are kept, the
    learner's own writes all are, and the host reads one line about the dropped ones."""
    from widgets.store.outbox_bound import OutboxBound

    storage = reporting_storage(database.target)
    storage.outbox_bound = OutboxBound(total=60, per_learner=25)
    first = None
    with caplog.at_level("WARNING", logger="widgets.store"):
        for _ in range(40):
            answer(storage, "web-flood")
            first = first or storage.outbox.queued_statements("web-flood")[0]["id"]
        for learner in range(10):
            for _ in range(5):
                answer(storage, f"web-{learner}")
    counts = storage.outbox.outbox_counts()
    assert len(storage.outbox.queued_statements("web-flood")) <= 25
    assert counts["waiting"] <= 60
    assert storage.outbox.queued_statements("web-flood")[0]["id"] == first  # the oldest kept
    assert storage.outbox_bound.dropped > 0
    _course, module, scenario = a_module_with_scenarios()
    assert storage.learners.scenario_history(
        "web-flood", module.id
    )[scenario.id].attempts >= 20  # kept
    lines = [r for r in caplog.records if "outbox full" in r.getMessage()]
    assert len(lines) == 1 and "Is the LRS down?" in lines[0].getMessage()
