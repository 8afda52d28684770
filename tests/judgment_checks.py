"""A judgment check built for the tests (the course's own file is not needed): two forms of
ten items, two per practice of the course, matched pairs in different settings; and the ways
the tests take it through the action, with each score worked out by hand."""

from __future__ import annotations

import statistics

from widgets.actions.judgment import form_for, rate_item
from widgets.content.judgment import JudgmentCheck

#: the key of each practice's first and second item (form B shows it in reverse order)
KEYS = ((6, 3, 1, 4), (2, 5, 1, 3, 6))


def build_check(course) -> JudgmentCheck:
    """Two forms of ten items, two per practice of the course; an item of form A and its
    pair in form B share the practice and the key's spread, not the setting."""
    settings = list(course.settings)
    forms: dict[str, list[dict]] = {"a": [], "b": []}
    for p, practice in enumerate(course.practices):
        for k, key in enumerate(KEYS):
            for f, form in enumerate("ab"):
                name = f"{form}-{practice}-{k + 1}"
                forms[form].append({
                    "id": name, "practice": practice, "pair": f"{'ba'[f]}-{practice}-{k + 1}",
                    "setting": settings[(2 * p + k + f) % len(settings)],
                    "title": f"Title of {name} <b>&</b>", "situation": f"What happens in {name}.",
                    "options": [
                        {"id": f"o{n + 1}", "text": f"Response {n + 1} of {name} <i>&</i>",
                         "effectiveness": e,
                         "rationale": f"Why {name} {n + 1} rates {e} <script>&</script>"}
                        for n, e in enumerate(key if form == "a" else key[::-1])
                    ],
                })
    return JudgmentCheck(scale=("Very poor", "Poor", "Weak", "Fair", "Good", "Very good"),
                         forms=forms)


def hand_score(key, values) -> float:
    """An item's score worked out here: 100 less the mean distance from the key, in fifths."""
    return 100.0 * (1.0 - sum(abs(k - v) for k, v in zip(key, values, strict=True))
                    / len(key) / 5)


def items_of(check, learner, stage):
    return check.form(form_for(learner, stage))


def rate(storage, check, learner, stage, item, values, now=None) -> str:
    return rate_item(storage, check, learner, stage, item.id,
                     {o.id: v for o, v in zip(item.options, values, strict=True)}, now)


def take(storage, check, learner, stage, rng, items=None, closer=False) -> dict[str, float]:
    """Rate the learner's items at ``stage`` (random ratings, or within one point of the
    key); each item's expected score, worked out here."""
    scores = {}
    for item in items if items is not None else items_of(check, learner, stage):
        values = tuple(
            min(6, max(1, k + rng.choice((-1, 0, 1)))) if closer else rng.randint(1, 6)
            for k in item.key
        )
        assert rate(storage, check, learner, stage, item, values) == ""
        scores[item.id] = hand_score(item.key, values)
    return scores


def practice_means(check, items, scores) -> dict[str, float]:
    """Each practice's mean of the items' scores, in the check's order of practices."""
    return {p: statistics.fmean(scores[i.id] for i in items if i.practice == p)
            for p in check.practices()}


def course_with_check():
    """The course with :func:`build_check`'s check in place of its own."""
    from widgets.content import get_course

    plain = get_course()
    return plain.model_copy(update={"judgment": build_check(plain)})
