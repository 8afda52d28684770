"""The store's base: one SQLite file in WAL mode, shared by every kernel.

Every write is its own short transaction, committed the moment the learner acts, so a
kernel that dies loses nothing already answered. If the file is corrupt it is moved aside
and a fresh one is made; if the location cannot be written, the course keeps working in
memory and says that answers are not kept. Both cases set :attr:`Database.notice` to a
plain sentence the course shows the learner.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

from widgets.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 30_000

#: Crockford's base32 alphabet: no I, L, O or U, so codes are easy to read aloud and type.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: What a storage failure raises; callers catch this, never ``sqlite3`` itself.
StorageError = sqlite3.Error


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


def ensure_learner_row(db: sqlite3.Connection, learner_id: str, stamp: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO learners (id, created_at) VALUES (?, ?)", (learner_id, stamp)
    )


class Database:
    """The connection, its recovery and migrations, and one-transaction writes."""

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
