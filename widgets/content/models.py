"""Typed models of the course content: practices, scenarios, exercises, workshops, modules.

Content lives in YAML under ``content/``; :mod:`widgets.content.loader` parses it and
validates it into these models, so widgets never see raw dictionaries.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from widgets.content.base import (  # noqa: F401 - the shared types are part of this API
    RATING_POINTS,
    SLUG_PATTERN,
    SLUG_RE,
    Rating,
    Relationship,
    StrictModel,
)
from widgets.content.conversation import (  # noqa: F401 - so is the conversation graph
    Choice,
    Conversation,
    Ending,
    Meter,
    Node,
    Person,
    graph_problems,
)
from widgets.content.judgment import JudgmentCheck
from widgets.content.kinds import KINDS, QuestionKind, kind_of


class Practice(StrictModel):
    """One of the course's practices (or its foundations)."""

    id: str = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    #: everyday situations a learner can pick for the "when" of an if-then plan
    situations: tuple[Annotated[str, Field(min_length=10, max_length=200)], ...] = ()


class Option(StrictModel):
    """An answer option with its rating and the feedback that explains it.

    ``id`` names the option for good: stored answers keep it, so history and scores stay
    right whatever order the option is shown in and wherever it moves in the file.
    """

    id: str = Field(pattern=SLUG_PATTERN)
    text: str = Field(min_length=1)
    rating: Rating
    feedback: str = Field(min_length=1)
    #: the option's place in the key of a question that orders its options (1 = first)
    rank: int | None = Field(default=None, ge=1, le=9)


