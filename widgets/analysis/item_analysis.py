"""Item analysis over learners' first tries: for every practice scenario, every conversation
node and every judgment-check item, the number of first tries, the difficulty (the share who
got it right; a judgment item's mean score / 100), the discrimination (the corrected
item-total correlation, and the point-biserial), each option's share, and flags.

It takes data objects (:class:`StoredTries`, read by :mod:`widgets.actions.analysis`) and the
course's content, never the store. The "rest" an item is correlated with is the learner's
mean over their OTHER first tries of the same section: the other scenarios, the other
conversation nodes, the other judgment items of the same stage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from widgets.analysis.conversation_paths import best_choices, choices_of_play
from widgets.analysis.judgment_forms import FormSummary, JudgmentTry, judgment_summary
from widgets.analysis.stats import corrected_item_total, difficulty, point_biserial
from widgets.content.models import Course

#: items with fewer first tries than this are listed, not flagged
MIN_TRIES = 20
FEW = "fewer than {} first tries: not flagged"
EASY_ABOVE, HARD_BELOW, WEAK_BELOW, DEAD_BELOW = 0.9, 0.2, 0.1, 0.05
TOO_EASY, TOO_HARD = "too easy", "too hard"
WEAK = "weak discrimination"
NEGATIVE = "negative discrimination: the key may be wrong"
#: what the store keeps of a conversation: said once in the report
CONVERSATION_NOTE = (
    "Conversations: the store keeps each learner's LATEST play-through (its path of nodes, "
    "final meter and practices), not the first, and not the choices themselves; a choice is "
    "read from the path and told apart by the meter and practices, and a step where it "
    "cannot be is left out (counted in the note)."
)


@dataclass(frozen=True)
class ScenarioTry:
    """A learner's first answer to a scenario: the options chosen (a ranking's in the
    learner's order) and its score, 0 to 1."""

    learner_id: str
    scenario_id: str
    option_ids: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class ConversationPlay:
    """A learner's stored play-through of a conversation (their first, where it is kept)."""

    learner_id: str
    conversation_id: str
    path: tuple[str, ...]
    meter: int | None = None
    used: dict[str, int] | None = None
    missed: dict[str, int] | None = None


@dataclass(frozen=True)
class StoredTries:
    """What the analysis reads: first answers, conversations, judgment ratings."""

    scenarios: list[ScenarioTry] = field(default_factory=list)
    conversations: list[ConversationPlay] = field(default_factory=list)
    judgment: list[JudgmentTry] = field(default_factory=list)


@dataclass(frozen=True)
class OptionShare:
    """One option's share of an item's first tries (for a ranking, the share who put it
    first; for a multiple choice, the share who chose it), whether it is keyed best and
    whether it does no work (chosen by under 5%)."""

    option_id: str
    share: float
    best: bool
    dead: bool = False
    #: the share it may have had, when some tries cannot tell it from a choice alike (a
    #: conversation's choices with the same next node, meter and practices); None if known
    up_to: float | None = None


@dataclass(frozen=True)
class ItemStats:
    """One item's row: tries, difficulty, discrimination, options, flags."""

    section: str
    item_id: str
    title: str
    tries: int
    difficulty: float | None
    discrimination: float | None
    point_biserial: float | None
    options: tuple[OptionShare, ...] = ()
    flags: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ItemAnalysis:
    """The whole analysis: item rows by section, the judgment check's forms and effects."""

    items: list[ItemStats]
    judgment: FormSummary
    min_tries: int
    notes: list[str] = field(default_factory=list)

    def section(self, name: str) -> list[ItemStats]:
        """The rows of one section ('scenario', 'conversation', 'judgment before', ...)."""
        return [row for row in self.items if row.section == name]

    def row(self, item_id: str, section: str | None = None) -> ItemStats:
        """The row of an item (KeyError if none)."""
        for row in self.items:
            if row.item_id == item_id and (section is None or row.section == section):
                return row
        raise KeyError(item_id)


