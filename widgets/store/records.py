"""Plain records the store takes and hands out, and its errors: importable without the
database (SQLAlchemy), so a page builds its widgets before the store is opened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

#: the five-day challenge's module: done when this many different days are logged
CHALLENGE_MODULE = "challenge"
CHALLENGE_DAYS = 5


class StorageError(Exception):
    """The database failed; the message is a plain reason (the original is ``__cause__``)."""


@dataclass(frozen=True)
class Trier:
    """Who tries a key or code: the client address and the browser (both the server's word)."""

    address: str
    browser: str = ""

    @property
    def browser_subject(self) -> str:
        # without a browser id (a plain Jupyter kernel), the address stands for the browser
        return f"browser:{self.browser}" if self.browser else f"address:{self.address}"

    def area_subject(self, target: str = "") -> str:
        return f"address:{self.address}" + (f"|{target}" if target else "")


class History(NamedTuple):
    """A learner's tries at one scenario: how many, the best score, and whether the first
    answer (the one that counts) was right."""

    attempts: int
    best: float
    first_correct: bool


@dataclass(frozen=True)
class ReviewItem:
    """One scenario on a learner's review schedule."""

    scenario_id: str
    module_id: str
    #: how many good answers in a row (0 after an answer that was not the best)
    step: int
    due_at: str
    last_score: float
    #: answers given on the review page
    reviews: int
    answered_at: str


@dataclass(frozen=True)
class IfThenPlan:
    """A learner's plan for one practice."""

    practice: str
    situation: str
    action: str
    saved_at: str

    @property
    def text(self) -> str:
        """The plan as one sentence."""
        return f"When {self.situation}, I will {self.action}"


class RoomError(Exception):
    """A room that does not exist or no longer takes answers; the message says which."""


@dataclass(frozen=True)
class JudgmentRating:
    """A learner's ratings of one item's options at one stage, and the item's score."""

    learner_id: str
    stage: str
    form: str
    item_id: str
    practice: str
    #: option id -> the learner's rating, 1 to 6
    ratings: dict[str, int]
    score: float
    answered_at: str
