"""Every full name in the course belongs to one person.

Full names are found in the text of every item (scenario, conversation, exercise, role-play
card, notebook prose); a name in two items, two people sharing a surname, or names easily
confused are problems, unless ``content/people.yaml`` declares one recurring person.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_WORD = f"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
NAME_RE = re.compile(rf"\b({_WORD}) ((?:[{_UPPER}][{_LOWER}]*')?{_WORD})\b")
CAPITALISED_RE = re.compile(rf"\b{_WORD}\b")
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
    Catch Send Call Bring Take Give Keep Put Get Let's Go
    """.split()
)
NOT_SURNAMES = frozenset(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December
    """.split()
)


TITLED_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mx|Dr|Doctor|Nurse|Chef|Coach)\.? ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)


@dataclass(frozen=True)
class TextItem:
    """Where a piece of course text lives: its file, its item, and the text."""

    label: str
    item: str
    id: str
    text: str
    #: items whose people this text may name by first name (a workshop's scenarios)
    related: frozenset[str] = frozenset()


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


def titled_surnames(text: str) -> set[str]:
    """Surnames used with a title and no first name ("Mr Okafor", "Dr Lindqvist")."""
    return {match.group(1) for match in TITLED_RE.finditer(text)} - NOT_SURNAMES


def _folded(name: str) -> str:
    """A first name without accents, lower case: "Inès" and "Inês" are one name to a reader."""
    bare = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in bare if not unicodedata.combining(ch)).lower()


def first_names_clash(one: str, other: str) -> bool:
    """Two people's first names a reader would take for one: the same name (accents aside),
    or one the first part of the other ("Mei" and "Mei-Ling")."""
    a, b = _folded(one), _folded(other)
    return a == b or a.split("-")[0] == b or b.split("-")[0] == a


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
    # words the course writes in lower case: a capitalised one of them is no first name
    words = {
        word for text_item in items for word in re.findall(r"\b[a-zß-öø-ÿ]+\b", text_item.text)
    }
    names = sorted(where)
    for index, name in enumerate(names):
        for other in names[index + 1:]:
            a, b = where[name][0], where[other][0]
            if a.id == b.id:
                continue  # a family in one scenario may share a surname
            same_surname = _surname(name) == _surname(other)
            same_first = first_names_clash(_first(name), _first(other)) and not (
                _first(name).lower() in words or _first(other).lower() in words
            )
            alike = names_alike(name, other)
            if same_surname or same_first or alike:
                why = (
                    "share the surname" if same_surname
                    else "are easily confused" if alike
                    else "share a first name"
                )
                problems.append(
                    f"{b.label}: {b.item}: '{other}' and '{name}' ({a.label}: {a.item}) "
                    f"{why}; give one of them another name"
                )
    problems.extend(_titled_problems(items, where))
    problems.extend(_first_name_problems(items, where, recurring, words))
    return problems


def _first_name_problems(
    items: list[TextItem], where: dict[str, list[TextItem]], recurring: dict[str, set[str]],
    words: set[str],
) -> list[str]:
    """A first name on its own ("Mei") in one item that is someone else's first name in
    another item ("Mei Lin Zhao"): in a course about names, one first name is one person.
    A "first name" the course also writes in lower case ("Leave Callum to me") is a word."""
    owners = [
        (name, places[0]) for name, places in sorted(where.items())
        if _first(name).lower() not in words
    ]
    problems = []
    for text_item in items:
        own = [name for name, places in where.items() if any(p.id == text_item.id for p in places)]
        for word in sorted(set(CAPITALISED_RE.findall(text_item.text)) - NOT_FIRST_NAMES):
            if any(first_names_clash(word, _first(name)) for name in own):
                continue  # this item's own person
            for name, holder in owners:
                if (
                    holder.id == text_item.id
                    or holder.id in text_item.related
                    or text_item.id in recurring.get(name, set())
                ):
                    continue
                if first_names_clash(word, _first(name)):
                    problems.append(
                        f"{text_item.label}: {text_item.item}: the first name '{word}' is also "
                        f"the first name of '{name}' in {holder.label}: {holder.item}; give "
                        "each person their own first name"
                    )
                    break
    return problems


def _titled_problems(items: list[TextItem], where: dict[str, list[TextItem]]) -> list[str]:
    """A surname used with a title ("Mr Okafor") in one item and by someone else elsewhere."""
    by_surname: dict[str, TextItem] = {}
    for name, places in sorted(where.items()):
        by_surname.setdefault(_surname(name), places[0])
    problems = []
    for text_item in items:
        for surname in sorted(titled_surnames(text_item.text)):
            holder = by_surname.get(surname)
            if holder is not None and holder.id != text_item.id:
                problems.append(
                    f"{text_item.label}: {text_item.item}: the surname '{surname}' is also "
                    f"used in {holder.label}: {holder.item}; give one of them another name"
                )
    return problems
