"""The content-quality report: can a learner pass without judgment?

It measures the tells item-writing guidance warns about: the right option being the longest,
sitting in one position, or (in "choose all that apply") being exactly the longest few; and in
conversations, the best choice being the longest. Then the test-wise reader
(:mod:`widgets.content.testwise`), a model of every surface feature at once, tries to pass
without judgment. ``python -m widgets validate --quality`` prints it, and fails when the
shipped content crosses :data:`LIMITS`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from widgets.content.conversation import best_ending
from widgets.content.models import RATING_POINTS, Conversation, Course, Scenario
from widgets.content.testwise import ReaderReport, Tally, read_course

#: Gates ``make test`` enforces on the shipped content.
LIMITS = {
    # "always pick the longest option" over all single-choice scenarios
    "always_longest_single": 0.55,
    # conversations in which always picking the longest choice reaches the best ending
    "longest_reaches_best_ending": 2,
    # multi-selects whose right answers are exactly the k longest options
    "multi_length_tell": 0,
    # the test-wise reader: points above chance on single choice and on conversation nodes
    "reader_single_lift": 0.10,
    "reader_node_lift": 0.10,
    # the test-wise reader: points above chance on the judgment check's items (read as single
    # choice, the top-rated response the best)
    "reader_judgment_lift": 0.10,
    # the test-wise reader: share of "choose all that apply" options it decides right
    "reader_multiple": 0.60,
    # the test-wise reader: conversations in which its picks reach the best ending
    "reader_best_endings": 1,
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
        if scenario.question_kind.reader_kind == "single":
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
    reader: ReaderReport | None = None

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
        if self.reader is not None:
            problems.extend(reader_failures(self.reader))
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
        if self.reader is not None:
            lines += ["", *reader_text(self.reader)]
        failures = self.failures()
        lines.append("")
        lines.extend(f"FAIL: {failure}" for failure in failures)
        if not failures:
            lines.append("Quality gates pass.")
        return "\n".join(lines)


def reader_failures(reader: ReaderReport) -> list[str]:
    """What the test-wise reader does beyond :data:`LIMITS`, in plain sentences."""
    problems = []
    for what, tally, limit in (
        ("single-choice scenarios", reader.single, "reader_single_lift"),
        ("conversation nodes", reader.nodes, "reader_node_lift"),
        ("the judgment check's items", reader.judgment, "reader_judgment_lift"),
    ):
        if tally.lift > LIMITS[limit]:
            problems.append(
                f"the test-wise reader picks the best option in {tally.rate:.0%} of {what} "
                f"against {tally.chance_rate:.0%} by chance (limit: {LIMITS[limit]:.0%} above "
                "chance)"
            )
    if reader.multiple.rate > LIMITS["reader_multiple"]:
        problems.append(
            f"the test-wise reader decides {reader.multiple.rate:.0%} of 'choose all that "
            f"apply' options right (limit {LIMITS['reader_multiple']:.0%})"
        )
    reached = reader.best_endings_reached
    if len(reached) > LIMITS["reader_best_endings"]:
        problems.append(
            f"the test-wise reader reaches the best ending in {len(reached)} conversations "
            f"({', '.join(reached)}; limit {LIMITS['reader_best_endings']})"
        )
    return problems


def _tally_line(name: str, tally: Tally) -> str:
    return (
        f"{name:<28}{tally.items:>6}{tally.rate:>9.0%}{tally.chance_rate:>9.0%}"
        f"{100 * tally.lift:>+8.0f}"
    )


def reader_text(reader: ReaderReport, items: bool = False) -> list[str]:
    """The test-wise reader's figures as lines of text (``items``: every held-out item)."""
    header = f"{'':<28}{'items':>6}{'reader':>9}{'chance':>9}{'points':>8}"
    lines = [
        "Test-wise reader (knows nothing of leadership; picks by surface features; fitted on "
        "every item but the one it answers)",
        "Single choice: share of held-out items where it picks the best option",
        header,
    ]
    lines += [_tally_line(t.name, t) for t in reader.single_by_practice.values()]
    lines.append(_tally_line("overall", reader.single))
    if reader.judgment.items:
        lines += ["", "Judgment check, both forms (each item read as single choice, the "
                  "top-rated response the best; fitted on the scenarios and the other items)",
                  header, _tally_line(reader.judgment.name, reader.judgment)]
    lines += ["", "Choose all that apply: share of options ticked or left right", header]
    lines += [_tally_line(t.name, t) for t in reader.multiple_by_practice.values()]
    lines += [_tally_line("overall", reader.multiple), "",
              "Conversation nodes (left out a conversation at a time): picks a choice that "
              "raises the meter most; does it reach the best ending?",
              f"{header}{'best ending':>13}"]
    lines += [
        f"{_tally_line(c.id, c.nodes)}{'yes' if c.reaches_best_ending else 'no':>13}"
        for c in reader.conversations
    ]
    lines.append(_tally_line("overall", reader.nodes))
    for title, tells in (("scenarios", reader.scenario_tells),
                         ("conversations", reader.conversation_tells),
                         ("the judgment check", reader.judgment_tells)):
        if not tells:
            continue
        lines += ["", f"Strongest single-feature tells in {title} (share of best options that "
                  "hold the item's highest value of the feature, and of the others)",
                  f"{'feature':<26}{'best':>7}{'others':>8}"]
        lines += [
            f"{tell.feature:<26}{tell.best_rate:>7.0%}{tell.other_rate:>8.0%}"
            for tell in tells[:6]
        ]
    if items:
        lines += ["", "Held-out items (1 = the reader found the best; multi: share right)"]
        lines += [f"  {score:.2f}  {item}" for item, score in reader.picks]
    return lines


def quality_report(course: Course, reader: bool = True) -> QualityReport:
    """Measure every scenario and conversation of the course (``reader``: run the
    test-wise reader too)."""
    groups = {pid: GroupQuality(pid) for pid in course.practices}
    overall = GroupQuality("overall")
    for scenario in course.scenarios.values():
        groups.setdefault(scenario.practice, GroupQuality(scenario.practice)).add(scenario)
        overall.add(scenario)
    return QualityReport(
        groups=list(groups.values()),
        overall=overall,
        conversations=[conversation_quality(c) for c in course.conversations.values()],
        reader=read_course(course) if reader else None,
    )
