"""Migrations: a database written by the last sqlite3 release opens under the new store with
every row kept; Alembic's revisions and ``tables.py`` agree on both backends; no hand-written
migration runner is left."""

from __future__ import annotations

import re
import sqlite3

from release_sqlite3 import (
    MIGRATIONS,
    RELEASE_SCHEMA_VERSION,
    build_release_database,
    table_rows,
)
from sqlalchemy import create_engine

from widgets.store import SCHEMA_VERSION, Storage
from widgets.store.migrate import MIGRATIONS_DIR

RELEASE_ROWS = [
    "INSERT INTO learners VALUES ('web-1', 'hash-1', 'Ana', '2026-11-01T09:00:00.000+00:00', "
    "'acknowledge')",
    "INSERT INTO learners VALUES ('hub:amara', NULL, '', '2026-11-02T09:00:00.000+00:00', NULL)",
    "INSERT INTO answers VALUES (1, 'web-1', 'acknowledge', 's1', '[\"a\"]', 1.0, 1, 't1')",
    "INSERT INTO answers VALUES (2, 'web-1', 'acknowledge', 's1', '[\"b\"]', 0.5, 0, 't2')",
    "INSERT INTO answers VALUES (3, 'hub:amara', 'names', 's9', '[0]', 0.0, 0, 't3')",
    "INSERT INTO reflections VALUES ('web-1', 'second', 'names', 'Q2?', 'written first', 't1')",
    "INSERT INTO reflections VALUES ('web-1', 'first', 'pause', 'Q1?', 'then this 🙂', 't2')",
    "INSERT INTO module_visits VALUES ('web-1', 'acknowledge', 't1', 't2', 't3')",
    "INSERT INTO self_assessments VALUES (1, 'web-1', 'before', 'names', 3, 't1')",
    "INSERT INTO challenge_entries VALUES (1, 'web-1', 2, 'names', 'Said hi', 'Smiled', 't1')",
    "INSERT INTO challenge_plan VALUES ('web-1', 1, 'Greet Sam')",
    "INSERT INTO practice_results VALUES (1, 'web-1', 'acknowledge', 'ex', 'reply', "
    "'{\"reply\": \"<b>draft</b>\"}', 't1')",
    "INSERT INTO rooms VALUES ('ABCD-EFGH', 'Tuesday', 'w', '[\"s1\", \"s2\"]', 'kh', 1, '[0]', "
    "'t1', NULL)",
    "INSERT INTO room_participants VALUES ('ABCD-EFGH', 'web-1', 1, 'Ana', 1, 't1')",
    "INSERT INTO room_participants VALUES ('ABCD-EFGH', 'hub:amara', 2, '', 0, 't1')",
    "INSERT INTO room_answers VALUES (1, 'ABCD-EFGH', 'web-1', 's2', '[\"x\"]', 't2')",
    "INSERT INTO attempts VALUES ('code', '127.0.0.1', 1.5)",
    "INSERT INTO review_schedule VALUES ('web-1', 's1', 'acknowledge', 1, "
    "'2026-11-04T09:00:00+00:00', 1.0, 0, '2026-11-03T09:00:00+00:00')",
    "INSERT INTO if_then_plans VALUES ('web-1', 'names', 'the stand-up starts', "
    "'greet Sam by name', 't1')",
]


def release_database(path, version: int = RELEASE_SCHEMA_VERSION) -> None:
    build_release_database(path, version)
    with sqlite3.connect(path) as connection:
        for statement in RELEASE_ROWS if version == RELEASE_SCHEMA_VERSION else RELEASE_ROWS[:2]:
            connection.execute(statement)


