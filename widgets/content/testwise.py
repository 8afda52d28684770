"""The test-wise reader: a model that knows nothing about leadership and picks options by
their surface alone (:mod:`widgets.content.surface_features`).

It is fitted on every item but one and asked to pick in the held-out one (leave one item out;
for conversations, leave one conversation out), for single-choice scenarios, "choose all that
apply" scenarios and conversation nodes; and for the judgment check's items, read as single
choice (the best is the top-rated response), fitted on the scenarios and the other items.
If it beats chance, the content has tells: a learner can score without the skill.
:func:`read_course` runs it; :mod:`widgets.content.quality` prints it and gates ``make test``
on it.

The model is a conditional logit (a softmax over an item's options) on features centred
within each item, so it learns "the best option is the one with more of this than its
neighbours", which is how a test-wise person reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from widgets.content.conversation import Conversation, best_ending
from widgets.content.judgment import JudgmentCheck
from widgets.content.models import Course
from widgets.content.surface_features import (
    FEATURES,
    Context,
    item_features,
    lowercase_vocabulary,
    names_in,
)

#: the group (and the report's line) of the judgment check's items
JUDGMENT_GROUP = "judgment check"
#: ridge penalty of the reader (features are standardised, the loss is a mean over items)
PENALTY = 1.0
NEWTON_STEPS = 25


@dataclass
class Item:
    """One question as the reader sees it: a feature row per option and which are best."""

    id: str
    group: str
    kind: str  # "single", "multiple" or "node"
    features: np.ndarray
    best: np.ndarray  # bool per option
    gotos: tuple[str, ...] = ()  # conversation nodes: where each choice leads

    def centred(self) -> np.ndarray:
        return self.features - self.features.mean(axis=0)

    def target(self) -> np.ndarray:
        return self.best / self.best.sum()


def scenario_items(course: Course, vocabulary: set[str]) -> list[Item]:
    """Every scenario of the course as a reader item."""
    items = []
    for scenario in course.scenarios.values():
        context = Context(
            f"{scenario.situation} {scenario.question}",
            frozenset(names_in(scenario.situation, vocabulary)),
        )
        texts = [option.text for option in scenario.options]
        items.append(Item(
            id=scenario.id,
            group=scenario.practice,
            kind=scenario.question_kind.reader_kind,
            features=np.array(item_features(texts, context)),
            best=np.array([option.rating == "best" for option in scenario.options]),
        ))
    return items


def judgment_items(check: JudgmentCheck, vocabulary: set[str]) -> list[Item]:
    """Every item of both forms of the judgment check as a single-choice reader item: its
    best option is the one the key rates highest."""
    items = []
    for form in check.forms.values():
        for item in form:
            context = Context(
                f"{item.situation} {item.question}",
                frozenset(names_in(item.situation, vocabulary)),
            )
            items.append(Item(
                id=item.id,
                group=JUDGMENT_GROUP,
                kind="single",
                features=np.array(item_features([o.text for o in item.options], context)),
                best=np.array([index == item.best for index in range(len(item.options))]),
            ))
    return items


def conversation_items(conversation: Conversation, vocabulary: set[str]) -> dict[str, Item]:
    """The choice nodes of a conversation as reader items, by node key; the best choices
    are the ones that raise the meter most."""
    items = {}
    person = set(names_in(conversation.person.name, set()))
    for key, node in conversation.nodes.items():
        if not node.choices:
            continue
        context = Context(node.says, frozenset(person | names_in(node.says, vocabulary)))
        meters = [choice.meter for choice in node.choices]
        items[key] = Item(
            id=f"{conversation.id}:{key}",
            group=conversation.id,
            kind="node",
            features=np.array(item_features([c.text for c in node.choices], context)),
            best=np.array([meter == max(meters) for meter in meters]),
            gotos=tuple(choice.goto for choice in node.choices),
        )
    return items


def course_vocabulary(course: Course) -> set[str]:
    """Words the course writes in lower case somewhere (a capitalised word that never is
    written so is taken as a name)."""
    texts = []
    for scenario in course.scenarios.values():
        texts += [scenario.situation, scenario.question]
        texts += [o.text for o in scenario.options] + [o.feedback for o in scenario.options]
    for conversation in course.conversations.values():
        texts.append(conversation.you)
        for node in conversation.nodes.values():
            texts.append(node.says)
            texts += [c.text for c in node.choices] + [c.note for c in node.choices]
    if course.judgment is not None:
        for form in course.judgment.forms.values():
            for item in form:
                texts += [item.situation, item.question]
                texts += [o.text for o in item.options] + [o.rationale for o in item.options]
    return lowercase_vocabulary(texts)


# -- the model ----------------------------------------------------------------------------


@dataclass
class Reader:
    """A fitted reader: a weight per standardised feature."""

    weights: np.ndarray
    scale: np.ndarray

    def scores(self, item: Item) -> np.ndarray:
        return (item.centred() / self.scale) @ self.weights

    def pick(self, item: Item) -> int:
        return int(np.argmax(self.scores(item)))


def fit(items: list[Item], penalty: float = PENALTY) -> Reader:
    """Fit the conditional logit on ``items`` by Newton's method (ridge-penalised)."""
    centred = [item.centred() for item in items]
    stacked = np.vstack(centred)
    scale = stacked.std(axis=0)
    scale[scale < 1e-9] = 1.0
    matrices = [x / scale for x in centred]
    targets = [item.target() for item in items]
    weights = np.zeros(len(FEATURES))
    count = len(items)
    for _ in range(NEWTON_STEPS):
        gradient = penalty * weights
        hessian = penalty * np.eye(len(FEATURES))
        for x, target in zip(matrices, targets, strict=True):
            logits = x @ weights
            p = np.exp(logits - logits.max())
            p /= p.sum()
            gradient += x.T @ (p - target) / count
            hessian += x.T @ (np.diag(p) - np.outer(p, p)) @ x / count
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return Reader(weights, scale)


