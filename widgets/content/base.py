"""The base of every content model, and the small types they share."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

Rating = Literal["best", "partial", "miss"]
Relationship = Literal[
    "manager-report",
    "peers",
    "emerging-senior",
    "leader-new-hire",
    "leader-team",
]

#: Points an option is worth in a single-choice question.
RATING_POINTS: dict[str, float] = {"best": 1.0, "partial": 0.5, "miss": 0.0}

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)


class StrictModel(BaseModel):
    """Base for content models: unknown keys are an error, strings are trimmed."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True
    )