@dataclass
class _Item:
    """An item's tries as they are gathered: learner -> (0/1 or score, options counted)."""

    section: str
    item_id: str
    title: str
    option_ids: tuple[str, ...]
    best: frozenset[str]
    scores: dict[str, float] = field(default_factory=dict)
    picks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: learner -> the options one of which was chosen, when it cannot be told which
    maybe: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""
    #: judgment items have no options to share out
    shares: bool = True


def _flags(stats: ItemStats, min_tries: int) -> tuple[str, ...]:
    if stats.tries < min_tries:
        return ()
    found = []
    if stats.difficulty is not None and stats.difficulty > EASY_ABOVE:
        found.append(TOO_EASY)
    if stats.difficulty is not None and stats.difficulty < HARD_BELOW:
        found.append(TOO_HARD)
    if stats.discrimination is not None:
        if stats.discrimination < 0:
            found.append(NEGATIVE)
        elif stats.discrimination < WEAK_BELOW:
            found.append(WEAK)
    found += [
        f"option {option.option_id} does no work ({option.share:.0%})"
        for option in stats.options if option.dead
    ]
    return tuple(found)


def _option_shares(item: _Item, tries: int, min_tries: int) -> tuple[OptionShare, ...]:
    """Each option's share of the item's tries (and the share it may have had)."""
    counted = {option: 0 for option in item.option_ids}
    possible = dict(counted)
    for picked in item.picks.values():
        for option in set(picked) & counted.keys():
            counted[option] += 1
            possible[option] += 1
    for alike in item.maybe.values():
        for option in set(alike) & counted.keys():
            possible[option] += 1
    return tuple(
        OptionShare(
            option, counted[option] / tries, option in item.best,
            tries >= min_tries and possible[option] / tries < DEAD_BELOW,
            possible[option] / tries if possible[option] != counted[option] else None,
        )
        for option in item.option_ids
    )


def _analyse_pool(items: Iterable[_Item], min_tries: int) -> list[ItemStats]:
    """The rows of one section: each item against the learners' other tries of it."""
    items = list(items)
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        for learner, score in item.scores.items():
            sums[learner] += score
            counts[learner] += 1
    rows = []
    for item in items:
        values, rests, totals = [], [], []
        for learner, score in item.scores.items():
            if counts[learner] > 1:  # the rest: the learner's mean over their other tries
                values.append(score)
                rests.append((sums[learner] - score) / (counts[learner] - 1))
                totals.append(sums[learner] / counts[learner])
        tries = len(item.scores)
        options: tuple[OptionShare, ...] = ()
        if item.shares and tries:
            options = _option_shares(item, tries, min_tries)
        stats = ItemStats(
            item.section, item.item_id, item.title, tries, difficulty(list(item.scores.values())),
            corrected_item_total(values, rests), point_biserial(values, totals), options,
        )
        note = item.note
        if tries < min_tries:
            note = f"{note}; {FEW.format(min_tries)}" if note else FEW.format(min_tries)
        rows.append(replace(stats, flags=_flags(stats, min_tries), note=note))
    return rows


def _scenario_items(course: Course, tries: Sequence[ScenarioTry]) -> list[_Item]:
    items: dict[str, _Item] = {}
    for scenario_id, scenario in course.scenarios.items():
        ids = tuple(option.id for option in scenario.options)
        best = frozenset(option.id for option in scenario.options if option.rating == "best")
        if scenario.kind == "ranking":  # read for its first place: the best one first
            best = frozenset({min(scenario.options, key=lambda o: o.rank or 0).id})
        items[scenario_id] = _Item("scenario", scenario_id, scenario.title, ids, best)
    for answer in tries:
        item = items.get(answer.scenario_id)
        if item is None or answer.learner_id in item.scores:
            continue  # a scenario no longer in the course, or a second first (none expected)
        scenario = course.scenarios[answer.scenario_id]
        item.scores[answer.learner_id] = 1.0 if answer.score >= 1.0 - 1e-9 else 0.0
        picked = answer.option_ids[:1] if scenario.kind == "ranking" else answer.option_ids
        item.picks[answer.learner_id] = tuple(str(option) for option in picked)
    return list(items.values())


