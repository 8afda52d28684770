"""The controls a learner answers a question with, one module per question kind (the module
has the kind's name and defines ``VIEW``, an :class:`AnswerView` class). The registry finds
them, as :mod:`widgets.content.kinds` finds the kinds."""

from __future__ import annotations

import importlib
import pkgutil

from widgets.practice.answer_views.base import AnswerView

__all__ = ["VIEWS", "AnswerView", "answer_view"]


def _discover() -> dict[str, type[AnswerView]]:
    found = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base":
            found[module.name] = importlib.import_module(f"{__name__}.{module.name}").VIEW
    return found


#: the answer control of every question kind, by the kind's name
VIEWS: dict[str, type[AnswerView]] = _discover()


def answer_view(kind: str, question: str) -> AnswerView:
    """A new control for answering a question of ``kind``; ``question`` labels it."""
    return VIEWS[kind](question)