def test_a_database_of_the_last_release_migrates_with_every_row_kept(tmp_path):
    path = tmp_path / "course.sqlite3"
    release_database(path)
    before = table_rows(path)
    assert sum(len(rows) for rows in before.values()) == len(RELEASE_ROWS)

    storage = Storage(path)
    assert storage.notice == "" and storage.persistent
    assert storage.schema_version == SCHEMA_VERSION
    assert table_rows(path) == before  # every row of every table, every column, unchanged
    # and the new store reads them as the release did
    assert [a.selected for a in storage.learners.answers("web-1")] == [("a",), ("b",)]
    assert [r.reflection_id for r in storage.journal.reflections("web-1")] == ["second", "first"]
    assert storage.journal.reflection_text("web-1", "first") == "then this 🙂"
    assert storage.learners.display_name("web-1") == "Ana"
    assert storage.learners.completed_modules("web-1") == {"acknowledge"}
    assert storage.challenge.challenge_plan("web-1") == {1: "Greet Sam"}
    assert storage.practice.practice_results("web-1")[0].result == {"reply": "<b>draft</b>"}
    room = storage.rooms.room("abcd efgh")
    assert room.current_scenario == "s2" and room.revealed == (0,)
    assert [a.participant for a in storage.rooms.room_answers("ABCD-EFGH")] == ["Ana"]
    assert [(i.scenario_id, i.step) for i in storage.reviews.review_items("web-1")] == [("s1", 1)]
    assert [p.text for p in storage.plans.plans("web-1")] == [
        "When the stand-up starts, I will greet Sam by name"
    ]
    # a new reflection goes after the migrated ones; the file is still in WAL mode
    storage.journal.save_reflection("web-1", "m", "third", "Q3?", "new")
    assert [r.reflection_id for r in storage.journal.reflections("web-1")][-1] == "third"
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # opening again runs nothing: the revision is current
    assert Storage(path).schema_version == SCHEMA_VERSION


def test_every_older_release_version_migrates_forward(tmp_path):
    for version in range(1, RELEASE_SCHEMA_VERSION):
        path = tmp_path / f"v{version}.sqlite3"
        release_database(path, version)
        storage = Storage(path)
        assert storage.schema_version == SCHEMA_VERSION, version
        assert storage.learners.display_name("web-1") == "Ana"
        storage.challenge.add_challenge_entry("web-1", 1, "names", "did", "landed")
        room, _ = storage.rooms.create_room("R", "w", ["s"])
        storage.rooms.join_room(room.code, "web-1")
        storage.rooms.record_room_answer(room.code, "web-1", "s", ("a",))
        assert len(storage.rooms.room_answers(room.code)) == 1


def test_the_tables_the_code_uses_are_the_tables_the_revisions_make(database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from widgets.store.tables import metadata

    Storage(database.target).close()
    url = database.target if "://" in database.target else f"sqlite:///{database.target}"
    engine = create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_no_hand_written_migration_runner_is_left():
    from conftest import PROJECT_ROOT

    store = PROJECT_ROOT / "widgets" / "store"
    revisions = sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("0*.py"))
    assert [name[:4] for name in revisions] == [f"{n:04d}" for n in range(1, len(revisions) + 1)]
    assert revisions[-1].startswith(SCHEMA_VERSION)
    assert len(MIGRATIONS) == RELEASE_SCHEMA_VERSION == 6  # the frozen release, in tests only
    for path in store.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "PRAGMA user_version =" not in text, path.name  # only Alembic writes versions
        assert not re.search(r"\bMIGRATIONS\s*(: list|=)", text), path.name


def _open_and_answer(target: str, worker: int) -> None:
    storage = Storage(target)
    assert storage.persistent, storage.notice
    storage.learners.record_answer(f"learner-{worker}", "m", "s", ("a",), 1.0, True)
    storage.close()


def test_many_kernels_starting_at_once_on_an_empty_database_migrate_it_once(database):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_open_and_answer, args=(database.target, w)) for w in range(8)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert database.rows("SELECT version_num FROM alembic_version") == [(SCHEMA_VERSION,)]
    assert database.count("answers") == 8


def test_a_file_at_a_schema_version_no_revision_knows_is_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    release_database(path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    before = table_rows(path)
    storage = Storage(path)
    assert not storage.persistent
    assert "schema version 99" in storage.notice and "not being kept" in storage.notice
    assert table_rows(path) == before