# -- results ------------------------------------------------------------------------------


@dataclass
class Tally:
    """How often the reader found the best option, against chance, in a group of items."""

    name: str
    items: int = 0
    hits: float = 0.0
    chance: float = 0.0

    def add(self, hit: float, chance: float) -> None:
        self.items += 1
        self.hits += hit
        self.chance += chance

    @property
    def rate(self) -> float:
        return self.hits / self.items if self.items else 0.0

    @property
    def chance_rate(self) -> float:
        return self.chance / self.items if self.items else 0.0

    @property
    def lift(self) -> float:
        return self.rate - self.chance_rate


@dataclass
class Tell:
    """A single feature: how often it marks the best option, and how often the others."""

    feature: str
    best_rate: float
    other_rate: float

    @property
    def gap(self) -> float:
        return self.best_rate - self.other_rate


@dataclass
class ConversationRead:
    """The reader on one held-out conversation."""

    id: str
    nodes: Tally
    reaches_best_ending: bool


@dataclass
class ReaderReport:
    """Everything the test-wise reader found."""

    single: Tally
    single_by_practice: dict[str, Tally]
    multiple: Tally  # hits are options decided right; chance is 0.5 each
    multiple_by_practice: dict[str, Tally]
    nodes: Tally
    conversations: list[ConversationRead]
    #: the judgment check's items, read as single choice (none when there is no check)
    judgment: Tally = field(default_factory=lambda: Tally(JUDGMENT_GROUP))
    scenario_tells: list[Tell] = field(default_factory=list)
    conversation_tells: list[Tell] = field(default_factory=list)
    judgment_tells: list[Tell] = field(default_factory=list)
    #: per held-out item: its id and the share of it the reader got right
    picks: list[tuple[str, float]] = field(default_factory=list)

    @property
    def best_endings_reached(self) -> list[str]:
        return [c.id for c in self.conversations if c.reaches_best_ending]


def _marks(item: Item) -> np.ndarray:
    """Per feature and option: does this option hold the item's highest value of the feature
    (and is that value not shared by every option)?"""
    values = item.features
    top = values.max(axis=0)
    return (values == top) & (top > values.min(axis=0))


