"""The content-quality report: can a learner pass without judgment?

It measures the tells item-writing guidance warns about: the right option being the longest,
sitting in one position, or (in "choose all that apply") being exactly the longest few; and in
conversations, the best choice being the longest. ``python -m widgets validate --quality``
prints it, and fails when the shipped content crosses :data:`LIMITS`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from widgets.content.models import RATING_POINTS, Conversation, Course, Scenario

#: Gates ``make test`` enforces on the shipped content.
LIMITS = {
    # "always pick the longest option" over all single-choice scenarios
    "always_longest_single": 0.55,
    # conversations in which always picking the longest choice reaches the best ending
    "longest_reaches_best_ending": 2,
    # multi-selects whose right answers are exactly the k longest options
    "multi_length_tell": 0,
}


def _longest(texts: list[str]) -> int:
    lengths = [len(text) for text in texts]
    return lengths.index(max(lengths))


def always_longest_score(scenario: Scenario) -> float:
    """The score of a learner who always picks the longest option (single choice)."""
    chosen = _longest([option.text for option in scenario.options])
    return RATING_POINTS[scenario.options[chosen].rating]


def multi_length_tell(scenario: Scenario) -> bool:
    """True when a multi-select's right answers are exactly its k longest options."""
    right = {i for i, option in enumerate(scenario.options) if option.rating == "best"}
    by_length = sorted(
        range(len(scenario.options)), key=lambda i: -len(scenario.options[i].text)
    )
    return set(by_length[: len(right)]) == right


def _best_choice(node_choices) -> int:
    meters = [choice.meter for choice in node_choices]
    return meters.index(max(meters))


def _play(conversation: Conversation, pick) -> str:
    key = conversation.start
    for _ in range(len(conversation.nodes) + 1):
        node = conversation.nodes[key]
        if not node.choices:
            return key
        key = node.choices[pick(node.choices)].goto
    return key


def best_ending(conversation: Conversation) -> str:
    """The ending reached with the highest meter (over every path)."""
    best: dict[str, int] = {}

    def walk(key: str, meter: int) -> None:
        node = conversation.nodes[key]
        if not node.choices:
            best[key] = max(best.get(key, -10**6), meter)
            return
        for choice in node.choices:
            walk(choice.goto, max(0, min(100, meter + choice.meter)))

    walk(conversation.start, conversation.meter.start)
    return max(best, key=lambda key: best[key])


@dataclass
class ConversationQuality:
    """Length and position tells of one conversation."""

    id: str
    choice_nodes: int
    two_choice_nodes: int
    best_is_longest: int
    best_is_first: int
    longest_reaches_best: bool
    first_reaches_best: bool


def conversation_quality(conversation: Conversation) -> ConversationQuality:
    """Measure one conversation."""
    nodes = [node for node in conversation.nodes.values() if node.choices]
    target = best_ending(conversation)
    return ConversationQuality(
        id=conversation.id,
        choice_nodes=len(nodes),
        two_choice_nodes=sum(1 for node in nodes if len(node.choices) == 2),
        best_is_longest=sum(
            1 for node in nodes
            if _best_choice(node.choices) == _longest([c.text for c in node.choices])
        ),
        best_is_first=sum(1 for node in nodes if _best_choice(node.choices) == 0),
        longest_reaches_best=_play(
            conversation, lambda choices: _longest([c.text for c in choices])
        ) == target,
        first_reaches_best=_play(conversation, lambda choices: 0) == target,
    )


@dataclass
class GroupQuality:
    """The scenario tells of one practice (or the whole course)."""

    name: str
    singles: int = 0
    longest_points: float = 0.0
    best_positions: Counter = field(default_factory=Counter)
    best_shortest: int = 0
    multis: int = 0
    multi_tells: int = 0
    multi_right_counts: Counter = field(default_factory=Counter)

    @property
    def always_longest(self) -> float:
        """Share of the points "always pick the longest" earns on single-choice items."""
        return self.longest_points / self.singles if self.singles else 0.0

    def add(self, scenario: Scenario) -> None:
        """Count one scenario."""
        if scenario.kind == "single":
            self.singles += 1
            self.longest_points += always_longest_score(scenario)
            ratings = [option.rating for option in scenario.options]
            best = ratings.index("best")
            self.best_positions[best] += 1
            lengths = [len(option.text) for option in scenario.options]
            self.best_shortest += lengths[best] == min(lengths)
        else:
            self.multis += 1
            self.multi_tells += multi_length_tell(scenario)
            self.multi_right_counts[
                sum(1 for option in scenario.options if option.rating == "best")
            ] += 1


