"""The store: everything a learner does, kept in one database behind one interface.

SQLite (a file, the default) or PostgreSQL (``MICROMOMENTS_DB=postgresql+psycopg://...``),
through SQLAlchemy Core; the schema is made and moved forward by Alembic (``migrate.py``).
Widgets never run SQL: they call the methods of :class:`Storage`, which is put together from
one class per domain (each file here), all on the same engine::

    Database (engine, WAL, recovery, migrations, StorageError)
      +- LearnerStore     learners, resume codes, answers, progress, deletion
      +- ReflectionStore  reflections, self-assessments
      +- ChallengeStore   five-day challenge plans and entries
      +- PracticeStore    conversation and exercise results
      +- RoomStore        workshop rooms, participants, room answers
      +- AttemptStore     tries of keys and codes, trusted browsers, quotas
      +- ReviewStore      the spaced-review schedule of answered scenarios
      +- PlanStore        if-then plans, one per practice
      +- RecordStore      module completion dates, for the completion record
      +- OutboxStore      xAPI statements waiting for the organisation's LRS

What it accepts (sizes, names) is in :mod:`widgets.limits`, which it enforces.
"""

from widgets.limits import (
    CHALLENGE_ENTRIES_MAX,
    NAME_MAX,
    TEXT_MAX,
    TITLE_MAX,
    TooLong,
    check_display_name,
    check_length,
    clean_name,
)
from widgets.store.attempts import AttemptStore, Trier
from widgets.store.challenge import ChallengeEntry, ChallengeStore
from widgets.store.codes import CODE_ALPHABET, hash_code, new_resume_code, normalise_code
from widgets.store.database import (
    BUSY_TIMEOUT_MS,
    Database,
    Reporter,
    StorageError,
    default_database_path,
    now,
)
from widgets.store.journal import ReflectionStore, SavedReflection
from widgets.store.learners import Answer, LearnerStore
from widgets.store.outbox import OutboxStore, QueuedStatement
from widgets.store.plans import IfThenPlan, PlanStore
from widgets.store.practice import PracticeResult, PracticeStore
from widgets.store.record import RecordStore
from widgets.store.review import ReviewItem, ReviewStore
from widgets.store.rooms import Room, RoomAnswer, RoomError, RoomStore, hash_key, new_room_code
from widgets.store.tables import SCHEMA_VERSION


class Storage(
    LearnerStore, ReflectionStore, ChallengeStore, PracticeStore, RoomStore, AttemptStore,
    ReviewStore, PlanStore, RecordStore, OutboxStore,
):
    """The course's store. Open one per kernel; many kernels may share the file. With a
    ``reporter`` (see :class:`Database`), what learners do also queues xAPI statements."""


__all__ = [
    "CHALLENGE_ENTRIES_MAX",
    "NAME_MAX",
    "TEXT_MAX",
    "TITLE_MAX",
    "AttemptStore",
    "Trier",
    "TooLong",
    "check_display_name",
    "check_length",
    "clean_name",
    "BUSY_TIMEOUT_MS",
    "CODE_ALPHABET",
    "SCHEMA_VERSION",
    "Answer",
    "ChallengeEntry",
    "IfThenPlan",
    "OutboxStore",
    "PlanStore",
    "QueuedStatement",
    "RecordStore",
    "Reporter",
    "ReviewItem",
    "ReviewStore",
    "Database",
    "PracticeResult",
    "Room",
    "RoomAnswer",
    "RoomError",
    "SavedReflection",
    "Storage",
    "StorageError",
    "default_database_path",
    "hash_code",
    "hash_key",
    "new_resume_code",
    "new_room_code",
    "normalise_code",
    "now",
]