class Scenario(StrictModel):
    """A short workplace situation with a question and rated options."""

    id: str = Field(pattern=SLUG_PATTERN)
    practice: str = Field(min_length=1)
    kind: str = "single"
    setting: str = Field(min_length=1)
    relationship: Relationship
    title: str = Field(min_length=1)
    situation: str = Field(min_length=1)
    question: str = Field(min_length=1)
    options: tuple[Option, ...]
    discussion: tuple[str, ...] = ()

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in KINDS:
            raise ValueError(f"unknown question kind {kind!r}; one of {', '.join(KINDS)}")
        return kind

    @field_validator("options")
    @classmethod
    def _distinct_ids(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        ids = [option.id for option in options]
        repeated = sorted({option_id for option_id in ids if ids.count(option_id) > 1})
        if repeated:
            raise ValueError(f"option id {', '.join(repeated)} is used twice")
        return options

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Scenario:
        kind = self.question_kind
        if not kind.fewest_options <= len(self.options) <= kind.most_options:
            joined = "or" if kind.most_options == kind.fewest_options + 1 else "to"
            raise ValueError(
                f"options: needs {kind.fewest_options} {joined} {kind.most_options} options, "
                f"found {len(self.options)}"
            )
        problems = kind.problems(self.options)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def question_kind(self) -> QuestionKind:
        """What kind of question this is (how it is checked, answered, scored, summarised)."""
        return kind_of(self.kind)

    def option_ids(self, selected: tuple[int, ...] | list[int]) -> tuple[str, ...]:
        """The ids of the options at these indices, as the kind keeps an answer (content order
        for a choice, the learner's order for a ranking)."""
        return tuple(self.options[index].id for index in self.question_kind.normalise(selected))

    def indices_of(self, option_ids: tuple[str, ...] | list[str]) -> tuple[int, ...]:
        """The indices of the options with these ids, in the answer's order (unknown ids are
        left out)."""
        index = {option.id: position for position, option in enumerate(self.options)}
        return self.question_kind.normalise(
            [index[option_id] for option_id in option_ids if option_id in index]
        )

    def score(self, selected: tuple[int, ...] | list[int]) -> float:
        """Score an answer (option indices) between 0 and 1."""
        return self.question_kind.score(self.options, selected)


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
    conversation: str | None = None
    exercises: tuple[str, ...] = ()
    reflections: tuple[Reflection, ...] = ()


# -- practice exercises ---------------------------------------------------------------------


class PauseExercise(StrictModel):
    """A provocative message; the reply box opens only after a pause."""

    kind: Literal["pause"]
    id: str = Field(pattern=SLUG_PATTERN)
    practice: str = Field(min_length=1)
    title: str = Field(min_length=1)
    sender: Person
    channel: str = Field(min_length=1)
    message: str = Field(min_length=1)
    pause_seconds: float = Field(default=3.0, ge=1, le=30)
    reactive_reply: str = Field(min_length=1)
    reactive_why: str = Field(min_length=1)
    considered_reply: str = Field(min_length=1)
    considered_why: str = Field(min_length=1)


class SituationCheck(StrictModel):
    """A check that belongs to one exercise: the reply names what this situation calls for
    (the detail to mention, the question to ask), so one template cannot pass every exercise."""

    id: str = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    #: words or phrases, any one of which passes; ``*`` ends a stem ("apolog*")
    any_of: tuple[str, ...] = Field(min_length=1)
    #: why it matters, shown when the reply has none of them
    why: str = Field(min_length=1)


class ReplyExercise(StrictModel):
    """A situation the learner drafts a reply to, checked by the reply coach's rules and by
    checks specific to the situation."""

    kind: Literal["reply"]
    id: str = Field(pattern=SLUG_PATTERN)
    practice: str = Field(min_length=1)
    title: str = Field(min_length=1)
    person: Person
    situation: str = Field(min_length=1)
    message: str = Field(min_length=1)
    checks: tuple[str, ...] = ()
    situation_checks: tuple[SituationCheck, ...] = Field(min_length=1)
    example_reply: str = Field(min_length=1)


class TeamMember(StrictModel):
    """Someone the learner meets in a name-recall exercise."""

    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    detail: str = Field(min_length=1)
    greeting: str = Field(min_length=1)


class NameRecallExercise(StrictModel):
    """Meet a small team, then greet each by name and recall their detail."""

    kind: Literal["names"]
    id: str = Field(pattern=SLUG_PATTERN)
    practice: str = Field(min_length=1)
    title: str = Field(min_length=1)
    introduction: str = Field(min_length=1)
    team: tuple[TeamMember, ...] = Field(min_length=3, max_length=8)

    @model_validator(mode="after")
    def _roles_and_details_differ(self) -> NameRecallExercise:
        for field in ("role", "detail", "name"):
            values = [getattr(member, field).casefold() for member in self.team]
            if len(set(values)) != len(values):
                raise ValueError(f"team: two members share the same {field}")
        return self


Exercise = Annotated[
    PauseExercise | ReplyExercise | NameRecallExercise, Field(discriminator="kind")
]


# -- self-assessment ------------------------------------------------------------------------


class LikertItem(StrictModel):
    """One statement the learner rates, about a practice or a barrier."""

    id: str = Field(pattern=SLUG_PATTERN)
    group: Literal["practice", "barrier"]
    label: str = Field(min_length=1)
    statement: str = Field(min_length=1)


class SelfAssessment(StrictModel):
    """Likert items taken at the start of the course and again at the end."""

    scale: tuple[str, ...] = Field(min_length=3, max_length=7)
    items: tuple[LikertItem, ...] = Field(min_length=1)

    @field_validator("items")
    @classmethod
    def _unique_ids(cls, items: tuple[LikertItem, ...]) -> tuple[LikertItem, ...]:
        ids = [item.id for item in items]
        duplicates = sorted({item for item in ids if ids.count(item) > 1})
        if duplicates:
            raise ValueError(f"duplicate item id {', '.join(duplicates)}")
        return items


# -- facilitator workshops ------------------------------------------------------------------


class RolePart(StrictModel):
    """One side of a role-play card."""

    role: str = Field(min_length=1)
    brief: str = Field(min_length=1)


class RolePlayCard(StrictModel):
    """A pair role-play: the situation and a brief for each partner."""

    id: str = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    practice: str = Field(min_length=1)
    situation: str = Field(min_length=1)
    partner_a: RolePart
    partner_b: RolePart
    debrief: tuple[str, ...] = ()


class Segment(StrictModel):
    """A timed part of a workshop agenda."""

    id: str = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    minutes: int = Field(ge=1, le=90)
    kind: Literal["opening", "teach", "scenarios", "role-play", "reflection", "break", "close"]
    notes: str = Field(min_length=1)
    questions: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()


class Workshop(StrictModel):
    """A facilitator's plan: segments that add up to the workshop's length, cards, worksheet."""

    id: str = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    minutes: int = Field(ge=15, le=240)
    summary: str = Field(min_length=1)
    segments: tuple[Segment, ...] = Field(min_length=1)
    role_play_cards: tuple[RolePlayCard, ...] = ()
    worksheet: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _segments_fill_the_time(self) -> Workshop:
        total = sum(segment.minutes for segment in self.segments)
        if total != self.minutes:
            raise ValueError(
                f"segments: durations add up to {total} minutes, not the workshop's "
                f"{self.minutes}"
            )
        cards = {card.id for card in self.role_play_cards}
        for index, segment in enumerate(self.segments):
            for card in segment.cards:
                if card not in cards:
                    raise ValueError(
                        f"segments[{index}].cards: no role-play card '{card}' in this file"
                    )
        return self

    def scenario_ids(self) -> tuple[str, ...]:
        """Every scenario the workshop uses, in agenda order, once each."""
        return tuple(dict.fromkeys(s for segment in self.segments for s in segment.scenarios))


class Course(StrictModel):
    """The whole course after loading: practices, scenarios by id, modules in order."""

    title: str
    practices: dict[str, Practice]
    settings: dict[str, str]
    scenarios: dict[str, Scenario]
    modules: tuple[Module, ...]
    conversations: dict[str, Conversation] = Field(default_factory=dict)
    exercises: dict[str, Exercise] = Field(default_factory=dict)
    self_assessment: SelfAssessment | None = None
    workshops: dict[str, Workshop] = Field(default_factory=dict)
    #: the judgment check (``content/judgment_check.yaml``), or None when there is none
    judgment: JudgmentCheck | None = None

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
