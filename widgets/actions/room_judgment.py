"""A room's judgment check, before and after: the means of the participants who finished
both checks, per practice and in all, with the effect size (dz) and its 95% interval. Only
from :data:`ROOM_JUDGMENT_MIN` such participants, so that no one's score can be told from
the room's; the interval only from 10."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from widgets.actions.judgment import StageResult, form_for
from widgets.analysis.stats import EffectSize, paired_effect
from widgets.content.judgment import JudgmentCheck
from widgets.store.codes import normalise_code

if TYPE_CHECKING:
    from widgets.store import JudgmentRating, Storage

#: participants who finished both checks before a room's before and after is shown
ROOM_JUDGMENT_MIN = 5


@dataclass(frozen=True)
class RoomJudgment:
    """The room's before and after: per practice (means), and the whole check's effect."""

    #: (practice, mean before, mean after)
    practices: list[tuple[str, float, float]]
    effect: EffectSize


def _finished_scores(
    check: JudgmentCheck, learner_id: str, ratings: list[JudgmentRating], stage: str
) -> dict[str, float] | None:
    form = form_for(learner_id, stage)
    items = check.form(form)
    ids = {item.id for item in items}
    rated = {r.item_id: r for r in ratings if r.stage == stage and r.item_id in ids}
    result = StageResult(stage, form, items, rated)
    return result.practice_scores() if result.finished else None


def room_judgment(storage: Storage, check: JudgmentCheck, code: str) -> RoomJudgment | None:
    """The room's before and after, or None with fewer than five who finished both."""
    learners = storage.rooms.room_learner_ids(normalise_code(code))
    by_learner: dict[str, list[JudgmentRating]] = {}
    for rating in storage.judgment.all_ratings(learners):
        by_learner.setdefault(rating.learner_id, []).append(rating)
    pairs = []
    for learner, ratings in by_learner.items():
        before = _finished_scores(check, learner, ratings, "before")
        after = _finished_scores(check, learner, ratings, "after")
        if before and after:
            pairs.append((before, after))
    if len(pairs) < ROOM_JUDGMENT_MIN:
        return None
    practices = [
        (practice,
         statistics.fmean(b[practice] for b, _a in pairs if practice in b),
         statistics.fmean(a[practice] for _b, a in pairs if practice in a))
        for practice in check.practices()
    ]
    effect = paired_effect(
        [statistics.fmean(b.values()) for b, _a in pairs],
        [statistics.fmean(a.values()) for _b, a in pairs],
    )
    return RoomJudgment(practices, effect)
