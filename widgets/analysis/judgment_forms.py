"""The judgment check as a test: each form's mean, standard deviation and reliability
(Cronbach's alpha) at each stage, the two forms' equivalence on learners' first check, and
the course's effect: before to after (and to the follow-up), paired dz with its interval.

A learner's check score at a stage is the mean of their item scores (0 to 100), counted only
when they rated every item of their form (the form's items are the content's, or, without
it, every item seen for that form).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from widgets.analysis.stats import (
    EffectSize,
    cronbach_alpha,
    mean,
    mean_difference,
    paired_effect,
    sample_sd,
)
from widgets.content.judgment import JudgmentCheck

STAGES = ("before", "after", "follow-up")


@dataclass(frozen=True)
class JudgmentTry:
    """A learner's first rating of a judgment item at a stage, and its score (0 to 100)."""

    learner_id: str
    stage: str
    form: str
    item_id: str
    score: float


@dataclass(frozen=True)
class FormStats:
    """One form at one stage: learners with a complete check, their mean and standard
    deviation (0 to 100), Cronbach's alpha over its items, and the incomplete checks."""

    stage: str
    form: str
    items: int
    learners: int
    mean: float | None
    sd: float | None
    alpha: float | None
    incomplete: int


@dataclass(frozen=True)
class Equivalence:
    """Form A's mean minus form B's on learners' first check, with Welch's 95% interval."""

    learners_a: int
    mean_a: float | None
    learners_b: int
    mean_b: float | None
    difference: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class StageEffect:
    """The change from one stage to another over the learners who took both."""

    start: str
    end: str
    effect: EffectSize


@dataclass(frozen=True)
class FormSummary:
    """The forms, their equivalence and the effects."""

    forms: list[FormStats]
    equivalence: Equivalence
    effects: list[StageEffect]


def _form_items(tries: Sequence[JudgmentTry], check: JudgmentCheck | None) -> dict[str, list]:
    """Each form's item ids, in order."""
    if check is not None:
        return {name: [item.id for item in items] for name, items in check.forms.items()}
    found: dict[str, list[str]] = defaultdict(list)
    for entry in tries:
        if entry.item_id not in found[entry.form]:
            found[entry.form].append(entry.item_id)
    return {form: sorted(ids) for form, ids in found.items()}


def _checks(
    tries: Sequence[JudgmentTry], items: dict[str, list]
) -> tuple[dict[tuple[str, str], tuple[str, list[float]]], dict[tuple[str, str], int]]:
    """Complete checks, ``(learner, stage) -> (form, item scores in the form's order)``, and
    the incomplete ones counted by ``(stage, form)``."""
    ratings: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    form_of: dict[tuple[str, str], str] = {}
    for entry in tries:
        key = (entry.learner_id, entry.stage)
        form = form_of.setdefault(key, entry.form)
        if entry.form == form:
            ratings[key].setdefault(entry.item_id, entry.score)
    complete, incomplete = {}, defaultdict(int)
    for key, scores in ratings.items():
        wanted = items.get(form_of[key], [])
        if wanted and all(item in scores for item in wanted):
            complete[key] = (form_of[key], [scores[item] for item in wanted])
        else:
            incomplete[key[1], form_of[key]] += 1
    return complete, incomplete


def _stage_key(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def judgment_summary(
    tries: Sequence[JudgmentTry], check: JudgmentCheck | None = None
) -> FormSummary:
    """Forms, equivalence and effects of the stored judgment ratings."""
    items = _form_items(tries, check)
    complete, incomplete = _checks(tries, items)
    stages = sorted({stage for _, stage in complete} | {stage for stage, _ in incomplete},
                    key=_stage_key)
    forms = []
    for stage in stages:
        for form in sorted(items):
            rows = [scores for (_, s), (f, scores) in complete.items() if s == stage and f == form]
            totals = [sum(row) / len(row) for row in rows]
            if rows or incomplete.get((stage, form)):
                forms.append(FormStats(
                    stage, form, len(items[form]), len(rows), mean(totals), sample_sd(totals),
                    cronbach_alpha(rows), incomplete.get((stage, form), 0),
                ))
    score = {key: sum(row) / len(row) for key, (_, row) in complete.items()}
    first: dict[str, tuple[str, str]] = {}
    for (learner, stage), (form, _) in sorted(complete.items(), key=lambda e: _stage_key(e[0][1])):
        first.setdefault(learner, (stage, form))
    groups: dict[str, list[float]] = {"a": [], "b": []}
    for learner, (stage, form) in first.items():
        groups.setdefault(form, []).append(score[learner, stage])
    found = mean_difference(groups["a"], groups["b"])
    difference, low, high = found if found is not None else (None, None, None)
    if found is None and groups["a"] and groups["b"]:
        difference = mean(groups["a"]) - mean(groups["b"])
    equivalence = Equivalence(
        len(groups["a"]), mean(groups["a"]), len(groups["b"]), mean(groups["b"]), difference,
        low, high,
    )
    effects = []
    for end in ("after", "follow-up"):
        learners = sorted(learner for learner, stage in score if stage == "before"
                          and (learner, end) in score)
        if learners:
            effects.append(StageEffect("before", end, paired_effect(
                [score[learner, "before"] for learner in learners],
                [score[learner, end] for learner in learners],
            )))
    return FormSummary(forms, equivalence, effects)
