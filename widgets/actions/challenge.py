"""The five-day challenge: planning the week, logging a day's micro-moment, and the week as
the challenge page and the week in review show it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from widgets.store.records import CHALLENGE_DAYS

if TYPE_CHECKING:
    from widgets.store import ChallengeEntry, IfThenPlan, Storage


@dataclass(frozen=True)
class ChallengeWeek:
    """What the learner planned and logged for the challenge."""

    #: the if-then plans of the practice modules, which the week builds on
    plans: list[IfThenPlan]
    #: the plan of each day, by day number (1 to 5); a day without one is absent
    day_plans: dict[int, str]
    #: the log, by day then time
    entries: list[ChallengeEntry]


def plan_challenge_week(storage: Storage, learner_id: str, day_plans: Sequence[str]) -> None:
    """Keep the plan of every day (the first text is day 1's): all of them or none."""
    if len(day_plans) > CHALLENGE_DAYS:
        raise ValueError(f"the challenge has {CHALLENGE_DAYS} days, not {len(day_plans)}")
    with storage.transaction():
        for day, text in enumerate(day_plans, start=1):
            storage.challenge.save_challenge_plan(learner_id, day, text)


def log_challenge_day(
    storage: Storage, learner_id: str, day: int, practice: str, what_i_did: str,
    how_it_landed: str,
) -> None:
    """Log one micro-moment; the entry that fills the fifth different day completes the
    challenge module in the same transaction (:class:`~widgets.limits.TooLong` when a text
    is too long or the log is full)."""
    with storage.transaction():
        storage.challenge.add_challenge_entry(learner_id, day, practice, what_i_did, how_it_landed)


def challenge_week(storage: Storage, learner_id: str) -> ChallengeWeek:
    """The learner's if-then plans, day plans and challenge log."""
    return ChallengeWeek(
        plans=storage.plans.plans(learner_id),
        day_plans=storage.challenge.challenge_plan(learner_id),
        entries=storage.challenge.challenge_entries(learner_id),
    )
