"""The item analysis's reads (``python -m widgets item-analysis``): every learner's first
answer to each scenario, each stored conversation and every judgment rating, turned into the
data objects :mod:`widgets.analysis.item_analysis` analyses."""

from __future__ import annotations

from pathlib import Path

from widgets.analysis.item_analysis import (
    MIN_TRIES,
    ConversationPlay,
    ItemAnalysis,
    ScenarioTry,
    StoredTries,
    analyse,
)
from widgets.analysis.judgment_forms import JudgmentTry
from widgets.content.models import Course
from widgets.store import Storage
from widgets.store.records import StorageError


def _scenario_try(course: Course, learner_id: str, scenario_id: str,
                  selected: tuple[str | int, ...], score: float) -> ScenarioTry:
    """An answer as option ids (answers kept before option ids existed hold indices)."""
    scenario = course.scenarios.get(scenario_id)
    ids = [
        scenario.options[value].id
        if isinstance(value, int) and scenario is not None and 0 <= value < len(scenario.options)
        else str(value)
        for value in selected
    ]
    return ScenarioTry(learner_id, scenario_id, tuple(ids), float(score))


def _counts(value: object) -> dict[str, int] | None:
    if not isinstance(value, dict):
        return None
    return {str(key): int(count) for key, count in value.items() if isinstance(count, int)}


def stored_tries(storage: Storage, course: Course) -> StoredTries:
    """Everything the item analysis reads from the store, as data objects."""
    scenarios = [
        _scenario_try(course, a.learner_id, a.scenario_id, a.selected, a.score)
        for a in storage.analysis.first_answers_of_everyone()
    ]
    plays = []
    for play in storage.analysis.conversation_plays_of_everyone():
        path = play.result.get("path")
        if not isinstance(path, list):
            continue  # a result kept before paths were
        meter = play.result.get("meter")
        plays.append(ConversationPlay(
            play.learner_id, play.conversation_id, tuple(str(node) for node in path),
            meter if isinstance(meter, int) else None, _counts(play.result.get("used")),
            _counts(play.result.get("missed")),
        ))
    judgment = [
        JudgmentTry(r.learner_id, r.stage, r.form, r.item_id, float(r.score))
        for r in storage.judgment.all_ratings()
    ]
    return StoredTries(scenarios, plays, judgment)


def item_analysis(storage: Storage, course: Course, min_tries: int = MIN_TRIES) -> ItemAnalysis:
    """The item analysis of what this store keeps."""
    return analyse(course, stored_tries(storage, course), min_tries)


def course_item_analysis(
    course: Course, target: Path | str | None = None, min_tries: int = MIN_TRIES
) -> ItemAnalysis:
    """The item analysis of the course's store (``MICROMOMENTS_DB``, or ``target``): a
    :class:`StorageError` if it cannot be opened, rather than the analysis of an empty
    stand-in."""
    storage = Storage(target)
    try:
        if not storage.persistent:
            raise StorageError(storage.notice)
        return item_analysis(storage, course, min_tries)
    finally:
        storage.close()
