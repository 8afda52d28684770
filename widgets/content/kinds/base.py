"""What every question kind knows about its questions: the protocol the registry holds.

A kind sees a scenario's options as :class:`OptionLike` (an id, a text, a rating, a rank), so
this package needs nothing of the models that use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from widgets.content.base import RATING_POINTS

__all__ = ["RATING_POINTS", "OptionLike", "QuestionKind", "RoomSummary", "option_letter"]


def option_letter(position: int) -> str:
    """A, B, C... for the options as a room sees them (a position in the room's order)."""
    return chr(ord("A") + position)


class OptionLike(Protocol):
    """An option as a kind sees it."""

    id: str
    text: str
    rating: str
    rank: int | None


@dataclass(frozen=True)
class RoomSummary:
    """A room's answers to one question: per option (content order) how many answers hold
    it, the figure shown beside it, the bar's length (0 to 1: a share of the answers, or how
    high it was ranked) and the words read out; and the line above the bars."""

    counts: tuple[int, ...]
    figures: tuple[str, ...]
    bars: tuple[float, ...]
    spoken: tuple[str, ...]
    headline: str


class QuestionKind:
    """A kind of question. Subclasses set the class attributes and override what differs."""

    #: the name content files use (``kind: single``)
    name = ""
    #: how many options a question of this kind has
    fewest_options, most_options = 3, 4
    #: the line under the question that says how to answer ('' for none)
    hint = ""
    #: how the test-wise reader plays it: 'single' (one best to find) or 'multiple'
    reader_kind = "single"
    #: the xAPI interaction type of its questions (cmi.interaction)
    interaction = "choice"
    #: what the feedback says to an answer that scores full marks
    well_done = "Well done: that is the response that fits the practice best."

    # -- content ----------------------------------------------------------------------------

    def problems(self, options: Sequence[OptionLike]) -> list[str]:
        """What is wrong with these options for this kind, as ``field: problem`` lines."""
        raise NotImplementedError

    # -- answers ----------------------------------------------------------------------------

    def key(self, options: Sequence[OptionLike]) -> tuple[int, ...]:
        """The answer that scores full marks, as content indices."""
        return tuple(index for index, option in enumerate(options) if option.rating == "best")

    def answer_problem(self, count: int, selected: Sequence[int]) -> str:
        """Why ``selected`` (content indices) is not an answer of this kind ('' if it is)."""
        if any(not 0 <= index < count for index in selected):
            return "option index out of range"
        if len(set(selected)) != len(selected):
            return "an option is chosen twice"
        return ""

    def normalise(self, selected: Sequence[int]) -> tuple[int, ...]:
        """The answer as kept: the chosen indices in content order (a ranking keeps its
        order)."""
        return tuple(sorted(set(selected)))

    def score(self, options: Sequence[OptionLike], selected: Sequence[int]) -> float:
        """The answer's score between 0 and 1."""
        raise NotImplementedError

    def verdict(
        self, options: Sequence[OptionLike], index: int, selected: Sequence[int]
    ) -> tuple[str, str, str]:
        """How the feedback marks option ``index`` after this answer: (icon, label, css)."""
        raise NotImplementedError

    def choice_mark(self, index: int, selected: Sequence[int]) -> str:
        """What the feedback adds to the label of an option the learner chose."""
        return " (your choice)" if index in selected else ""

    def progress_note(self, options: Sequence[OptionLike], selected: Sequence[int]) -> str:
        """A sentence on how near a wrong answer came, for kinds that show no option's
        feedback before every option is revealed ('' for none)."""
        return ""

    def shows_feedback(self, index: int, selected: Sequence[int]) -> bool:
        """Whether option ``index``'s feedback is shown before every option is revealed."""
        return index in selected

    # -- rooms, exports, statements ----------------------------------------------------------

    def summarise(
        self, options: Sequence[OptionLike], answers: Sequence[Sequence[str]]
    ) -> RoomSummary:
        """A room's answers (each participant's chosen option ids) as bars, per option."""
        position = {option.id: index for index, option in enumerate(options)}
        counts = [0] * len(options)
        for answer in answers:
            for option_id in set(answer):
                if option_id in position:
                    counts[position[option_id]] += 1
        people = len(answers)
        shares = [count / people if people else 0.0 for count in counts]
        return RoomSummary(
            counts=tuple(counts),
            figures=tuple(f"{count} ({round(100 * share)}%)" for count, share in
                          zip(counts, shares, strict=True)),
            bars=tuple(shares),
            spoken=tuple(f"{count} of {people}" for count in counts),
            headline=f"{people} {'answer' if people == 1 else 'answers'} so far.",
        )

    def key_label(self, option: OptionLike) -> str:
        """What the room is told of an option when its feedback is revealed."""
        return option.rating.capitalize()

    def csv_cells(self, positions: Sequence[int], texts: Sequence[str]) -> tuple[str, str]:
        """An answer as two CSV cells, the letters and the texts of the options as the room saw
        them: ``positions`` are the places in the room's order of the options in the answer,
        ``texts`` every option's text by place. A choice lists them in the room's order."""
        shown = sorted(positions)
        return (";".join(option_letter(p) for p in shown), " | ".join(texts[p] for p in shown))

    def xapi_response(self, option_ids: Sequence[str]) -> str:
        """The answer as an xAPI ``result.response`` (cmi.interaction format)."""
        return "[,]".join(option_ids)

    def xapi_correct_pattern(self, options: Sequence[OptionLike]) -> list[str]:
        """The key as an xAPI ``correctResponsesPattern``."""
        return ["[,]".join(option.id for option in options if option.rating == "best")]
