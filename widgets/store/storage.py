"""Storage: the database with one store per domain on it (see :mod:`widgets.store`)."""

from __future__ import annotations

from pathlib import Path

from widgets.store.analysis_reads import AnalysisStore
from widgets.store.attempts import AttemptStore
from widgets.store.challenge import ChallengeStore
from widgets.store.database import Database, Reporter
from widgets.store.journal import ReflectionStore
from widgets.store.judgment import JudgmentStore
from widgets.store.learners import LearnerStore
from widgets.store.open_answers import OpenAnswerStore
from widgets.store.outbox import OutboxStore
from widgets.store.plans import PlanStore
from widgets.store.practice import PracticeStore
from widgets.store.record import RecordStore
from widgets.store.review import ReviewStore
from widgets.store.rooms import RoomStore


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
