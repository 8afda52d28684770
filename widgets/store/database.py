"""The store's base: one database shared by every kernel, through SQLAlchemy.

SQLite is the default: one file in WAL mode with a busy timeout, nothing to install. A
``MICROMOMENTS_DB`` that is a URL (``postgresql+psycopg://user@host/db``) selects that
server instead, which every Voila or JupyterHub server of a programme can share.

Every write is its own short transaction, committed the moment the learner acts, so a kernel
that dies (or a database server that restarts) loses nothing already confirmed. If a SQLite
file is corrupt it is moved aside and a fresh one is made; if the database cannot be used at
all, the course keeps working in memory and says that answers are not kept. Both set
:attr:`Database.notice` to a plain sentence the course shows the learner. Every failure of
the database reaches callers as :class:`StorageError`, never as a SQLAlchemy or driver error.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import platformdirs
from sqlalchemy import (
    Connection,
    Engine,
    Executable,
    Table,
    create_engine,
    event,
    make_url,
    text,
)
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from widgets.settings import DATABASE
from widgets.store import migrate
from widgets.store.outbox_bound import OutboxBound
from widgets.store.records import StorageError
from widgets.store.tables import learners, xapi_outbox

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert

BUSY_TIMEOUT_MS = 30_000
#: the key of PostgreSQL's advisory lock held while one server migrates the schema
MIGRATION_LOCK = 20_171_717

class Reporter(Protocol):
    """What the store calls, inside a write's transaction, for the xAPI statements of what a
    learner did (``widgets.reporting.reporter.CourseReporter``). Each returns the statements
    to queue (a list of xAPI statement dicts, each with its ``id``), or an empty list."""

    def launched(self, learner_id: str, module_id: str) -> list[dict]: ...

    def answered(
        self, learner_id: str, module_id: str, scenario_id: str, selected: tuple[str, ...],
        score: float, correct: bool, first_try: bool,
    ) -> list[dict]: ...

    def module_completed(
        self, learner_id: str, module_id: str, completed: set[str],
        first_answers: tuple[int, int],
    ) -> list[dict]: ...

    def conversation_ended(
        self, learner_id: str, module_id: str, conversation_id: str, result: dict
    ) -> list[dict]: ...

    def self_assessed(self, learner_id: str, stage: str, values: dict[str, int]) -> list[dict]: ...


def now() -> str:
    """The current UTC time as ISO 8601 text."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def default_database_path() -> Path | str:
    """``MICROMOMENTS_DB`` if set (a file path or a database URL), otherwise a SQLite file
    in the per-user data directory."""
    override = DATABASE.value()
    if override:
        return override if "://" in override else Path(override)
    return Path(platformdirs.user_data_dir("micromoments", appauthor=False)) / "course.sqlite3"


def dialect_insert(db: Connection, table: Table) -> PostgresInsert | SqliteInsert:
    """The backend's own INSERT, which knows ``ON CONFLICT`` (SQLite and PostgreSQL)."""
    if db.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def ensure_learner_row(db: Connection, learner_id: str, stamp: str) -> None:
    """Add the learner's row unless it is there already."""
    db.execute(
        dialect_insert(db, learners)
        .values(id=learner_id, created_at=stamp)
        .on_conflict_do_nothing(index_elements=["id"])
    )


def plain_reason(error: BaseException, dialect: str) -> str:
    """A short sentence for a database failure, without SQL, addresses or a traceback."""
    if dialect != "sqlite" and isinstance(error, (OperationalError, InterfaceError)):
        return "the course's database cannot be reached just now; try again in a moment"
    original = error.orig if isinstance(error, DBAPIError) else error
    lines = str(original).strip().splitlines()
    return lines[0][:200] if lines else type(original).__name__


def _is_corruption(error: BaseException) -> bool:
    text_ = str(error).lower()
    return "not a database" in text_ or "malformed" in text_ or "corrupt" in text_


