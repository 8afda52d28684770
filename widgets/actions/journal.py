"""What the learner has written and rated, read back: the journal and its export, a saved
reflection for its prompt, self-assessment ratings for their form."""

from __future__ import annotations

from dataclasses import dataclass

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


def read_journal(storage: Storage, learner_id: str) -> JournalFacts:
    """The learner's journal: reflections, drafted replies, plans, reviews, challenge log."""
    return JournalFacts(
        name=storage.learners.display_name(learner_id),
        reflections=storage.journal.reflections(learner_id),
        practice_results=storage.practice.practice_results(learner_id),
        plans=storage.plans.plans(learner_id),
        reviews=storage.reviews.review_items(learner_id),
        challenge_entries=storage.challenge.challenge_entries(learner_id),
    )


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
