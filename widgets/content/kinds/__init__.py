"""The registry of question kinds. Each kind is one module of this package defining ``KIND``
(a :class:`~widgets.content.kinds.base.QuestionKind`): how its content is checked, how an
answer is scored, summarised for a room, written to the CSV and reported in xAPI. Its view (the
control a learner answers with) is the module of the same name in
:mod:`widgets.practice.answer_views`. Adding a kind is adding those two modules: the registry
finds them.
"""

from __future__ import annotations

import importlib
import pkgutil

from widgets.content.kinds.base import OptionLike, QuestionKind, RoomSummary, option_letter

__all__ = ["KINDS", "OptionLike", "QuestionKind", "RoomSummary", "kind_of", "option_letter"]


def _discover() -> dict[str, QuestionKind]:
    found: dict[str, QuestionKind] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name == "base":
            continue
        kind = importlib.import_module(f"{__name__}.{module.name}").KIND
        found[kind.name] = kind
    return dict(sorted(found.items()))


#: every question kind, by the name content files give in ``kind:``
KINDS: dict[str, QuestionKind] = _discover()


def kind_of(name: str) -> QuestionKind:
    """The question kind called ``name`` (KeyError if there is none)."""
    return KINDS[name]
