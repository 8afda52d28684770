"""Branching conversations: a graph of nodes the learner plays choice by choice."""

from __future__ import annotations

from pydantic import Field

from widgets.content.base import SLUG_PATTERN, SLUG_RE, StrictModel


class Person(StrictModel):
    """Who the learner talks to in a conversation or exercise."""

    name: str = Field(min_length=1)
    role: str = Field(min_length=1)


class Meter(StrictModel):
    """How the other person feels, 0 to 100, named in words at each fifth."""

    label: str = Field(min_length=1)
    start: int = Field(ge=0, le=100)
    levels: tuple[str, str, str, str, str] = (
        "shut down", "guarded", "unsure", "open", "trusting",
    )

    def word(self, value: int) -> str:
        """The level word for a meter value."""
        return self.levels[min(4, max(0, value) // 20)]


class Choice(StrictModel):
    """Something the learner can say; it leads to another node and moves the meter."""

    text: str = Field(min_length=1)
    goto: str = Field(min_length=1)
    meter: int = Field(ge=-100, le=100)
    uses: tuple[str, ...] = ()
    misses: tuple[str, ...] = ()
    note: str = ""


class Ending(StrictModel):
    """How a conversation ends, summed up."""

    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)


class Node(StrictModel):
    """What the other person says or does, then the learner's choices (or an ending)."""

    says: str = Field(min_length=1)
    choices: tuple[Choice, ...] = ()
    ending: Ending | None = None


class Conversation(StrictModel):
    """A branching conversation: a graph of nodes from ``start`` to endings."""

    id: str = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    practices: tuple[str, ...] = Field(min_length=1)
    setting: str = Field(min_length=1)
    you: str = Field(min_length=1)
    person: Person
    meter: Meter
    start: str = Field(min_length=1)
    nodes: dict[str, Node] = Field(min_length=2)
    #: True when ``says`` is narration of several people rather than one person's words
    narrated: bool = False

    def endings(self) -> dict[str, Node]:
        """The nodes that end the conversation."""
        return {key: node for key, node in self.nodes.items() if node.ending is not None}


def graph_problems(conversation: Conversation) -> list[str]:
    """Why a conversation graph cannot be played to the end, one problem per node."""
    nodes = conversation.nodes
    problems: list[str] = []
    if conversation.start not in nodes:
        return [f"start: no node named '{conversation.start}'"]
    for key, node in nodes.items():
        if not SLUG_RE.match(key):
            problems.append(f"node '{key}': ids are lowercase words joined by hyphens")
        if node.ending is not None and node.choices:
            problems.append(f"node '{key}': an ending has no choices")
        if node.ending is None and not node.choices:
            problems.append(f"node '{key}': dead end: no choices and no ending")
        for index, choice in enumerate(node.choices):
            if choice.goto not in nodes:
                problems.append(
                    f"node '{key}': choices[{index}].goto: no node named '{choice.goto}'"
                )
    reachable = {conversation.start}
    frontier = [conversation.start]
    while frontier:
        for choice in nodes[frontier.pop()].choices:
            if choice.goto in nodes and choice.goto not in reachable:
                reachable.add(choice.goto)
                frontier.append(choice.goto)
    for key in nodes:
        if key not in reachable:
            problems.append(f"node '{key}': unreachable from the start node")
    # every path must end: the graph from the start may not loop back on itself
    state: dict[str, str] = {}

    def visit(key: str, trail: list[str]) -> None:
        state[key] = "open"
        for choice in nodes[key].choices:
            target = choice.goto
            if target not in nodes:
                continue
            if state.get(target) == "open":
                loop = " -> ".join([*trail[trail.index(target):], target])
                problems.append(
                    f"node '{key}': choices loop back ({loop}), so a path never reaches an ending"
                )
            elif target not in state:
                visit(target, [*trail, target])
        state[key] = "done"

    visit(conversation.start, [conversation.start])
    return problems


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
