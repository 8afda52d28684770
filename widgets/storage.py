"""Learner storage: one small interface over SQLite (WAL mode), shared by every kernel.

Every write is its own short transaction, committed the moment the learner acts, so a
kernel that dies loses nothing already answered. Widgets never run SQL: they call the
methods of :class:`Storage`.

If the database file is corrupt it is moved aside and a fresh one is made; if the location
cannot be written, the course keeps working in memory and says that answers are not kept.
Both cases set :attr:`Storage.notice` to a plain sentence the course shows the learner.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

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


def now() -> str:
    """The current UTC time as ISO 8601 text."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def default_database_path() -> Path:
    """``MICROMOMENTS_DB`` if set, otherwise a file in the per-user data directory."""
    override = os.environ.get("MICROMOMENTS_DB")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("micromoments", appauthor=False)) / "course.sqlite3"


def new_resume_code() -> str:
    """A random resume code such as ``K7QF-M2XD-9PRT`` (60 bits: not guessable)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalise_code(code: str) -> str:
    """Accept a code typed with spaces, lower case or the look-alike letters O, I and L."""
    cleaned = code.upper().translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    raw = "".join(ch for ch in cleaned if ch in CODE_ALPHABET)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def hash_code(code: str) -> str:
    """What the database keeps of a resume code: never the code itself."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


#: Tables holding a learner's rows (besides ``learners`` itself).
LEARNER_TABLES = (
    "answers", "reflections", "module_visits", "self_assessments",
    "challenge_entries", "challenge_plan", "practice_results", "room_answers",
    "room_participants",
)


def _ensure_learner(db: sqlite3.Connection, learner_id: str, stamp: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO learners (id, created_at) VALUES (?, ?)", (learner_id, stamp)
    )


@dataclass(frozen=True)
class Answer:
    """One checked answer to a scenario."""

    module_id: str
    scenario_id: str
    #: ids of the options chosen (answers kept before option ids existed hold indices)
    selected: tuple[str | int, ...]
    score: float
    correct: bool
    answered_at: str


@dataclass(frozen=True)
class SavedReflection:
    """A reflection as last saved."""

    reflection_id: str
    module_id: str
    prompt: str
    text: str
    saved_at: str


@dataclass(frozen=True)
class PracticeResult:
    """The outcome of one practice exercise or conversation (``result`` is plain data)."""

    module_id: str
    item_id: str
    kind: str
    result: dict
    recorded_at: str


class RoomError(Exception):
    """A room that does not exist or no longer takes answers; the message says which."""


@dataclass(frozen=True)
class Room:
    """A workshop room: its join code, scenarios and what the facilitator is showing."""

    code: str
    title: str
    workshop_id: str
    scenario_ids: tuple[str, ...]
    current_index: int
    #: content indices of the options whose feedback the facilitator has revealed
    revealed: tuple[int, ...]
    created_at: str
    closed_at: str | None

    @property
    def closed(self) -> bool:
        """True once the facilitator has closed the room."""
        return self.closed_at is not None

    @property
    def current_scenario(self) -> str | None:
        """The scenario the room is on (None if the room has none)."""
        if not self.scenario_ids:
            return None
        return self.scenario_ids[min(self.current_index, len(self.scenario_ids) - 1)]


@dataclass(frozen=True)
class RoomAnswer:
    """One answer given in a room, with the participant's label (a name only if opted in)."""

    scenario_id: str
    #: ids of the options chosen
    selected: tuple[str | int, ...]
    participant: str
    answered_at: str


