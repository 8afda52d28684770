"""Typed models of the course content: practices, scenarios, modules.

Content lives in YAML under ``content/``; :mod:`widgets.content` parses it and
validates it into these models, so widgets never see raw dictionaries.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Rating = Literal["best", "partial", "miss"]
QuestionKind = Literal["single", "multiple"]
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


class StrictModel(BaseModel):
    """Base for content models: unknown keys are an error, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Practice(StrictModel):
    """One of the course's practices (or its foundations)."""

    id: str = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)


class Option(StrictModel):
    """An answer option with its rating and the feedback that explains it."""

    text: str = Field(min_length=1)
    rating: Rating
    feedback: str = Field(min_length=1)


class Scenario(StrictModel):
    """A short workplace situation with a question and rated options."""

    id: str = Field(pattern=SLUG_PATTERN)
    practice: str = Field(min_length=1)
    kind: QuestionKind = "single"
    setting: str = Field(min_length=1)
    relationship: Relationship
    title: str = Field(min_length=1)
    situation: str = Field(min_length=1)
    question: str = Field(min_length=1)
    options: tuple[Option, ...]
    discussion: tuple[str, ...] = ()

    @field_validator("options")
    @classmethod
    def _three_or_four_options(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        if not 3 <= len(options) <= 4:
            raise ValueError(f"needs 3 or 4 options, found {len(options)}")
        return options

    @model_validator(mode="after")
    def _ratings_fit_kind(self) -> Scenario:
        ratings = [option.rating for option in self.options]
        if "best" not in ratings:
            raise ValueError("options: at least one option must be rated 'best'")
        if self.kind == "single" and ratings.count("best") > 1:
            raise ValueError("options: a single-choice scenario has exactly one 'best' option")
        if self.kind == "multiple" and "partial" in ratings:
            raise ValueError(
                "options: a multiple-choice scenario rates each option 'best' "
                "(choose it) or 'miss' (leave it)"
            )
        return self

    def score(self, selected: tuple[int, ...] | list[int]) -> float:
        """Score a set of selected option indices between 0 and 1."""
        chosen = set(selected)
        if self.kind == "single":
            if len(chosen) != 1:
                return 0.0
            return RATING_POINTS[self.options[next(iter(chosen))].rating]
        right = sum(
            (index in chosen) == (option.rating == "best")
            for index, option in enumerate(self.options)
        )
        return right / len(self.options)


class Reflection(StrictModel):
    """A reflection prompt a learner answers in their own words."""

    id: str = Field(pattern=SLUG_PATTERN)
    prompt: str = Field(min_length=1)
    hint: str = ""


class Module(StrictModel):
    """A course module: one notebook, its scenarios and reflection prompts."""

    id: str = Field(pattern=SLUG_PATTERN)
    order: int = Field(ge=0)
    title: str = Field(min_length=1)
    practice: str | None = None
    notebook: str = Field(pattern=r"^[A-Za-z0-9_\-]+\.ipynb$")
    minutes: int = Field(ge=1, le=240)
    summary: str = Field(min_length=1)
    scenarios: tuple[str, ...] = ()
    reflections: tuple[Reflection, ...] = ()


class Course(StrictModel):
    """The whole course after loading: practices, scenarios by id, modules in order."""

    title: str
    practices: dict[str, Practice]
    settings: dict[str, str]
    scenarios: dict[str, Scenario]
    modules: tuple[Module, ...]

    def module(self, module_id: str) -> Module:
        """The module with this id (KeyError if there is none)."""
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(module_id)

    def module_scenarios(self, module_id: str) -> list[Scenario]:
        """The scenarios a module lists, in its order."""
        return [self.scenarios[sid] for sid in self.module(module_id).scenarios]

    def next_module(self, module_id: str) -> Module | None:
        """The module after this one, or None for the last."""
        ids = [module.id for module in self.modules]
        position = ids.index(module_id)
        return self.modules[position + 1] if position + 1 < len(self.modules) else None
