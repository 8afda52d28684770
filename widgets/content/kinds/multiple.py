"""Multiple choice: choose every option that fits; each is either right to choose or not."""

from __future__ import annotations

from collections.abc import Sequence

from widgets.content.kinds.base import OptionLike, QuestionKind


class MultipleChoice(QuestionKind):
    """Choose all that apply; scored by the share of options decided right."""

    name = "multiple"
    hint = "Choose all that apply."
    reader_kind = "multiple"

    def problems(self, options: Sequence[OptionLike]) -> list[str]:
        found = []
        if not any(option.rating == "best" for option in options):
            found.append("options: at least one option must be rated 'best'")
        if any(option.rating == "partial" for option in options):
            found.append(
                "options: a multiple-choice scenario rates each option 'best' (choose it) or "
                "'miss' (leave it)"
            )
        if any(option.rank is not None for option in options):
            found.append("options: rank is only for ranking scenarios")
        return found

    def score(self, options: Sequence[OptionLike], selected: Sequence[int]) -> float:
        chosen = set(selected)
        right = sum(
            (index in chosen) == (option.rating == "best") for index, option in enumerate(options)
        )
        return right / len(options)

    def verdict(
        self, options: Sequence[OptionLike], index: int, selected: Sequence[int]
    ) -> tuple[str, str, str]:
        keep = options[index].rating == "best"
        right = (index in selected) == keep
        label = ("Right call" if right else "Not quite") + (
            ": choose it" if keep else ": leave it out"
        )
        return ("✔" if right else "✘", label, "best" if right else "miss")

    def summarise(self, options, answers):
        summary = super().summarise(options, answers)
        choices = sum(len(set(answer)) for answer in answers)
        people = len(answers)
        return type(summary)(
            summary.counts, summary.figures, summary.bars, summary.spoken,
            f"{people} {'answer' if people == 1 else 'answers'} so far, "
            f"{choices} {'choice' if choices == 1 else 'choices'} in all.",
        )


KIND = MultipleChoice()
