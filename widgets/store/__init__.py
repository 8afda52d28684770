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

from __future__ import annotations

from widgets.lazy_exports import lazy_exports

#: public name -> the module that defines it. Every name is imported on first use (PEP 562):
#: a page kernel reaches the light parts (codes, records, limits) without loading SQLAlchemy,
#: which comes with the first use of the database (see ``identity.session.LazyStorage``).
_WHERE = {
    "AnalysisStore": "widgets.store.analysis_reads",
    "Answer": "widgets.store.learners",
    "AttemptStore": "widgets.store.attempts",
    "BUSY_TIMEOUT_MS": "widgets.store.database",
    "CHALLENGE_ENTRIES_MAX": "widgets.limits",
    "CODE_ALPHABET": "widgets.store.codes",
    "ChallengeEntry": "widgets.store.challenge",
    "ChallengeStore": "widgets.store.challenge",
    "Database": "widgets.store.database",
    "DomainStore": "widgets.store.domain",
    "FirstAnswer": "widgets.store.analysis_reads",
    "IfThenPlan": "widgets.store.records",
    "JudgmentRating": "widgets.store.records",
    "JudgmentStore": "widgets.store.judgment",
    "LearnerStore": "widgets.store.learners",
    "NAME_MAX": "widgets.limits",
    "OpenAnswer": "widgets.store.open_answers",
    "OpenAnswerStore": "widgets.store.open_answers",
    "OutboxStore": "widgets.store.outbox",
    "PlanStore": "widgets.store.plans",
    "PracticeResult": "widgets.store.practice",
    "PracticeStore": "widgets.store.practice",
    "QueuedStatement": "widgets.store.outbox",
    "RecordStore": "widgets.store.record",
    "ReflectionStore": "widgets.store.journal",
    "Reporter": "widgets.store.database",
    "ReviewItem": "widgets.store.records",
    "ReviewStore": "widgets.store.review",
    "Room": "widgets.store.rooms",
    "RoomAnswer": "widgets.store.rooms",
    "RoomError": "widgets.store.records",
    "RoomQuestion": "widgets.store.open_answers",
    "RoomStore": "widgets.store.rooms",
    "SCHEMA_VERSION": "widgets.store.tables",
    "SavedReflection": "widgets.store.journal",
    "Storage": "widgets.store.storage",
    "StorageError": "widgets.store.records",
    "StoredPlay": "widgets.store.analysis_reads",
    "TEXT_MAX": "widgets.limits",
    "TITLE_MAX": "widgets.limits",
    "TooLong": "widgets.limits",
    "Trier": "widgets.store.records",
    "check_display_name": "widgets.limits",
    "check_length": "widgets.limits",
    "clean_name": "widgets.limits",
    "default_database_path": "widgets.store.database",
    "hash_code": "widgets.store.codes",
    "hash_key": "widgets.store.rooms",
    "new_resume_code": "widgets.store.codes",
    "new_room_code": "widgets.store.rooms",
    "normalise_code": "widgets.store.codes",
    "now": "widgets.store.database",
}


__getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals())


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
