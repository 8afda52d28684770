"""The judgment check: which form a learner takes when, rating an item (first try only),
finishing a check (its statement), and the scores the learner's pages show.

Every rule is checked here, whatever the page sent: the form is the learner's for that stage
(A then B, or B then A, fixed per learner), the ratings are one per option on the scale, the
before-check closes once the after-check starts, and the follow-up opens 21 days after the
after-check was finished.
"""

from __future__ import annotations

import hashlib
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from widgets.content.judgment import SCALE_POINTS, JudgmentCheck, JudgmentItem, item_score
from widgets.store.records import JudgmentRating

if TYPE_CHECKING:
    from widgets.store import Storage

STAGES = ("before", "after", "follow-up")
#: days after the after-check before the follow-up opens
FOLLOW_UP_DAYS = 21


def form_order(learner_id: str) -> tuple[str, str]:
    """The learner's two forms in the order taken: half the learners take A first."""
    digest = hashlib.sha256(f"judgment-form:{learner_id}".encode()).digest()
    return ("a", "b") if digest[0] % 2 == 0 else ("b", "a")


def form_for(learner_id: str, stage: str) -> str:
    """The form of ``stage``: the first before, the second after, and for the follow-up the
    one not taken last (the before-check's)."""
    first, second = form_order(learner_id)
    return second if stage == "after" else first


@dataclass(frozen=True)
class StageResult:
    """A learner's check at one stage: the form, what was rated, and the scores."""

    stage: str
    form: str
    items: tuple[JudgmentItem, ...]
    rated: dict[str, JudgmentRating] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        """True once every item of the form is rated."""
        return bool(self.items) and all(item.id in self.rated for item in self.items)

    @property
    def started(self) -> bool:
        """True once an item is rated."""
        return bool(self.rated)

    @property
    def finished_at(self) -> str | None:
        """When the last item was rated (ISO time), once finished."""
        return max(r.answered_at for r in self.rated.values()) if self.finished else None

    def practice_scores(self) -> dict[str, float]:
        """Each practice's score: the mean of its rated items' scores (0 to 100)."""
        by_practice: dict[str, list[float]] = {}
        for rating in self.rated.values():
            by_practice.setdefault(rating.practice, []).append(rating.score)
        return {practice: statistics.fmean(scores) for practice, scores in by_practice.items()}

    @property
    def score(self) -> float | None:
        """The check's score: the mean of the practices' scores (None before any rating)."""
        scores = self.practice_scores()
        return statistics.fmean(scores.values()) if scores else None



def learner_checks(
    storage: Storage, check: JudgmentCheck, learner_id: str
) -> dict[str, StageResult]:
    """The learner's check at every stage, as kept."""
    kept = storage.judgment.ratings_of(learner_id)
    results = {}
    for stage in STAGES:
        form = form_for(learner_id, stage)
        items = check.form(form)
        ids = {item.id for item in items}
        rated = {r.item_id: r for r in kept if r.stage == stage and r.item_id in ids}
        results[stage] = StageResult(stage, form, items, rated)
    return results


def opens_at(results: dict[str, StageResult], stage: str) -> datetime | None:
    """When the follow-up opens (None for the other stages, or before the after-check is
    finished)."""
    if stage != "follow-up":
        return None
    finished = results["after"].finished_at
    if finished is None:
        return None
    return datetime.fromisoformat(finished) + timedelta(days=FOLLOW_UP_DAYS)


def refusal(results: dict[str, StageResult], stage: str, now: datetime) -> str:
    """Why the learner cannot rate at ``stage`` now ('' if they can)."""
    if stage not in STAGES:
        return "That is not a stage of the judgment check."
    if stage == "before" and results["after"].started:
        return ("The before-check is closed: you have started the after-check, so a "
                "before-check now would not say where you started.")
    if stage == "follow-up":
        opens = opens_at(results, stage)
        if opens is None:
            return "The follow-up check opens three weeks after you finish the after-check."
        if now < opens:
            return f"The follow-up check opens on {opens.day} {opens:%B %Y}."
    if results[stage].finished:
        return "You have finished this check; its first answers are the ones that count."
    return ""


def rate_item(
    storage: Storage, check: JudgmentCheck, learner_id: str, stage: str, item_id: str,
    ratings: dict[str, int], now: datetime | None = None,
) -> str:
    """Keep the learner's ratings of one item at ``stage`` (the first try counts); when they
    finish the form, queue its statement in the same transaction. '' if kept, otherwise why
    not."""
    now = now or datetime.now(timezone.utc)
    with storage.transaction():
        results = learner_checks(storage, check, learner_id)
        why = refusal(results, stage, now)
        if why:
            return why
        result = results[stage]
        item = next((i for i in result.items if i.id == item_id), None)
        if item is None:
            return "That item is not in your check."
        if not isinstance(ratings, dict) or set(ratings) != {o.id for o in item.options}:
            return "Rate every response before going on."
        values = [ratings[option.id] for option in item.options]
        if not all(type(v) is int and 1 <= v <= SCALE_POINTS for v in values):
            return f"Each rating is a number from 1 to {SCALE_POINTS}."
        score = item_score(item.key, tuple(values))
        if not storage.judgment.record_rating(
            learner_id, stage, result.form, item.id, item.practice, dict(ratings), score
        ):
            return ""  # rated already (another page of the same learner): the first counts
        done = dict(result.rated)
        done[item.id] = JudgmentRating(learner_id, stage, result.form, item.id,
                                       item.practice, dict(ratings), score, "")
        finished = StageResult(stage, result.form, result.items, done)
        if finished.finished:
            storage.judgment.report_finished(
                learner_id, stage, result.form, finished.practice_scores(),
                finished.score or 0.0,
            )
    return ""


@dataclass(frozen=True)
class PracticeRow:
    """One practice: what the learner felt (self-assessment, 1 to 5) and what they chose (the
    judgment check, 0 to 100), before, after and at the follow-up."""

    practice: str
    title: str
    felt_before: int | None
    felt_after: int | None
    chose_before: float | None
    chose_after: float | None
    chose_follow_up: float | None


@dataclass(frozen=True)
class JudgmentSummary:
    """A learner's judgment check as their pages show it."""

    rows: list[PracticeRow]
    results: dict[str, StageResult]
    #: the key and rationales may be shown (the after-check is finished)
    feedback_open: bool

    def score(self, stage: str) -> float | None:
        """The check's score at ``stage`` (only when finished)."""
        result = self.results[stage]
        return result.score if result.finished else None


def judgment_summary(
    storage: Storage, check: JudgmentCheck, titles: dict[str, str],
    self_assessment_ids: set[str], learner_id: str,
) -> JudgmentSummary:
    """The learner's scores per practice at each stage, with their self-assessment beside;
    ``titles`` names the practices, ``self_assessment_ids`` are the self-assessment's items
    (a practice's item has the practice's id)."""
    results = learner_checks(storage, check, learner_id)
    felt = {
        stage: storage.journal.self_assessment(learner_id, stage) for stage in ("before", "after")
    }
    scores = {
        stage: results[stage].practice_scores() if results[stage].finished else {}
        for stage in STAGES
    }
    rows = [
        PracticeRow(
            practice, titles.get(practice, practice),
            felt["before"].get(practice) if practice in self_assessment_ids else None,
            felt["after"].get(practice) if practice in self_assessment_ids else None,
            scores["before"].get(practice), scores["after"].get(practice),
            scores["follow-up"].get(practice),
        )
        for practice in check.practices()
    ]
    return JudgmentSummary(rows, results, results["after"].finished)