class Database:
    """The engine, its recovery and migrations, and one-transaction writes."""

    def __init__(self, path: Path | str | None = None, reporter: Reporter | None = None):
        #: builds the xAPI statements of what learners do when the host reports to an LRS
        #: (``widgets.reporting.reporter.CourseReporter``); None: reporting is off, and
        #: nothing is ever queued
        self.reporter = reporter
        #: the outbox's bound, and what this store dropped past it
        self.outbox_bound = OutboxBound()
        if path is not None and not isinstance(path, str | Path):
            # str() of any object is a name: a file would be made under it, wherever we are
            raise TypeError(f"a database is a path or a URL, not {type(path).__name__}")
        target = str(path if path is not None else default_database_path())
        if target.startswith("sqlite:"):  # a SQLite URL is a file like any other
            target = make_url(target).database or ""
        #: a database server's URL (None for a SQLite file)
        self.url = target if "://" in target else None
        self.path = None if self.url else Path(target)
        self.notice = ""
        self.persistent = True
        self.engine = self._open()

    # -- opening, recovery, migrations ----------------------------------------------------

    def _open(self) -> Engine:
        if self.url:
            try:
                return self._connect_and_migrate(self.url)
            except (SQLAlchemyError, OSError) as error:
                return self._fall_back_to_memory(error)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect_and_migrate(self.path)
        except migrate.UnknownLegacyVersion as error:
            return self._fall_back_to_memory(error)
        except (SQLAlchemyError, sqlite3.Error) as error:
            if not _is_corruption(error):
                return self._fall_back_to_memory(error)
            moved = self._move_aside()
            self.notice = (
                "Your saved progress could not be read, so a fresh record was started. "
                f"The unreadable file was kept as {moved.name} for the course host."
            )
            try:
                return self._connect_and_migrate(self.path)
            except (SQLAlchemyError, sqlite3.Error, OSError) as again:
                return self._fall_back_to_memory(again)
        except OSError as error:
            return self._fall_back_to_memory(error)

    def _move_aside(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{secrets.token_hex(3)}")
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm"):
            leftover = self.path.with_name(self.path.name + suffix)
            if leftover.exists():
                os.replace(leftover, target.with_name(target.name + suffix))
        return target

    def _fall_back_to_memory(self, error: BaseException) -> Engine:
        self.persistent = False
        reason = plain_reason(error, "postgresql" if self.url else "sqlite")
        self.notice = (
            f"Your answers cannot be saved on this server ({error.__class__.__name__}: "
            f"{reason}). The course still works, but answers are not being kept."
        )
        return self._connect_and_migrate(None)

    def _connect_and_migrate(self, target: Path | str | None) -> Engine:
        engine = _sqlite_engine(target) if not isinstance(target, str) else _server_engine(target)
        try:
            if target is not None and engine.dialect.name == "sqlite":
                with engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA quick_check").all()
            self._migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return engine

    @staticmethod
    def _migrate(engine: Engine) -> None:
        with engine.connect() as connection:
            if migrate.is_current(connection):
                return
        # one server at a time: SQLite's write lock, PostgreSQL's advisory lock
        with engine.connect() as connection:
            connection.execution_options(write=True)
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                    )
                if not migrate.is_current(connection):
                    migrate.upgrade(connection)

    @property
    def schema_version(self) -> str | None:
        """The Alembic revision of the open database."""
        with self.engine.connect() as connection:
            return migrate.current_revision(connection)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # -- transactions ---------------------------------------------------------------------

    def _begin(self) -> tuple[Connection, object]:
        """A connection in a write transaction, retried briefly if the database is busy or
        just coming back."""
        for attempt in range(5):
            connection = None
            try:
                connection = self.engine.connect()
                connection.execution_options(write=True)
                return connection, connection.begin()
            except OperationalError as error:
                if connection is not None:
                    with suppress(SQLAlchemyError):
                        connection.close()
                if attempt == 4:
                    raise StorageError(plain_reason(error, self.dialect)) from error
                time.sleep(0.05 * (attempt + 1))
            except SQLAlchemyError as error:
                raise StorageError(plain_reason(error, self.dialect)) from error
        raise AssertionError("unreachable")

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One short write transaction: committed at the end, rolled back on any error.
        Inside :meth:`transaction`, the writes join the open one instead."""
        if self._held is not None:
            yield self._held
            return
        connection, transaction = self._begin()
        try:
            yield connection
            transaction.commit()
        except SQLAlchemyError as error:
            with suppress(SQLAlchemyError):
                transaction.rollback()
            raise StorageError(plain_reason(error, self.dialect)) from error
        except BaseException:
            with suppress(SQLAlchemyError):
                transaction.rollback()
            raise
        finally:
            with suppress(SQLAlchemyError):
                connection.close()

    def _report(self, db: Connection, learner_id: str, event: str, *details: Any) -> None:
        """Queue the statements of an event in the outbox, in the caller's transaction ``db``
        (so they are kept exactly when what the learner did is kept). Nothing without a
        reporter.

        A statement that cannot be built is a fault in the course's code, not in what the
        learner did: it is logged for the host and the learner's write goes ahead without
        it, because a learner's answer must never be lost to the report about it."""
        if self.reporter is None:
            return
        try:
            found = getattr(self.reporter, event)(learner_id, *details)
        except Exception:  # noqa: BLE001 - logged for the host; the learner's write is kept
            logging.getLogger(__name__).exception(
                "xAPI statements of %s not built; the learner's write is kept without them",
                event,
            )
            return
        if found and self.outbox_bound.full(db, learner_id, len(found)):
            return
        if found:
            stamp = now()
            db.execute(
                xapi_outbox.insert(),
                [
                    {"statement_id": statement["id"], "learner_id": learner_id,
                     "statement": json.dumps(statement), "queued_at": stamp}
                    for statement in found
                ],
            )

    #: the connection of the transaction :meth:`transaction` holds open (None outside it)
    _held: Connection | None = None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run several of the store's writes and reads as one transaction: all kept, or, on
        any error, none (a course action's answer, its review and its completion)."""
        if self._held is not None:
            yield  # already inside one
            return
        with self._write() as connection:
            self._held = connection
            try:
                yield
            finally:
                self._held = None

    def _query(self, statement: Executable | str, parameters: tuple = ()) -> list[tuple]:
        """The rows of a read: a Core statement, or plain SQL text (for tests and tools);
        inside :meth:`transaction`, read in it (so the action sees its own writes)."""
        if self._held is not None:
            result = (
                self._held.exec_driver_sql(statement, parameters) if isinstance(statement, str)
                else self._held.execute(statement)
            )
            return [tuple(row) for row in result.all()]
        try:
            with self.engine.connect() as connection:
                if isinstance(statement, str):
                    result = connection.exec_driver_sql(statement, parameters)
                else:
                    result = connection.execute(statement)
                return [tuple(row) for row in result.all()]
        except SQLAlchemyError as error:
            raise StorageError(plain_reason(error, self.dialect)) from error


def _sqlite_engine(path: Path | None) -> Engine:
    """A SQLite engine: WAL and a busy timeout on a file, one shared connection in memory.
    Transactions are begun by hand (``BEGIN IMMEDIATE`` for writes, so two kernels never
    deadlock upgrading a read lock)."""
    if path is None:
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(
            make_url("sqlite://").set(database=str(path)),
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event runs BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if path is not None:
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise sqlite3.OperationalError(f"cannot use WAL mode (got {mode})")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        write = connection.get_execution_options().get("write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _server_engine(url: str) -> Engine:
    """A database server's engine (PostgreSQL): connections checked before use, so a
    server that restarted is reconnected to rather than failing the next write. A page kernel
    keeps one connection open (more only while several of its threads write at once), so the
    server's ``max_connections`` must exceed the page kernels of every course server."""
    return create_engine(url, pool_pre_ping=True, pool_size=1, max_overflow=3)

