"""Ranking: put every option in order, the most effective response first; scored by how far
the order is from the key (each option's ``rank`` in the content)."""

from __future__ import annotations

from collections.abc import Sequence

from widgets.content.kinds.base import OptionLike, QuestionKind, RoomSummary, option_letter

ORDINALS = ("first", "second", "third", "fourth", "fifth")


def footrule(order: Sequence[int], ranks: Sequence[int]) -> int:
    """How far an order (content indices, first placed first) is from the key: the sum over
    options of the places between where it was put and where the key puts it."""
    return sum(abs(place + 1 - ranks[index]) for place, index in enumerate(order))


class Ranking(QuestionKind):
    """Order 3 to 5 responses from most to least effective."""

    name = "ranking"
    fewest_options, most_options = 3, 5
    hint = "Move the responses up and down; the order shown when you check is your answer."
    interaction = "sequencing"
    well_done = "Well done: that is the order that fits the practice best."

    def problems(self, options: Sequence[OptionLike]) -> list[str]:
        ranks = [option.rank for option in options]
        if None in ranks:
            return ["options: every option of a ranking scenario needs a rank (1 = most effective)"]
        if sorted(ranks) != list(range(1, len(options) + 1)):
            return [f"options: ranks must be 1 to {len(options)}, each once; found {ranks}"]
        found = []
        by_rank = sorted(options, key=lambda option: option.rank)
        if by_rank[0].rating != "best" or any(o.rating == "best" for o in by_rank[1:]):
            found.append("options: the option ranked 1 is the one rated 'best', and only it")
        points = {"best": 2, "partial": 1, "miss": 0}
        pairs = zip(by_rank, by_rank[1:], strict=False)
        if any(points[a.rating] < points[b.rating] for a, b in pairs):
            found.append("options: a lower-ranked option is rated better than a higher one")
        return found

    def key(self, options: Sequence[OptionLike]) -> tuple[int, ...]:
        return tuple(sorted(range(len(options)), key=lambda index: options[index].rank or 0))

    def answer_problem(self, count: int, selected: Sequence[int]) -> str:
        problem = super().answer_problem(count, selected)
        if not problem and selected and len(selected) != count:
            return "a ranking puts every option in order"
        return problem

    def normalise(self, selected: Sequence[int]) -> tuple[int, ...]:
        return tuple(selected)

    def score(self, options: Sequence[OptionLike], selected: Sequence[int]) -> float:
        if self.answer_problem(len(options), selected) or not selected:
            return 0.0
        ranks = [option.rank or 0 for option in options]
        worst = len(options) ** 2 // 2
        return 1 - footrule(selected, ranks) / worst

    def verdict(
        self, options: Sequence[OptionLike], index: int, selected: Sequence[int]
    ) -> tuple[str, str, str]:
        key = options[index].rank or 0
        placed = list(selected).index(index) + 1 if index in selected else 0
        label = f"Key: {ORDINALS[key - 1]}"
        if placed:
            label += f"; you put it {ORDINALS[placed - 1]}"
        off = abs(placed - key)
        if off == 0:
            return ("✔", label, "best")
        return ("◐", label, "partial") if off == 1 else ("✘", label, "miss")

    def choice_mark(self, index: int, selected: Sequence[int]) -> str:
        return ""  # the label says where the learner put it

    def shows_feedback(self, index: int, selected: Sequence[int]) -> bool:
        # any option's feedback tells where the key puts it: shown only once revealed, so a
        # second try still asks for judgment
        return False

    def progress_note(self, options: Sequence[OptionLike], selected: Sequence[int]) -> str:
        right = sum(options[index].rank == place + 1 for place, index in enumerate(selected))
        return (
            f"{right} of {len(options)} {'response is' if right == 1 else 'responses are'} "
            "where the key puts them."
        )

    def summarise(
        self, options: Sequence[OptionLike], answers: Sequence[Sequence[str]]
    ) -> RoomSummary:
        count = len(options)
        places: list[list[int]] = [[] for _ in options]
        position = {option.id: index for index, option in enumerate(options)}
        kept = [answer for answer in answers if sorted(answer) == sorted(position)]
        for answer in kept:
            for place, option_id in enumerate(answer):
                places[position[option_id]].append(place + 1)
        means = [sum(found) / len(found) if found else None for found in places]
        people = len(kept)
        return RoomSummary(
            counts=tuple(len(found) for found in places),
            figures=tuple("–" if mean is None else f"mean rank {mean:.1f}" for mean in means),
            bars=tuple(0.0 if mean is None else (count - mean) / (count - 1) for mean in means),
            spoken=tuple(
                "no answers yet" if mean is None else f"mean rank {mean:.1f} of {count}"
                for mean in means
            ),
            headline=f"{people} {'ranking' if people == 1 else 'rankings'} so far "
            "(rank 1 = most effective).",
        )

    def key_label(self, option: OptionLike) -> str:
        return f"Key: {ORDINALS[(option.rank or 1) - 1]}"

    def csv_cells(self, positions: Sequence[int], texts: Sequence[str]) -> tuple[str, str]:
        # the learner's order, first placed first
        return (
            " > ".join(option_letter(p) for p in positions), " > ".join(texts[p] for p in positions)
        )

    def xapi_correct_pattern(self, options: Sequence[OptionLike]) -> list[str]:
        return ["[,]".join(o.id for o in sorted(options, key=lambda o: o.rank or 0))]


KIND = Ranking()
