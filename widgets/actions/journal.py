"""What the learner has written and rated, read back: the journal and its export, a saved
reflection for its prompt, self-assessment ratings for their form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from widgets.actions.judgment import judgment_summary
from widgets.content.models import Course

if TYPE_CHECKING:
    from widgets.store import (
        ChallengeEntry,
        IfThenPlan,
        PracticeResult,
        ReviewItem,
        SavedReflection,
        Storage,
    )


@dataclass(frozen=True)
class JournalFacts:
    """Everything the journal shows and exports of one learner."""

    #: the name the learner chose ('' if none)
    name: str
    reflections: list[SavedReflection]
    #: outcomes of conversations and exercises, oldest first
    practice_results: list[PracticeResult]
    plans: list[IfThenPlan]
    #: the review schedule, soonest first
    reviews: list[ReviewItem]
    challenge_entries: list[ChallengeEntry]
    #: the judgment check (0 to 100): (practice title, before, after), the whole check last;
    #: empty until a check is finished
    judgment: list[tuple[str, float | None, float | None]] = field(default_factory=list)


def read_journal(
    storage: Storage, learner_id: str, course: Course | None = None
) -> JournalFacts:
    """The learner's journal: reflections, drafted replies, plans, reviews, challenge log,
    and (given the ``course``) the judgment check's scores."""
    return JournalFacts(
        name=storage.learners.display_name(learner_id),
        reflections=storage.journal.reflections(learner_id),
        practice_results=storage.practice.practice_results(learner_id),
        plans=storage.plans.plans(learner_id),
        reviews=storage.reviews.review_items(learner_id),
        challenge_entries=storage.challenge.challenge_entries(learner_id),
        judgment=judgment_rows(storage, course, learner_id) if course is not None else [],
    )


def judgment_rows(
    storage: Storage, course: Course, learner_id: str
) -> list[tuple[str, float | None, float | None]]:
    """The judgment check per practice, before and after, and the whole check's scores
    (empty until the learner finishes a check, or with no check in the course)."""
    if course.judgment is None:
        return []
    summary = judgment_summary(
        storage, course.judgment, {pid: p.title for pid, p in course.practices.items()},
        set(), learner_id,
    )
    if summary.score("before") is None and summary.score("after") is None:
        return []
    rows = [(row.title, row.chose_before, row.chose_after) for row in summary.rows]
    return [*rows, ("Whole check", summary.score("before"), summary.score("after"))]


def saved_reflection_text(storage: Storage, learner_id: str, reflection_id: str) -> str:
    """The learner's last saved text for a reflection prompt ('' if none)."""
    return storage.journal.reflection_text(learner_id, reflection_id)


def ratings_to_show(
    storage: Storage, learner_id: str, stage: str
) -> tuple[dict[str, int], dict[str, int]]:
    """``(own, before)``: the learner's ratings at ``stage``, and, for the 'after' form,
    their 'before' ratings to compare with ({} otherwise)."""
    own = storage.journal.self_assessment(learner_id, stage)
    before = storage.journal.self_assessment(learner_id, "before") if stage == "after" else {}
    return own, before