def new_room_code() -> str:
    """A join code such as ``K7QF-M2XD``: 40 random bits, easy to read aloud."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def hash_key(key: str) -> str:
    """What the database keeps of a facilitator key."""
    return hashlib.sha256(key.strip().encode()).hexdigest()


@dataclass(frozen=True)
class ChallengeEntry:
    """One micro-moment logged during the five-day challenge."""

    day: int
    practice: str
    what_i_did: str
    how_it_landed: str
    logged_at: str


class Storage:
    """The course's store. Open one per kernel; many kernels may share the file."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_database_path()
        self.notice = ""
        self.persistent = True
        self._connection = self._open()

    # -- opening, recovery, migrations ----------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect_and_migrate(self.path)
        except sqlite3.DatabaseError as error:
            if not self._is_corruption(error):
                return self._fall_back_to_memory(error)
            moved = self._move_aside()
            self.notice = (
                "Your saved progress could not be read, so a fresh record was started. "
                f"The unreadable file was kept as {moved.name} for the course host."
            )
            try:
                return self._connect_and_migrate(self.path)
            except (sqlite3.Error, OSError) as again:
                return self._fall_back_to_memory(again)
        except OSError as error:
            return self._fall_back_to_memory(error)

    @staticmethod
    def _is_corruption(error: sqlite3.DatabaseError) -> bool:
        text = str(error).lower()
        return "not a database" in text or "malformed" in text or "corrupt" in text

    def _move_aside(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{secrets.token_hex(3)}")
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm"):
            leftover = self.path.with_name(self.path.name + suffix)
            if leftover.exists():
                os.replace(leftover, target.with_name(target.name + suffix))
        return target

    def _fall_back_to_memory(self, error: Exception) -> sqlite3.Connection:
        self.persistent = False
        self.notice = (
            f"Your answers cannot be saved on this server ({error.__class__.__name__}: "
            f"{error}). The course still works, but answers are not being kept."
        )
        return self._connect_and_migrate(":memory:")

    def _connect_and_migrate(self, target: Path | str) -> sqlite3.Connection:
        connection = sqlite3.connect(
            str(target), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
            check_same_thread=False,
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA foreign_keys = ON")
            if target != ":memory:":
                mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal":
                    raise sqlite3.OperationalError(f"cannot use WAL mode (got {mode})")
                connection.execute("PRAGMA synchronous = NORMAL")
                connection.execute("PRAGMA quick_check").fetchone()
            self._migrate(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    @staticmethod
    def _migrate(connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return
        # BEGIN IMMEDIATE takes the write lock, so only one kernel migrates at a time.
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {step + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self._connection.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, retried if another kernel holds the lock too long."""
        for attempt in range(5):
            try:
                self._connection.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
        try:
            yield self._connection
            self._connection.execute("COMMIT")
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise

    def _query(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        return self._connection.execute(sql, parameters).fetchall()

    # -- learners -------------------------------------------------------------------------

    def ensure_learner(self, learner_id: str) -> None:
        """Create the learner row if it does not exist yet."""
        with self._write() as db:
            _ensure_learner(db, learner_id, now())

    def new_learner(self) -> tuple[str, str]:
        """A new anonymous learner: returns ``(learner_id, resume_code)``."""
        learner_id = "web-" + secrets.token_hex(12)
        code = new_resume_code()
        with self._write() as db:
            db.execute(
                "INSERT INTO learners (id, code_hash, created_at) VALUES (?, ?, ?)",
                (learner_id, hash_code(code), now()),
            )
        return learner_id, code

    def learner_for_code(self, code: str) -> str | None:
        """The learner a resume code belongs to, or None."""
        if len(normalise_code(code)) != 14:
            return None
        rows = self._query("SELECT id FROM learners WHERE code_hash = ?", (hash_code(code),))
        return rows[0][0] if rows else None

    def set_resume_code(self, learner_id: str) -> str:
        """Give a learner a new resume code (the old one stops working)."""
        code = new_resume_code()
        self.ensure_learner(learner_id)
        with self._write() as db:
            db.execute(
                "UPDATE learners SET code_hash = ? WHERE id = ?", (hash_code(code), learner_id)
            )
        return code

    def display_name(self, learner_id: str) -> str:
        """The name the course greets the learner by ('' if not set)."""
        rows = self._query("SELECT display_name FROM learners WHERE id = ?", (learner_id,))
        return rows[0][0] if rows else ""

    def set_display_name(self, learner_id: str, name: str) -> None:
        """Remember the name the learner wants to be greeted by."""
        self.ensure_learner(learner_id)
        with self._write() as db:
            db.execute("UPDATE learners SET display_name = ? WHERE id = ?", (name, learner_id))

    # -- answers and progress -------------------------------------------------------------

    def record_answer(
        self,
        learner_id: str,
        module_id: str,
        scenario_id: str,
        selected: tuple[str, ...],
        score: float,
        correct: bool,
    ) -> None:
        """Keep one checked answer (the chosen options' ids), committed at once."""
        with self._write() as db:
            _ensure_learner(db, learner_id, now())
            db.execute(
                "INSERT INTO answers (learner_id, module_id, scenario_id, selected, score, "
                "correct, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    learner_id, module_id, scenario_id, json.dumps(list(selected)),
                    float(score), int(bool(correct)), now(),
                ),
            )

    def answers(self, learner_id: str, module_id: str | None = None) -> list[Answer]:
        """Every answer of a learner (optionally in one module), oldest first."""
        sql = (
            "SELECT module_id, scenario_id, selected, score, correct, answered_at FROM answers "
            "WHERE learner_id = ?"
        )
        parameters: tuple = (learner_id,)
        if module_id is not None:
            sql += " AND module_id = ?"
            parameters += (module_id,)
        rows = self._query(sql + " ORDER BY id", parameters)
        return [
            Answer(m, s, tuple(json.loads(sel)), score, bool(correct), at)
            for m, s, sel, score, correct, at in rows
        ]

    def scenario_history(self, learner_id: str, module_id: str) -> dict[str, tuple[int, float]]:
        """``{scenario_id: (attempts, best_score)}`` for the answered scenarios of a module."""
        rows = self._query(
            "SELECT scenario_id, COUNT(*), MAX(score) FROM answers "
            "WHERE learner_id = ? AND module_id = ? GROUP BY scenario_id",
            (learner_id, module_id),
        )
        return {scenario: (count, best) for scenario, count, best in rows}

    def answered_scenarios(self, learner_id: str) -> dict[str, set[str]]:
        """Scenario ids answered at least once, by module."""
        result: dict[str, set[str]] = {}
        for module_id, scenario_id in self._query(
            "SELECT DISTINCT module_id, scenario_id FROM answers WHERE learner_id = ?",
            (learner_id,),
        ):
            result.setdefault(module_id, set()).add(scenario_id)
        return result

    def record_visit(self, learner_id: str, module_id: str) -> None:
        """Note that the learner opened a module (for "continue where you left off")."""
        stamp = now()
        with self._write() as db:
            _ensure_learner(db, learner_id, stamp)
            db.execute(
                "INSERT INTO module_visits (learner_id, module_id, first_visit, last_visit) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (learner_id, module_id) "
                "DO UPDATE SET last_visit = excluded.last_visit",
                (learner_id, module_id, stamp, stamp),
            )
            db.execute("UPDATE learners SET last_module = ? WHERE id = ?", (module_id, learner_id))

    def mark_completed(self, learner_id: str, module_id: str) -> None:
        """Record that the learner finished a module (first time only)."""
        stamp = now()
        with self._write() as db:
            _ensure_learner(db, learner_id, stamp)
            db.execute(
                "INSERT INTO module_visits (learner_id, module_id, first_visit, last_visit, "
                "completed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, module_id) "
                "DO UPDATE SET completed_at = COALESCE(completed_at, excluded.completed_at)",
                (learner_id, module_id, stamp, stamp, stamp),
            )

    def completed_modules(self, learner_id: str) -> set[str]:
        """Modules the learner has completed."""
        rows = self._query(
            "SELECT module_id FROM module_visits WHERE learner_id = ? AND completed_at IS NOT NULL",
            (learner_id,),
        )
        return {row[0] for row in rows}

    def last_module(self, learner_id: str) -> str | None:
        """The module the learner opened most recently."""
        rows = self._query("SELECT last_module FROM learners WHERE id = ?", (learner_id,))
        return rows[0][0] if rows else None

    # -- reflections ----------------------------------------------------------------------

    def save_reflection(
        self, learner_id: str, module_id: str, reflection_id: str, prompt: str, text: str
    ) -> None:
        """Keep the latest text of a reflection."""
        with self._write() as db:
            _ensure_learner(db, learner_id, now())
            db.execute(
                "INSERT INTO reflections (learner_id, reflection_id, module_id, prompt, text, "
                "saved_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (learner_id, reflection_id) "
                "DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at, "
                "prompt = excluded.prompt",
                (learner_id, reflection_id, module_id, prompt, text, now()),
            )

    def reflections(self, learner_id: str) -> list[SavedReflection]:
        """All of a learner's reflections, in the order they were first written."""
        rows = self._query(
            "SELECT reflection_id, module_id, prompt, text, saved_at FROM reflections "
            "WHERE learner_id = ? ORDER BY rowid",
            (learner_id,),
        )
        return [SavedReflection(*row) for row in rows]

    def reflection_text(self, learner_id: str, reflection_id: str) -> str:
        """The saved text of one reflection ('' if none)."""
        rows = self._query(
            "SELECT text FROM reflections WHERE learner_id = ? AND reflection_id = ?",
            (learner_id, reflection_id),
        )
        return rows[0][0] if rows else ""

    # -- self-assessment and five-day challenge -------------------------------------------

    def save_self_assessment(self, learner_id: str, stage: str, values: dict[str, int]) -> None:
        """Keep one self-assessment (``stage`` is 'before' or 'after')."""
        stamp = now()
        with self._write() as db:
            _ensure_learner(db, learner_id, stamp)
            db.executemany(
                "INSERT INTO self_assessments (learner_id, stage, item_id, value, answered_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [(learner_id, stage, item, int(value), stamp) for item, value in values.items()],
            )

    def self_assessment(self, learner_id: str, stage: str) -> dict[str, int]:
        """The latest answer per item for a stage."""
        rows = self._query(
            "SELECT item_id, value FROM self_assessments WHERE learner_id = ? AND stage = ? "
            "ORDER BY id",
            (learner_id, stage),
        )
        return dict(rows)

    def save_challenge_plan(self, learner_id: str, day: int, plan: str) -> None:
        """Keep what the learner plans to do on a day of the challenge."""
        with self._write() as db:
            _ensure_learner(db, learner_id, now())
            db.execute(
                "INSERT INTO challenge_plan (learner_id, day, plan) VALUES (?, ?, ?) "
                "ON CONFLICT (learner_id, day) DO UPDATE SET plan = excluded.plan",
                (learner_id, day, plan),
            )

    def challenge_plan(self, learner_id: str) -> dict[int, str]:
        """The learner's plan, by day."""
        return dict(
            self._query(
                "SELECT day, plan FROM challenge_plan WHERE learner_id = ? ORDER BY day",
                (learner_id,),
            )
        )

    def add_challenge_entry(
        self, learner_id: str, day: int, practice: str, what_i_did: str, how_it_landed: str
    ) -> None:
        """Log one micro-moment of the five-day challenge."""
        with self._write() as db:
            _ensure_learner(db, learner_id, now())
            db.execute(
                "INSERT INTO challenge_entries (learner_id, day, practice, what_i_did, "
                "how_it_landed, logged_at) VALUES (?, ?, ?, ?, ?, ?)",
                (learner_id, day, practice, what_i_did, how_it_landed, now()),
            )

    def challenge_entries(self, learner_id: str) -> list[ChallengeEntry]:
        """The learner's challenge log, by day then time."""
        rows = self._query(
            "SELECT day, practice, what_i_did, how_it_landed, logged_at FROM challenge_entries "
            "WHERE learner_id = ? ORDER BY day, id",
            (learner_id,),
        )
        return [ChallengeEntry(*row) for row in rows]

    # -- practice exercises and conversations ---------------------------------------------

    def record_practice(
        self, learner_id: str, module_id: str, item_id: str, kind: str, result: dict
    ) -> None:
        """Keep the outcome of a conversation or exercise (``result`` must be JSON data)."""
        stamp = now()
        with self._write() as db:
            _ensure_learner(db, learner_id, stamp)
            db.execute(
                "INSERT INTO practice_results (learner_id, module_id, item_id, kind, result, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                (learner_id, module_id, item_id, kind, json.dumps(result), stamp),
            )

    def practice_results(
        self, learner_id: str, item_id: str | None = None
    ) -> list[PracticeResult]:
        """The learner's practice outcomes, oldest first (one item's when ``item_id`` given)."""
        sql = (
            "SELECT module_id, item_id, kind, result, recorded_at FROM practice_results "
            "WHERE learner_id = ?"
        )
        parameters: tuple = (learner_id,)
        if item_id is not None:
            sql += " AND item_id = ?"
            parameters += (item_id,)
        rows = self._query(sql + " ORDER BY id", parameters)
        return [
            PracticeResult(module, item, kind, json.loads(result), stamp)
            for module, item, kind, result, stamp in rows
        ]

    # -- workshop rooms -------------------------------------------------------------------

    def create_room(
        self, title: str, workshop_id: str, scenario_ids: list[str] | tuple[str, ...]
    ) -> tuple[Room, str]:
        """Create a room; returns it with its facilitator key (shown once, kept hashed)."""
        key = secrets.token_urlsafe(12)
        stamp = now()
        with self._write() as db:
            for _ in range(10):
                code = new_room_code()
                taken = db.execute("SELECT 1 FROM rooms WHERE code = ?", (code,)).fetchone()
                if not taken:
                    break
            db.execute(
                "INSERT INTO rooms (code, title, workshop_id, scenario_ids, key_hash, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (code, title, workshop_id, json.dumps(list(scenario_ids)), hash_key(key), stamp),
            )
        room = self.room(code)
        assert room is not None
        return room, key

    def room(self, code: str) -> Room | None:
        """The room with this join code (typed loosely), or None."""
        rows = self._query(
            "SELECT code, title, workshop_id, scenario_ids, current_index, revealed, "
            "created_at, closed_at FROM rooms WHERE code = ?",
            (normalise_code(code),),
        )
        if not rows:
            return None
        code, title, workshop, scenarios, index, revealed, created, closed = rows[0]
        return Room(
            code, title, workshop, tuple(json.loads(scenarios)), index,
            tuple(json.loads(revealed)), created, closed,
        )

    def room_key_matches(self, code: str, key: str) -> bool:
        """True if ``key`` is this room's facilitator key."""
        rows = self._query(
            "SELECT key_hash FROM rooms WHERE code = ?", (normalise_code(code),)
        )
        return bool(rows) and secrets.compare_digest(rows[0][0], hash_key(key))

    def set_room_view(
        self, code: str, current_index: int | None = None, revealed: tuple[int, ...] | None = None
    ) -> None:
        """Move the room to another scenario and/or change which feedback is revealed."""
        with self._write() as db:
            if current_index is not None:
                db.execute(
                    "UPDATE rooms SET current_index = ?, revealed = '[]' WHERE code = ?",
                    (current_index, code),
                )
            if revealed is not None:
                db.execute(
                    "UPDATE rooms SET revealed = ? WHERE code = ?",
                    (json.dumps(sorted(set(revealed))), code),
                )

    def close_room(self, code: str) -> None:
        """Stop the room from taking new participants or answers."""
        with self._write() as db:
            db.execute(
                "UPDATE rooms SET closed_at = ? WHERE code = ? AND closed_at IS NULL",
                (now(), code),
            )

    def _open_room(self, db: sqlite3.Connection, code: str) -> None:
        row = db.execute("SELECT closed_at FROM rooms WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise RoomError("There is no room with that code. Check it with your facilitator.")
        if row[0] is not None:
            raise RoomError(
                "This room is closed: the facilitator has ended the session, so it no longer "
                "takes answers."
            )

    def join_room(
        self, code: str, learner_id: str, display_name: str = "", show_name: bool = False
    ) -> int:
        """Join (or re-join) a room; returns the participant's number in it."""
        code = normalise_code(code)
        stamp = now()
        with self._write() as db:
            self._open_room(db, code)
            _ensure_learner(db, learner_id, stamp)
            row = db.execute(
                "SELECT number FROM room_participants WHERE room_code = ? AND learner_id = ?",
                (code, learner_id),
            ).fetchone()
            if row:
                db.execute(
                    "UPDATE room_participants SET display_name = ?, show_name = ? "
                    "WHERE room_code = ? AND learner_id = ?",
                    (display_name.strip(), int(show_name), code, learner_id),
                )
                return row[0]
            number = db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM room_participants WHERE room_code = ?",
                (code,),
            ).fetchone()[0]
            db.execute(
                "INSERT INTO room_participants (room_code, learner_id, number, display_name, "
                "show_name, joined_at) VALUES (?, ?, ?, ?, ?, ?)",
                (code, learner_id, number, display_name.strip(), int(show_name), stamp),
            )
            return number

    def record_room_answer(
        self, code: str, learner_id: str, scenario_id: str, selected: tuple[str, ...]
    ) -> None:
        """Keep a participant's answer under the room; RoomError if it is closed."""
        code = normalise_code(code)
        with self._write() as db:
            self._open_room(db, code)
            joined = db.execute(
                "SELECT 1 FROM room_participants WHERE room_code = ? AND learner_id = ?",
                (code, learner_id),
            ).fetchone()
            if not joined:
                raise RoomError("Join the room before answering.")
            db.execute(
                "INSERT INTO room_answers (room_code, learner_id, scenario_id, selected, "
                "answered_at) VALUES (?, ?, ?, ?, ?)",
                (code, learner_id, scenario_id, json.dumps(list(selected)), now()),
            )

    def room_participant_count(self, code: str) -> int:
        """How many people have joined the room."""
        return self._query(
            "SELECT COUNT(*) FROM room_participants WHERE room_code = ?", (code,)
        )[0][0]

    def room_choice_counts(
        self, code: str, scenario_id: str, option_ids: Sequence[str]
    ) -> list[int]:
        """For each option id, how many participants chose it in their latest answer."""
        rows = self._query(
            "SELECT selected FROM room_answers a WHERE room_code = ? AND scenario_id = ? AND "
            "id = (SELECT MAX(id) FROM room_answers b WHERE b.room_code = a.room_code AND "
            "b.scenario_id = a.scenario_id AND b.learner_id = a.learner_id)",
            (code, scenario_id),
        )
        position = {option_id: index for index, option_id in enumerate(option_ids)}
        counts = [0] * len(option_ids)
        for (selected,) in rows:
            for option_id in json.loads(selected):
                if option_id in position:
                    counts[position[option_id]] += 1
        return counts

    def room_answers(self, code: str) -> list[RoomAnswer]:
        """Every answer given in the room, oldest first; names only for those who opted in."""
        rows = self._query(
            "SELECT a.scenario_id, a.selected, p.number, p.display_name, p.show_name, "
            "a.answered_at FROM room_answers a JOIN room_participants p "
            "ON p.room_code = a.room_code AND p.learner_id = a.learner_id "
            "WHERE a.room_code = ? ORDER BY a.id",
            (code,),
        )
        return [
            RoomAnswer(
                scenario, tuple(json.loads(selected)),
                name if show and name else f"Participant {number}", stamp,
            )
            for scenario, selected, number, name, show, stamp in rows
        ]

    # -- deleting -------------------------------------------------------------------------

    def delete_learner(self, learner_id: str) -> None:
        """Remove every row of this learner, in every table."""
        with self._write() as db:
            for table in LEARNER_TABLES:
                db.execute(f"DELETE FROM {table} WHERE learner_id = ?", (learner_id,))
            db.execute("DELETE FROM learners WHERE id = ?", (learner_id,))

    def row_counts(self, learner_id: str) -> dict[str, int]:
        """How many rows each table holds for a learner (for tests and the journal)."""
        counts = {}
        for table in LEARNER_TABLES:
            counts[table] = self._query(
                f"SELECT COUNT(*) FROM {table} WHERE learner_id = ?", (learner_id,)
            )[0][0]
        counts["learners"] = self._query(
            "SELECT COUNT(*) FROM learners WHERE id = ?", (learner_id,)
        )[0][0]
        return counts
