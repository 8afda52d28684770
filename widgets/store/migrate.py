"""Alembic, run from code: bring a database to the newest revision on first start.

A database made by the sqlite3 releases has no ``alembic_version`` table but a
``PRAGMA user_version`` (1 to 6); revisions ``0001`` to ``0006`` are those same versions, so
such a file is stamped at its version and upgraded from there, every row kept. Alembic is
imported only when a database is behind, so a page kernel on an up-to-date one never loads it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, inspect, text

from widgets.store.tables import SCHEMA_VERSION

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: ``PRAGMA user_version`` of a file written by the sqlite3 store -> the Alembic revision with
#: the same schema. A file at a version not listed here is refused (a plain notice, nothing
#: touched) rather than guessed at.
LEGACY_REVISIONS = {1: "0001", 2: "0002", 3: "0003", 4: "0004", 5: "0005", 6: "0006"}


class UnknownLegacyVersion(Exception):
    """A sqlite3-era file at a schema version no revision matches."""


def current_revision(connection: Connection) -> str | None:
    """The Alembic revision of the database (None before its first migration)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return rows[0][0] if rows else None


def legacy_version(connection: Connection) -> int:
    """The schema version a sqlite3 release left in the file (0 for anything else)."""
    if connection.dialect.name != "sqlite":
        return 0
    return int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def is_current(connection: Connection) -> bool:
    """True if the database is at :data:`SCHEMA_VERSION` (no migration needed)."""
    return current_revision(connection) == SCHEMA_VERSION


def upgrade(connection: Connection) -> None:
    """Run every revision the database lacks, in the connection's open transaction (the
    caller holds the lock that keeps other kernels from migrating at the same time)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    if current_revision(connection) is None:
        legacy = legacy_version(connection)
        if legacy:
            if legacy not in LEGACY_REVISIONS:
                raise UnknownLegacyVersion(
                    f"this course database has schema version {legacy}, which this version "
                    "of the course does not know"
                )
            command.stamp(config, LEGACY_REVISIONS[legacy])
    command.upgrade(config, "head")
