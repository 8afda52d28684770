"""Reads for the item analysis (``python -m widgets item-analysis``): every learner's first
answer to each scenario, and every stored conversation play-through."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from widgets.store.domain import DomainStore
from widgets.store.practice import FIRST_CONVERSATION
from widgets.store.tables import answers, practice_results


@dataclass(frozen=True)
class FirstAnswer:
    """A learner's first answer to a scenario (the lowest id: the one that counts)."""

    learner_id: str
    module_id: str
    scenario_id: str
    #: ids of the options chosen (answers kept before option ids existed hold indices)
    selected: tuple[str | int, ...]
    score: float


@dataclass(frozen=True)
class StoredPlay:
    """A learner's stored play-through of a conversation (a later one replaces it)."""

    learner_id: str
    conversation_id: str
    result: dict


class AnalysisStore(DomainStore):
    """What the item analysis reads, across every learner."""

    def first_answers_of_everyone(self) -> list[FirstAnswer]:
        """Each learner's first answer to each scenario, whatever module it was answered in,
        by learner and answer order."""
        first_ids = select(func.min(answers.c.id)).group_by(
            answers.c.learner_id, answers.c.scenario_id
        )
        rows = self._query(
            select(answers.c.learner_id, answers.c.module_id, answers.c.scenario_id,
                   answers.c.selected, answers.c.score)
            .where(answers.c.id.in_(first_ids))
            .order_by(answers.c.learner_id, answers.c.id)
        )
        return [
            FirstAnswer(learner, module, scenario, tuple(json.loads(selected)), score)
            for learner, module, scenario, selected, score in rows
        ]

    def conversation_plays_of_everyone(self) -> list[StoredPlay]:
        """Every learner's first play-through of each conversation (kept since revision
        0011's release; for a learner who played before that, their latest)."""
        c = practice_results.c
        rows = self._query(
            select(c.learner_id, c.item_id, c.kind, c.result)
            .where(c.kind.in_(("conversation", FIRST_CONVERSATION)))
            .order_by(c.learner_id, c.item_id)
        )
        plays: dict[tuple[str, str], tuple[str, str]] = {}
        for learner, item, kind, result in rows:
            if kind == FIRST_CONVERSATION or (learner, item) not in plays:
                plays[(learner, item)] = (kind, result)
        return [
            StoredPlay(learner, item, json.loads(result))
            for (learner, item), (_kind, result) in sorted(plays.items())
        ]
