"""The choices behind a stored conversation: the store keeps each play-through's path (the
nodes visited), its final meter and the practices used and missed, not the choices
themselves. Several choices of a node often lead to the same next node, so the choice at a
step is read from the path and then told apart by replaying every combination of candidate
choices against the stored meter, used and missed counts; a step whose choice still cannot be
told is reported as unknown (``None``), never guessed.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from widgets.content.conversation import Conversation

#: combinations of candidate choices replayed at most for one play-through
COMBINATIONS_MAX = 20_000


@dataclass(frozen=True)
class NodeChoice:
    """The choice made at one node of a play-through: its content index, or None when the
    stored path, meter and practices fit more than one choice (``possible`` holds those)."""

    node_id: str
    choice: int | None
    possible: frozenset[int] = frozenset()


def best_choices(conversation: Conversation, node_id: str) -> frozenset[int]:
    """The best choices of a node: those that raise the meter most (ties are all best)."""
    choices = conversation.nodes[node_id].choices
    if not choices:
        return frozenset()
    top = max(choice.meter for choice in choices)
    return frozenset(index for index, choice in enumerate(choices) if choice.meter == top)


def _candidates(conversation: Conversation, path: Sequence[str]) -> list[list[int]] | None:
    """For each step of the path, the choices that lead from its node to the next (None if
    the path does not fit the content: a node or a move the conversation no longer has)."""
    nodes = conversation.nodes
    if not path or path[0] != conversation.start or any(node not in nodes for node in path):
        return None
    steps = []
    for here, there in itertools.pairwise(path):
        found = [i for i, choice in enumerate(nodes[here].choices) if choice.goto == there]
        if not found:
            return None
        steps.append(found)
    return steps


def _replay(
    conversation: Conversation, path: Sequence[str], combination: Sequence[int]
) -> tuple[int, Counter[str], Counter[str]]:
    """The meter, used and missed practices after these choices along the path."""
    meter = conversation.meter.start
    used: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for node_id, index in zip(path, combination, strict=False):
        choice = conversation.nodes[node_id].choices[index]
        meter = max(0, min(100, meter + choice.meter))
        used.update(choice.uses)
        missed.update(choice.misses)
    return meter, used, missed


def _fits(
    replayed: tuple[int, Counter[str], Counter[str]], meter: object, used: object,
    missed: object,
) -> bool:
    """Whether a replay agrees with what was stored (what was not stored fits anything)."""
    got_meter, got_used, got_missed = replayed
    if isinstance(meter, int) and meter != got_meter:
        return False
    for stored, got in ((used, got_used), (missed, got_missed)):
        if isinstance(stored, Mapping) and Counter(
            {key: value for key, value in stored.items() if value}
        ) != got:
            return False
    return True


def choices_of_play(
    conversation: Conversation, path: Sequence[str], meter: object = None,
    used: object = None, missed: object = None,
) -> list[NodeChoice] | None:
    """The choice made at each node of a stored play-through (the nodes with choices, in
    order), or None if the path does not fit the conversation as it is now."""
    steps = _candidates(conversation, path)
    if steps is None:
        return None
    count = 1
    for found in steps:
        count *= len(found)
    possible: list[set[int]] = [set(found) for found in steps]
    if 1 < count <= COMBINATIONS_MAX:
        fitting = [
            combination for combination in itertools.product(*steps)
            if _fits(_replay(conversation, path, combination), meter, used, missed)
        ]
        if fitting:  # none fit: the content changed since; keep what the path says
            possible = [{combination[i] for combination in fitting} for i in range(len(steps))]
    return [
        NodeChoice(node_id, next(iter(options)) if len(options) == 1 else None,
                   frozenset(options))
        for node_id, options in zip(path, possible, strict=False)
    ]
