"""The schema of the last sqlite3 release (schema version 6), frozen: the list of migrations
``widgets/store/schema.py`` ran before the store moved to SQLAlchemy and Alembic, copied
verbatim, and the way that release applied them. Tests build databases "made by today's
code" with it and check that the new store migrates them with every row kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

RELEASE_SCHEMA_VERSION = 6

# Copied verbatim from widgets/store/schema.py of the sqlite3 release: never edit.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE learners (
        id TEXT PRIMARY KEY,
        code_hash TEXT UNIQUE,
        display_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        last_module TEXT
    );
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        module_id TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        selected TEXT NOT NULL,
        score REAL NOT NULL,
        correct INTEGER NOT NULL,
        answered_at TEXT NOT NULL
    );
    CREATE INDEX answers_by_learner ON answers(learner_id, module_id);
    CREATE TABLE reflections (
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        reflection_id TEXT NOT NULL,
        module_id TEXT NOT NULL,
        prompt TEXT NOT NULL,
        text TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (learner_id, reflection_id)
    );
    CREATE TABLE module_visits (
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        module_id TEXT NOT NULL,
        first_visit TEXT NOT NULL,
        last_visit TEXT NOT NULL,
        completed_at TEXT,
        PRIMARY KEY (learner_id, module_id)
    );
    """,
    """
    CREATE TABLE self_assessments (
        id INTEGER PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        item_id TEXT NOT NULL,
        value INTEGER NOT NULL,
        answered_at TEXT NOT NULL
    );
    CREATE TABLE challenge_entries (
        id INTEGER PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        practice TEXT NOT NULL,
        what_i_did TEXT NOT NULL,
        how_it_landed TEXT NOT NULL,
        logged_at TEXT NOT NULL
    );
    CREATE TABLE challenge_plan (
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        plan TEXT NOT NULL,
        PRIMARY KEY (learner_id, day)
    );
    """,
    """
    CREATE TABLE practice_results (
        id INTEGER PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        module_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        result TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX practice_results_by_learner ON practice_results(learner_id, module_id);
    """,
    """
    CREATE TABLE rooms (
        code TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        workshop_id TEXT NOT NULL,
        scenario_ids TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        current_index INTEGER NOT NULL DEFAULT 0,
        revealed TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        closed_at TEXT
    );
    CREATE TABLE room_participants (
        room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        show_name INTEGER NOT NULL DEFAULT 0,
        joined_at TEXT NOT NULL,
        PRIMARY KEY (room_code, learner_id)
    );
    CREATE TABLE room_answers (
        id INTEGER PRIMARY KEY,
        room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        scenario_id TEXT NOT NULL,
        selected TEXT NOT NULL,
        answered_at TEXT NOT NULL
    );
    CREATE INDEX room_answers_by_room ON room_answers(room_code, scenario_id);
    """,
    # 5: one row per item, replaced by a later save (a page clicking Save a thousand times
    # keeps one row, not a thousand), and the failed tries of keys and codes.
    """
    DELETE FROM practice_results WHERE id NOT IN (
        SELECT MAX(id) FROM practice_results GROUP BY learner_id, item_id, kind);
    CREATE UNIQUE INDEX practice_results_one_per_item
        ON practice_results(learner_id, item_id, kind);
    DELETE FROM room_answers WHERE id NOT IN (
        SELECT MAX(id) FROM room_answers GROUP BY room_code, learner_id, scenario_id);
    CREATE UNIQUE INDEX room_answers_one_per_scenario
        ON room_answers(room_code, learner_id, scenario_id);
    DELETE FROM self_assessments WHERE id NOT IN (
        SELECT MAX(id) FROM self_assessments GROUP BY learner_id, stage, item_id);
    CREATE UNIQUE INDEX self_assessments_one_per_item
        ON self_assessments(learner_id, stage, item_id);
    CREATE TABLE attempts (
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX attempts_by_subject ON attempts(kind, subject, at);
    """,
    # 6: spaced review of scenarios (one row per learner and scenario) and if-then plans
    # (one per learner and practice).
    """
    CREATE TABLE review_schedule (
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        scenario_id TEXT NOT NULL,
        module_id TEXT NOT NULL,
        step INTEGER NOT NULL,
        due_at TEXT NOT NULL,
        last_score REAL NOT NULL,
        reviews INTEGER NOT NULL DEFAULT 0,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (learner_id, scenario_id)
    );
    CREATE INDEX review_schedule_due ON review_schedule(learner_id, due_at);
    CREATE TABLE if_then_plans (
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        practice TEXT NOT NULL,
        situation TEXT NOT NULL,
        action TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (learner_id, practice)
    );
    """,
]
assert len(MIGRATIONS) == RELEASE_SCHEMA_VERSION


def build_release_database(path: Path, version: int = RELEASE_SCHEMA_VERSION) -> None:
    """A SQLite file as the release left it at ``version``: WAL mode, ``user_version`` set,
    each migration applied in one ``BEGIN IMMEDIATE`` transaction as that release did."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("BEGIN IMMEDIATE")
        for step in range(version):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {step + 1}")
        connection.execute("COMMIT")
    finally:
        connection.close()


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table the release made, in a stable order (the release's columns
    only: a later revision may add columns)."""
    release = sqlite3.connect(":memory:")
    for script in MIGRATIONS:
        release.executescript(script)
    columns = {
        table: [row[1] for row in release.execute(f"PRAGMA table_info({table})")]
        for (table,) in release.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    }
    release.close()
    with sqlite3.connect(path) as connection:
        return {
            table: sorted(
                connection.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall(),
                key=repr,
            )
            for table, names in columns.items()
        }
