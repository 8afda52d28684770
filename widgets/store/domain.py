"""The base of every domain store: a part of what is kept, on the course's database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql.expression import Executable

from widgets.store.database import Database


class DomainStore:
    """One domain's queries (learners, rooms, the outbox, ...) on the course's database. The
    store is made of these by composition: :class:`widgets.store.Storage` holds one of each,
    all on the same :class:`Database`, and a caller names the domain it reaches
    (``storage.rooms.join_room(...)``)."""

    def __init__(self, database: Database):
        self.database = database

    def _write(self):  # noqa: ANN202 - the database's context manager
        return self.database._write()

    def _query(self, statement: Executable | str, parameters: tuple = ()) -> list[tuple]:
        return self.database._query(statement, parameters)

    def _report(self, db: Connection, learner_id: str, event: str, *details: Any) -> None:
        self.database._report(db, learner_id, event, *details)