def _conversation_items(
    course: Course, plays: Sequence[ConversationPlay]
) -> tuple[list[_Item], list[str]]:
    items: dict[tuple[str, str], _Item] = {}
    unknown: dict[tuple[str, str], int] = defaultdict(int)
    unmatched: dict[str, int] = defaultdict(int)
    for conversation_id, conversation in course.conversations.items():
        for node_id, node in conversation.nodes.items():
            if node.choices:
                ids = tuple(f"choice-{i + 1}" for i in range(len(node.choices)))
                best = frozenset(f"choice-{i + 1}" for i in best_choices(conversation, node_id))
                items[conversation_id, node_id] = _Item(
                    "conversation", f"{conversation_id}/{node_id}",
                    f"{conversation.title}: {node_id}", ids, best,
                )
    alike: dict[tuple[str, str], int] = defaultdict(int)
    for play in plays:
        conversation = course.conversations.get(play.conversation_id)
        found = None if conversation is None else choices_of_play(
            conversation, play.path, play.meter, play.used, play.missed
        )
        if found is None:
            unmatched[play.conversation_id] += 1
            continue
        for step in found:
            key = (play.conversation_id, step.node_id)
            item = items[key]
            options = tuple(f"choice-{index + 1}" for index in sorted(step.possible))
            right = {option in item.best for option in options}
            if len(right) != 1:  # alike in what was stored, not in being best: left out
                unknown[key] += 1
                continue
            item.scores[play.learner_id] = 1.0 if right == {True} else 0.0
            if step.choice is None:
                alike[key] += 1
                item.maybe[play.learner_id] = options
            else:
                item.picks[play.learner_id] = options
    for key, item in items.items():
        item.note = "; ".join(filter(None, [
            f"{alike[key]} chose among choices alike (same next node, meter, practices): "
            "shares as a range" if alike[key] else "",
            f"{unknown[key]} play(s) passed here with a choice that cannot be told: left out"
            if unknown[key] else "",
        ]))
    notes = [
        f"{count} stored play-through(s) of {name} no longer fit the conversation: left out"
        for name, count in sorted(unmatched.items())
    ]
    return list(items.values()), notes


def _judgment_items(course: Course, ratings: Sequence[JudgmentTry]) -> list[list[_Item]]:
    check = course.judgment
    pools: dict[str, dict[str, _Item]] = defaultdict(dict)
    for rating in ratings:
        pool = pools[rating.stage]
        item = pool.get(rating.item_id)
        if item is None:
            content = check.item(rating.item_id) if check is not None else None
            title = content.title if content is not None else rating.item_id
            item = pool[rating.item_id] = _Item(
                f"judgment {rating.stage}", rating.item_id, f"form {rating.form}: {title}", (),
                frozenset(), shares=False,
            )
        item.scores.setdefault(rating.learner_id, rating.score / 100.0)
    order = {
        item.id: (form, position) for form, items in (check.forms if check else {}).items()
        for position, item in enumerate(items)
    }

    def place(item: _Item) -> tuple:
        return (*order.get(item.item_id, ("~", 0)), item.item_id)

    return [sorted(pools[stage].values(), key=place) for stage in sorted(pools, key=_stage_order)]


def _stage_order(stage: str) -> tuple[int, str]:
    order = ("before", "after", "follow-up")
    return (order.index(stage) if stage in order else len(order), stage)


def analyse(course: Course, stored: StoredTries, min_tries: int = MIN_TRIES) -> ItemAnalysis:
    """The item analysis of what is stored, against the course's content."""
    rows = _analyse_pool(_scenario_items(course, stored.scenarios), min_tries)
    conversation_items, notes = _conversation_items(course, stored.conversations)
    rows += _analyse_pool(conversation_items, min_tries)
    for pool in _judgment_items(course, stored.judgment):
        rows += _analyse_pool(pool, min_tries)
    check = course.judgment
    summary = judgment_summary(stored.judgment, check)
    return ItemAnalysis(rows, summary, min_tries, [CONVERSATION_NOTE, *notes])
