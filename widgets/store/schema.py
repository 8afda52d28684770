"""The database schema as a list of migrations: each moves it one version forward."""

from __future__ import annotations

SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 30_000

#: Crockford's base32 alphabet: no I, L, O or U, so codes are easy to read aloud and type.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# Each entry moves the schema from version N to N + 1. Never edit a released entry: add one.
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
]
assert len(MIGRATIONS) == SCHEMA_VERSION

#: Tables holding a learner's rows (besides ``learners`` itself).
LEARNER_TABLES = (
    "answers", "reflections", "module_visits", "self_assessments",
    "challenge_entries", "challenge_plan", "practice_results", "room_answers",
    "room_participants",
)
