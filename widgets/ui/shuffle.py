"""Stable shuffles: the order a learner (or a workshop room) sees options and choices in.

The order comes from a hash of a seed (the learner's id, or a room's code) and the item
(scenario, or conversation and node), so it differs between learners, stays the same for one
learner on every visit and device, and needs nothing stored. Answers are kept by option id,
never by position, so the order shown never changes what an answer means.
"""

from __future__ import annotations

import hashlib
import random


def stable_order(count: int, *seed_parts: str) -> tuple[int, ...]:
    """A permutation of ``range(count)`` that depends only on ``seed_parts``.

    ``result[position]`` is the content index of the item shown at ``position``.
    """
    digest = hashlib.sha256("\x1f".join(seed_parts).encode("utf-8")).digest()
    order = list(range(count))
    random.Random(digest).shuffle(order)
    return tuple(order)


def room_order(room_code: str, option_count: int, scenario_id: str) -> tuple[int, ...]:
    """The one order everybody in a workshop room, the dashboard included, sees."""
    return stable_order(option_count, "room", room_code, scenario_id)
