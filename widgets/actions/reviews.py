"""The learner's spaced review: scheduling an answered scenario, what is due, what to show.

The timing rules are the pure functions of :mod:`widgets.actions.review_schedule`; this
module reads and writes the learner's schedule through the store. Every function takes
``now``, so tests move the clock instead of waiting.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from widgets.actions.review_schedule import (
    NextReview,
    as_text,
    from_text,
    next_review,
    review_order,
)
from widgets.content.models import Course
from widgets.store.records import ReviewItem

if TYPE_CHECKING:
    from widgets.store import Storage


def utc_now() -> datetime:
    """The real clock (pages pass it; tests pass their own)."""
    return datetime.now(timezone.utc)


def schedule_answer(
    storage: Storage,
    learner_id: str,
    module_id: str,
    scenario_id: str,
    score: float,
    now: datetime,
    from_review: bool = False,
) -> ReviewItem:
    """Put an answered scenario (back) on the learner's schedule; returns its new place."""
    previous = storage.reviews.review_item(learner_id, scenario_id)
    before = NextReview(previous.step, from_text(previous.due_at)) if previous else None
    upcoming = next_review(before, score, now)
    storage.reviews.save_review(
        learner_id, scenario_id, module_id, upcoming.step, as_text(upcoming.due_at), score,
        as_text(now), from_review=from_review,
    )
    saved = storage.reviews.review_item(learner_id, scenario_id)
    assert saved is not None
    return saved


def due_count(storage: Storage, learner_id: str, now: datetime) -> int:
    """How many scenarios are due for review at ``now``."""
    return len(storage.reviews.due_reviews(learner_id, as_text(now)))


def module_of_scenarios(course: Course) -> dict[str, str]:
    """``{scenario_id: module_id}`` for every scenario a module lists (first module wins)."""
    found: dict[str, str] = {}
    for module in course.modules:
        for scenario_id in module.scenarios:
            found.setdefault(scenario_id, module.id)
    return found


def review_queue(
    course: Course, storage: Storage, learner_id: str, now: datetime
) -> tuple[list[str], list[str]]:
    """Scenario ids for the review page, ``(new, due)``: a few the learner has never
    answered, from the modules they have started, then the due ones; practices mixed in
    each part. Both empty when nothing is due (new ones come only with a review)."""
    due = [
        (item.scenario_id, course.scenarios[item.scenario_id].practice)
        for item in storage.reviews.due_reviews(learner_id, as_text(now))
        if item.scenario_id in course.scenarios
    ]
    if not due:
        return [], []
    answered = storage.learners.answered_scenarios(learner_id)
    seen = set().union(*answered.values()) if answered else set()
    unseen = [
        (scenario_id, course.scenarios[scenario_id].practice)
        for module in course.modules
        if module.id in answered
        for scenario_id in module.scenarios
        if scenario_id not in seen
    ]
    order = review_order(due, unseen)
    due_ids = {scenario_id for scenario_id, _practice in due}
    return [s for s in order if s not in due_ids], [s for s in order if s in due_ids]


def next_due(storage: Storage, learner_id: str) -> str:
    """When the learner's next review falls (UTC ISO text), '' with nothing scheduled."""
    items = storage.reviews.review_items(learner_id)
    return items[0].due_at if items else ""


def spoken_day(stamp: str) -> str:
    """An ISO time stamp as the day a reader says aloud ("Friday 4 December"): a review is
    due on a day, and a time in UTC would only confuse."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:10]
    return f"{when:%A} {when.day} {when:%B}"
