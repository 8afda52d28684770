"""Spaced review: when an answered scenario comes back, and in what order reviews are shown.

Pure functions of their arguments, the time included, so tests drive them with a fake clock
and nothing here touches the store. The schedule expands (1, 3, 7, then 21 days) while the
learner keeps choosing the best response; an answer that was not the best starts it again
from one day, so a missed scenario always comes back sooner than a well-answered one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

#: days until the next review, by step (the last one repeats)
INTERVAL_DAYS = (1, 3, 7, 21)


@dataclass(frozen=True)
class NextReview:
    """Where a scenario stands after an answer."""

    step: int
    due_at: datetime


def from_text(text: str) -> datetime:
    """A time the store kept, back as an aware datetime."""
    return datetime.fromisoformat(text)


def as_text(moment: datetime) -> str:
    """A time as the store keeps it: UTC ISO 8601 to the second (sorts as text)."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def next_review(
    previous: NextReview | None, score: float, now: datetime
) -> NextReview:
    """The step and due time after an answer scoring ``score`` (0 to 1) at ``now``.

    A first best answer skips the one-day step (the learner already chose well); each
    further best answer moves one step out; anything less goes back to step 0 (one day).
    An answer given before the scenario was due (trying again on the module page) can
    only bring the review sooner, never push it out.
    """
    if score >= 1.0:
        step = 1 if previous is None else min(previous.step + 1, len(INTERVAL_DAYS) - 1)
    else:
        step = 0
    upcoming = NextReview(step, now + timedelta(days=INTERVAL_DAYS[step]))
    if previous is not None and previous.due_at > now:
        return min(previous, upcoming, key=lambda review: review.due_at)
    return upcoming


def mix_practices(items: Sequence[tuple[str, str]]) -> list[str]:
    """Ids from ``(id, practice)`` pairs, taking one practice after another in turn (the
    order within a practice is kept), so a review never runs one practice in a block."""
    queues: dict[str, list[str]] = {}
    for item_id, practice in items:
        queues.setdefault(practice, []).append(item_id)
    mixed: list[str] = []
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                mixed.append(queue.pop(0))
    return mixed


def review_order(
    due: Sequence[tuple[str, str]], unseen: Iterable[tuple[str, str]], new_max: int = 3
) -> list[str]:
    """What the review page shows: up to ``new_max`` scenarios never answered (so a review
    asks the learner to use a practice, not recall an answer), then the due ones; each
    part with the practices mixed."""
    return mix_practices(list(unseen))[:new_max] + mix_practices(due)
