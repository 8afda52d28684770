"""Every full name in the course belongs to one person.

Full names are found in the text of every item (scenario, conversation, exercise, role-play
card, notebook prose); a name in two items, two people sharing a surname, or names easily
confused are problems, unless ``content/people.yaml`` declares one recurring person.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

NAME_RE = re.compile(
    r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ((?:[A-Z][a-z]*')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)
# Capitalised words that start sentences, greet or title someone: "Thanks Maya" or
# "On Monday" is not a full name.
NOT_FIRST_NAMES = frozenset(
    """
    A After Afterwards Again All Also Although An And Another Any Are As Ask At Auntie Back
    Because Before Both But By Can Chef Coach Congratulations Could Dear Did Director Do Does
    Doctor Dr During Each Even Every For From Good Grandma Great He Head Hello Her Here Hey Hi
    His How I If In Is It Its Just Last Let Maybe Meanwhile Miss Monday Morning Mr Mrs Ms My
    Never Next Nice No Not Now Nurse Of Oh Okay On Once Only Or Our Please Right Saturday
    See Senior She Should Show Since So Sorry Still Sunday Tell Thank Thanking Thanks That
    The Their Then There They This Though Thursday To Today Tomorrow Tonight Tuesday Uncle
    Unless Until Was We Wednesday Welcome Well What When Where Which While Who Why Will With
    Without Would Yes Yesterday You Your Friday January February March April May June July
    August September October November December Mum Dad Hiya Cheers Sure Wait Look Listen
    """.split()
)
NOT_SURNAMES = frozenset(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December
    """.split()
)


@dataclass(frozen=True)
class TextItem:
    """Where a piece of course text lives: its file, its item, and the text."""

    label: str
    item: str
    id: str
    text: str


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _strings(inner)


def model_text(model: object) -> str:
    """Every string in a content model, joined (ids and enum values included)."""
    dump = model.model_dump() if hasattr(model, "model_dump") else model
    return "\n".join(_strings(dump))


def full_names(text: str) -> set[str]:
    """The capitalised first-and-last-name pairs in ``text`` ("Adaeze Okafor")."""
    found = set()
    for match in NAME_RE.finditer(text):
        first, last = match.group(1), match.group(2)
        if first in NOT_FIRST_NAMES or last in NOT_SURNAMES:
            continue
        found.add(f"{first} {last}")
    return found


def _surname(name: str) -> str:
    return name.split()[-1]


def _first(name: str) -> str:
    return name.split()[0]


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            ))
        previous = current
    return previous[-1]


def names_alike(one: str, other: str) -> bool:
    """Names a reader would mix up: the same first name and a surname two letters apart
    (Yuki Tanabe, Yuki Tanaka), or nearly the same spelling overall."""
    if _first(one) == _first(other) and _edit_distance(_surname(one), _surname(other)) <= 2:
        return True
    return difflib.SequenceMatcher(None, one, other).ratio() >= 0.85


def people_problems(
    items: list[TextItem], recurring: dict[str, set[str]], not_people: set[str]
) -> list[str]:
    """A full name used in two items (unless declared as one recurring person), two people
    sharing a surname, or names so alike they are easily confused.

    ``recurring`` maps a full name to the items it may appear in; ``not_people`` lists
    capitalised pairs that are places or things ("Kestrel Home").
    """
    where: dict[str, list[TextItem]] = {}
    for text_item in items:
        for name in sorted(full_names(text_item.text) - not_people):
            where.setdefault(name, []).append(text_item)
    problems: list[str] = []
    for name, places in sorted(where.items()):
        allowed = recurring.get(name, set())
        first = places[0]
        for other in places[1:]:
            if other.id == first.id or (other.id in allowed and first.id in allowed):
                continue
            problems.append(
                f"{other.label}: {other.item}: the full name '{name}' is also used in "
                f"{first.label}: {first.item}; give each person their own name, or list "
                "them in content/people.yaml as one recurring person"
            )
    names = sorted(where)
    for index, name in enumerate(names):
        for other in names[index + 1:]:
            a, b = where[name][0], where[other][0]
            if a.id == b.id:
                continue  # a family in one scenario may share a surname
            same_surname = _surname(name) == _surname(other)
            alike = names_alike(name, other)
            if same_surname or alike:
                why = "share the surname" if same_surname else "are easily confused"
                problems.append(
                    f"{b.label}: {b.item}: '{other}' and '{name}' ({a.label}: {a.item}) "
                    f"{why}; give one of them another name"
                )
    return problems
