"""The store: everything a learner does, kept in one database.

SQLite (a file, the default) or PostgreSQL (``MICROMOMENTS_DB=postgresql+psycopg://...``),
through SQLAlchemy Core; the schema is made and moved forward by Alembic (``migrate.py``).
Only the store and the course actions (:mod:`widgets.actions`) reach it. :class:`Storage` is
the database with one store per domain (each file here) on it, by composition::

    Storage = Database (engine, WAL, recovery, migrations, transactions, StorageError)
      .learners    LearnerStore     learners, resume codes, answers, progress, deletion
      .journal     ReflectionStore  reflections, self-assessments
      .challenge   ChallengeStore   five-day challenge plans and entries
      .practice    PracticeStore    conversation and exercise results
      .rooms       RoomStore        workshop rooms, participants, room answers
      .open_answers OpenAnswerStore open questions put to a room, answers, moderation
      .judgment    JudgmentStore    the judgment check's ratings, per stage, first try only
      .attempts    AttemptStore     tries of keys and codes, trusted browsers, quotas
      .reviews     ReviewStore      the spaced-review schedule of answered scenarios
      .plans       PlanStore        if-then plans, one per practice
      .record      RecordStore      module completion dates, for the completion record
      .outbox      OutboxStore      xAPI statements waiting for the organisation's LRS
      .analysis    AnalysisStore    first answers and conversations of everyone (item analysis)

What it accepts (sizes, names) is in :mod:`widgets.limits`, which it enforces.
"""

from pathlib import Path

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
from widgets.store.analysis_reads import AnalysisStore, FirstAnswer, StoredPlay
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
from widgets.store.domain import DomainStore
from widgets.store.journal import ReflectionStore, SavedReflection
from widgets.store.judgment import JudgmentRating, JudgmentStore
from widgets.store.learners import Answer, LearnerStore
from widgets.store.open_answers import OpenAnswer, OpenAnswerStore, RoomQuestion
from widgets.store.outbox import OutboxStore, QueuedStatement
from widgets.store.plans import IfThenPlan, PlanStore
from widgets.store.practice import PracticeResult, PracticeStore
from widgets.store.record import RecordStore
from widgets.store.review import ReviewItem, ReviewStore
from widgets.store.rooms import Room, RoomAnswer, RoomError, RoomStore, hash_key, new_room_code
from widgets.store.tables import SCHEMA_VERSION


class Storage(Database):
    """The course's store: the database and one store per domain on it, each reached by
    name (``storage.learners``, ``storage.rooms``, ...), so a caller says which part of what
    is kept it touches. Open one per kernel; many kernels may share the file. With a
    ``reporter`` (see :class:`Database`), what learners do also queues xAPI statements."""

    def __init__(self, path: Path | str | None = None, reporter: Reporter | None = None):
        super().__init__(path, reporter)
        self.learners = LearnerStore(self)
        self.journal = ReflectionStore(self)
        self.challenge = ChallengeStore(self)
        self.practice = PracticeStore(self)
        self.rooms = RoomStore(self)
        self.open_answers = OpenAnswerStore(self)
        self.judgment = JudgmentStore(self)
        self.attempts = AttemptStore(self)
        self.reviews = ReviewStore(self)
        self.plans = PlanStore(self)
        self.record = RecordStore(self)
        self.outbox = OutboxStore(self)
        self.analysis = AnalysisStore(self)


__all__ = [
    "CHALLENGE_ENTRIES_MAX",
    "NAME_MAX",
    "TEXT_MAX",
    "TITLE_MAX",
    "AnalysisStore",
    "AttemptStore",
    "FirstAnswer",
    "StoredPlay",
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
    "JudgmentRating",
    "JudgmentStore",
    "OpenAnswer",
    "OpenAnswerStore",
    "RoomQuestion",
    "OutboxStore",
    "PlanStore",
    "QueuedStatement",
    "RecordStore",
    "Reporter",
    "ReviewItem",
    "ReviewStore",
    "Database",
    "DomainStore",
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