def single_feature_tells(items: list[Item]) -> list[Tell]:
    """Every feature's marking rate among best and other options, strongest gap first."""
    best_marked = np.zeros(len(FEATURES))
    other_marked = np.zeros(len(FEATURES))
    best_count = other_count = 0
    for item in items:
        marks = _marks(item)
        best_marked += marks[item.best].sum(axis=0)
        other_marked += marks[~item.best].sum(axis=0)
        best_count += int(item.best.sum())
        other_count += int((~item.best).sum())
    tells = [
        Tell(name, best_marked[i] / max(1, best_count), other_marked[i] / max(1, other_count))
        for i, name in enumerate(FEATURES)
    ]
    return sorted(tells, key=lambda tell: -abs(tell.gap))


def _play(conversation: Conversation, items: dict[str, Item], reader: Reader) -> str:
    key = conversation.start
    for _ in range(len(conversation.nodes) + 1):
        if key not in items:
            return key
        key = items[key].gotos[reader.pick(items[key])]
    return key


def read_course(course: Course, penalty: float = PENALTY) -> ReaderReport:
    """Run the test-wise reader over the course, every item held out in turn."""

    vocabulary = course_vocabulary(course)
    scenarios = scenario_items(course, vocabulary)
    single, multiple = Tally("overall"), Tally("overall")
    picks: list[tuple[str, float]] = []
    single_groups: dict[str, Tally] = defaultdict(lambda: Tally(""))
    multiple_groups: dict[str, Tally] = defaultdict(lambda: Tally(""))
    for index, item in enumerate(scenarios):
        reader = fit(scenarios[:index] + scenarios[index + 1:], penalty)
        if item.kind == "single":
            hit = float(item.best[reader.pick(item)])
            chance = 1 / len(item.best)
            single.add(hit, chance)
            single_groups[item.group].add(hit, chance)
            picks.append((item.id, hit))
        else:
            others = [s for s in scenarios if s.kind == "multiple" and s is not item]
            ticks = round(np.mean([s.best.sum() for s in others])) if others else 1
            chosen = np.zeros(len(item.best), dtype=bool)
            chosen[np.argsort(-reader.scores(item), kind="stable")[:max(1, ticks)]] = True
            for right in chosen == item.best:
                multiple.add(float(right), 0.5)
                multiple_groups[item.group].add(float(right), 0.5)
            picks.append((item.id, float((chosen == item.best).mean())))
    conversations = list(course.conversations.values())
    node_items = {c.id: conversation_items(c, vocabulary) for c in conversations}
    nodes = Tally("overall")
    reads = []
    for conversation in conversations:
        training = [
            item for other in conversations if other.id != conversation.id
            for item in node_items[other.id].values()
        ]
        held_out = node_items[conversation.id]
        tally = Tally(conversation.id)
        if training:
            reader = fit(training, penalty)
            for item in held_out.values():
                hit = float(item.best[reader.pick(item)])
                chance = item.best.sum() / len(item.best)
                tally.add(hit, chance)
                nodes.add(hit, chance)
                picks.append((item.id, hit))
            reached = _play(conversation, held_out, reader) == best_ending(conversation)
        else:
            reached = False
        reads.append(ConversationRead(conversation.id, tally, reached))
    for name, tally in [*single_groups.items(), *multiple_groups.items()]:
        tally.name = name
    judgment = Tally(JUDGMENT_GROUP)
    checks = judgment_items(course.judgment, vocabulary) if course.judgment else []
    singles = [item for item in scenarios if item.kind == "single"]
    for index, item in enumerate(checks):
        # fitted on the single-choice scenarios and every other item of the check
        reader = fit(singles + checks[:index] + checks[index + 1:], penalty)
        hit = float(item.best[reader.pick(item)])
        judgment.add(hit, 1 / len(item.best))
        picks.append((item.id, hit))
    all_nodes = [item for items in node_items.values() for item in items.values()]
    return ReaderReport(
        single=single,
        single_by_practice=dict(single_groups),
        multiple=multiple,
        multiple_by_practice=dict(multiple_groups),
        nodes=nodes,
        conversations=reads,
        judgment=judgment,
        scenario_tells=single_feature_tells(scenarios),
        conversation_tells=single_feature_tells(all_nodes),
        judgment_tells=single_feature_tells(checks) if checks else [],
        picks=picks,
    )
