"""If-then plans ("When <situation>, I will <micro-moment>"): making one at the end of a
practice module, and reading them back, with what the reminders calendar is made from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from widgets.store.records import IfThenPlan, ReviewItem

if TYPE_CHECKING:
    from widgets.store import Storage


@dataclass(frozen=True)
class PlansAhead:
    """What the reminders calendar holds: the plans, the challenge days' plans, the reviews."""

    plans: list[IfThenPlan]
    #: the plan of each challenge day, by day number
    day_plans: dict[int, str]
    #: the review schedule, soonest first
    reviews: list[ReviewItem]


def make_if_then_plan(
    storage: Storage, learner_id: str, practice_id: str, situation: str, action: str
) -> None:
    """Keep the learner's plan for a practice (a later one replaces it)."""
    storage.plans.save_plan(learner_id, practice_id, situation, action)


def if_then_plans(storage: Storage, learner_id: str) -> list[IfThenPlan]:
    """The learner's plans, oldest first."""
    return storage.plans.plans(learner_id)


def plan_for(storage: Storage, learner_id: str, practice_id: str) -> IfThenPlan | None:
    """The learner's plan for one practice (None if they have made none)."""
    return next((p for p in storage.plans.plans(learner_id) if p.practice == practice_id), None)


def plans_ahead(storage: Storage, learner_id: str) -> PlansAhead:
    """The learner's plans, challenge plan and review schedule, for the calendar."""
    return PlansAhead(
        plans=storage.plans.plans(learner_id),
        day_plans=storage.challenge.challenge_plan(learner_id),
        reviews=storage.reviews.review_items(learner_id),
    )
