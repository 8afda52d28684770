"""Single choice: one option to pick; one of them is the best, others may be partly there."""

from __future__ import annotations

from collections.abc import Sequence

from widgets.content.kinds.base import RATING_POINTS, OptionLike, QuestionKind

LABELS = {
    "best": ("✔", "Strong choice"),
    "partial": ("◐", "Partly there"),
    "miss": ("✘", "Misses the moment"),
}


class SingleChoice(QuestionKind):
    """Pick the one response that fits the practice best."""

    name = "single"

    def problems(self, options: Sequence[OptionLike]) -> list[str]:
        found = []
        best = [option for option in options if option.rating == "best"]
        if len(best) != 1:
            found.append("options: a single-choice scenario has exactly one 'best' option")
        if any(option.rank is not None for option in options):
            found.append("options: rank is only for ranking scenarios")
        return found

    def answer_problem(self, count: int, selected: Sequence[int]) -> str:
        if len(set(selected)) > 1:
            return "a single-choice scenario takes one option"
        return super().answer_problem(count, selected)

    def score(self, options: Sequence[OptionLike], selected: Sequence[int]) -> float:
        chosen = set(selected)
        if len(chosen) != 1:
            return 0.0
        return RATING_POINTS[options[next(iter(chosen))].rating]

    def verdict(
        self, options: Sequence[OptionLike], index: int, selected: Sequence[int]
    ) -> tuple[str, str, str]:
        rating = options[index].rating
        return (*LABELS[rating], rating)


KIND = SingleChoice()
