"""The judgment check: a short situational judgment test in two parallel forms (A and B),
taken before the course, after it and again weeks later, scored against an expert key.

Each item is a situation with four or five responses; the learner rates how good each
response is (1 to 6) and the item's score is how close those ratings come to the key's.
Form A's items and form B's are matched pairs: the same practice, structure and spread of
the key, with a different setting, people and wording, so that the second check is not a
memory test.
"""

from __future__ import annotations

import statistics

from pydantic import Field, field_validator, model_validator

from widgets.content.base import SLUG_PATTERN, StrictModel

#: the rating scale, 1 (lowest) to 6
SCALE_POINTS = 6
#: the most a pair's key spreads may differ (their standard deviations, in scale points)
PAIR_SPREAD_TOLERANCE = 0.6
#: items each form has for each practice
ITEMS_PER_PRACTICE = 2


class JudgmentOption(StrictModel):
    """A response to rate, with the key's effectiveness rating (1 to 6) and why."""

    id: str = Field(pattern=SLUG_PATTERN)
    text: str = Field(min_length=1)
    effectiveness: int = Field(ge=1, le=SCALE_POINTS)
    rationale: str = Field(min_length=1, max_length=300)


class JudgmentItem(StrictModel):
    """One situation of a form, its responses, and the item it is paired with in the other
    form."""

    id: str = Field(pattern=SLUG_PATTERN)
    practice: str = Field(min_length=1)
    pair: str = Field(pattern=SLUG_PATTERN)
    setting: str = Field(min_length=1)
    title: str = Field(min_length=1)
    situation: str = Field(min_length=1)
    question: str = "How good a response is each of these?"
    options: tuple[JudgmentOption, ...] = Field(min_length=4, max_length=5)

    @field_validator("options")
    @classmethod
    def _one_best_and_a_spread(
        cls, options: tuple[JudgmentOption, ...]
    ) -> tuple[JudgmentOption, ...]:
        ids = [option.id for option in options]
        if len(set(ids)) != len(ids):
            raise ValueError("two options share an id")
        ratings = [option.effectiveness for option in options]
        if ratings.count(max(ratings)) != 1:
            raise ValueError("exactly one option must have the highest effectiveness (the best)")
        if max(ratings) - min(ratings) < 3:
            raise ValueError("the key must spread at least 3 points (a clearly good and a "
                             "clearly poor response)")
        return options

    @property
    def key(self) -> tuple[int, ...]:
        """The key: each option's effectiveness, in content order."""
        return tuple(option.effectiveness for option in self.options)

    @property
    def best(self) -> int:
        """The content index of the best option."""
        return self.key.index(max(self.key))


def key_spread(item: JudgmentItem) -> float:
    """How widely the key's ratings spread (their standard deviation)."""
    return statistics.pstdev(item.key)


class JudgmentCheck(StrictModel):
    """The check's scale labels and its two forms, ``a`` and ``b``."""

    scale: tuple[str, ...] = Field(min_length=SCALE_POINTS, max_length=SCALE_POINTS)
    forms: dict[str, tuple[JudgmentItem, ...]]

    @field_validator("forms")
    @classmethod
    def _two_forms(
        cls, forms: dict[str, tuple[JudgmentItem, ...]]
    ) -> dict[str, tuple[JudgmentItem, ...]]:
        if sorted(forms) != ["a", "b"]:
            raise ValueError("there must be two forms, a and b")
        for name, items in forms.items():
            if len(items) < 10:
                raise ValueError(f"{name}: a form needs at least 10 items, this has {len(items)}")
        return forms

    @model_validator(mode="after")
    def _matched_pairs(self) -> JudgmentCheck:
        ids = [item.id for items in self.forms.values() for item in items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"forms: duplicate item id {', '.join(duplicates)}")
        for name, items in self.forms.items():
            other = "b" if name == "a" else "a"
            partners = {item.id: item for item in self.forms[other]}
            for index, item in enumerate(items):
                where = f"forms.{name}[{index}] ({item.id})"
                partner = partners.get(item.pair)
                if partner is None:
                    raise ValueError(f"{where}: pair: no item '{item.pair}' in form {other}")
                if partner.pair != item.id:
                    raise ValueError(f"{where}: pair: '{item.pair}' is paired with "
                                     f"'{partner.pair}', not with this item")
                if partner.practice != item.practice:
                    raise ValueError(f"{where}: practice: its pair is about "
                                     f"'{partner.practice}'")
                if len(partner.options) != len(item.options):
                    raise ValueError(f"{where}: options: {len(item.options)} options, its pair "
                                     f"has {len(partner.options)}")
                gap = abs(key_spread(item) - key_spread(partner))
                if gap > PAIR_SPREAD_TOLERANCE:
                    raise ValueError(
                        f"{where}: options: the key spreads {key_spread(item):.2f} points, its "
                        f"pair's {key_spread(partner):.2f} (at most {PAIR_SPREAD_TOLERANCE} "
                        "apart)"
                    )
                if item.setting == partner.setting:
                    raise ValueError(f"{where}: setting: the same as its pair's (a parallel "
                                     "form changes the setting)")
        return self

    def form(self, name: str) -> tuple[JudgmentItem, ...]:
        """The items of form ``a`` or ``b``."""
        return self.forms[name]

    def item(self, item_id: str) -> JudgmentItem | None:
        """The item with this id, in either form."""
        for items in self.forms.values():
            for item in items:
                if item.id == item_id:
                    return item
        return None

    def practices(self) -> tuple[str, ...]:
        """The practices the check measures, in the order of form A."""
        return tuple(dict.fromkeys(item.practice for item in self.forms["a"]))


def item_score(key: tuple[int, ...], ratings: tuple[int, ...]) -> float:
    """An item's score, 0 to 100: 100 minus the mean distance between the learner's ratings
    and the key's, scaled by the largest distance the scale allows."""
    if len(key) != len(ratings) or not key:
        raise ValueError("a rating for each option is needed")
    distance = sum(abs(k - r) for k, r in zip(key, ratings, strict=True)) / len(key)
    return 100.0 * (1.0 - distance / (SCALE_POINTS - 1))