@dataclass
class QualityReport:
    """Every measure, per practice and overall."""

    groups: list[GroupQuality]
    overall: GroupQuality
    conversations: list[ConversationQuality]

    def failures(self) -> list[str]:
        """What crosses :data:`LIMITS`, in plain sentences (empty when all is well)."""
        problems = []
        if self.overall.always_longest > LIMITS["always_longest_single"]:
            problems.append(
                f"always picking the longest option scores {self.overall.always_longest:.0%} "
                f"on single-choice scenarios (limit {LIMITS['always_longest_single']:.0%})"
            )
        reached = [c.id for c in self.conversations if c.longest_reaches_best]
        if len(reached) > LIMITS["longest_reaches_best_ending"]:
            problems.append(
                f"always picking the longest choice reaches the best ending in {len(reached)} "
                f"conversations ({', '.join(reached)}; limit "
                f"{LIMITS['longest_reaches_best_ending']})"
            )
        if self.overall.multi_tells > LIMITS["multi_length_tell"]:
            problems.append(
                f"{self.overall.multi_tells} 'choose all that apply' scenarios have exactly "
                "their longest options as the right answers"
            )
        return problems

    def text(self) -> str:
        """The report as a plain-text table."""
        lines = [
            "Scenario tells (single choice: score of always picking the longest option, "
            "where the best option sits in the file, how often it is the shortest; "
            "choose all that apply: how many right answers, how many are the k longest)",
            f"{'practice':<14}{'single':>7}{'longest':>9}  {'best at A/B/C/D':<17}"
            f"{'shortest':>9}{'multi':>7}{'right':>12}{'k longest':>11}",
        ]
        for group in [*self.groups, self.overall]:
            positions = "/".join(str(group.best_positions.get(i, 0)) for i in range(4))
            rights = ",".join(
                f"{k}x{n}" for k, n in sorted(group.multi_right_counts.items())
            ) or "-"
            lines.append(
                f"{group.name:<14}{group.singles:>7}{group.always_longest:>9.0%}  "
                f"{positions:<17}{group.best_shortest:>9}{group.multis:>7}{rights:>12}"
                f"{group.multi_tells:>11}"
            )
        lines += [
            "",
            "Conversation tells (choice nodes, nodes with only two choices, nodes where the "
            "best choice is the longest / the first, and whether always picking the longest / "
            "the first reaches the best ending)",
            f"{'conversation':<28}{'nodes':>6}{'two':>5}{'longest':>9}{'first':>7}"
            f"{'longest->best':>15}{'first->best':>13}",
        ]
        for item in self.conversations:
            lines.append(
                f"{item.id:<28}{item.choice_nodes:>6}{item.two_choice_nodes:>5}"
                f"{item.best_is_longest:>9}{item.best_is_first:>7}"
                f"{'yes' if item.longest_reaches_best else 'no':>15}"
                f"{'yes' if item.first_reaches_best else 'no':>13}"
            )
        failures = self.failures()
        lines.append("")
        lines.extend(f"FAIL: {failure}" for failure in failures)
        if not failures:
            lines.append("Quality gates pass.")
        return "\n".join(lines)


def quality_report(course: Course) -> QualityReport:
    """Measure every scenario and conversation of the course."""
    groups = {pid: GroupQuality(pid) for pid in course.practices}
    overall = GroupQuality("overall")
    for scenario in course.scenarios.values():
        groups.setdefault(scenario.practice, GroupQuality(scenario.practice)).add(scenario)
        overall.add(scenario)
    return QualityReport(
        groups=list(groups.values()),
        overall=overall,
        conversations=[conversation_quality(c) for c in course.conversations.values()],
    )
