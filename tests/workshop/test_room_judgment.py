"""A room's judgment check, before and after (the issue's acceptance): participants who
join a room and take both checks through the action, with ratings drawn from a seeded
generator and the after-ratings closer to the key. The room's means and effect size (dz and
its 95% interval) against a direct computation here, on the dashboard when asked; nothing
under five who took both, no interval under ten; those who took one check, or are not in the
room, are not counted. The check is built by
tests/judgment_checks.py."""

from __future__ import annotations

import math
import random
import re
import statistics

import pytest
from judgment_checks import course_with_check, hand_score, items_of
from wired_rooms import dashboard_for

from widgets.actions import rooms
from widgets.actions.judgment import rate_item
from widgets.actions.room_judgment import room_judgment
from widgets.content import get_course
from widgets.store import Storage, Trier

ADDRESS = "203.0.113.7"
#: Student's t, 0.975 quantile, 11 degrees of freedom (12 pairs)
T_975_11 = 2.200985160082949


@pytest.fixture(scope="module")
def course():
    return course_with_check()


def take_part(storage, check, learner, stage, rng, count=None) -> dict[str, float]:
    """Rate ``count`` (all) of the learner's items at ``stage``: before at random, after
    within a point of the key; each practice's mean score, worked out here (only for a
    whole form)."""
    items = items_of(check, learner, stage)
    scores = {}
    for item in items[:count]:
        values = [rng.randint(1, 6) if stage == "before" else
                  min(6, max(1, k + rng.choice((-1, 0, 0, 1)))) for k in item.key]
        ratings = {o.id: v for o, v in zip(item.options, values, strict=True)}
        assert rate_item(storage, check, learner, stage, item.id, ratings) == ""
        scores[item.id] = hand_score(item.key, values)
    return {p: statistics.fmean(scores[i.id] for i in items if i.practice == p)
            for p in check.practices()} if count is None else {}


def new_room(storage, course):
    made = rooms.create_workshop_room(storage, Trier(ADDRESS, "maker"),
                                      course.workshops["workshop-60"], "Judgment room")
    assert made.room is not None, made.refusal
    return made.room


def join(storage, room, learner):
    joined = rooms.join_workshop_room(storage, Trier(ADDRESS, f"browser-{learner}"),
                                      room.code, learner)
    assert joined.room is not None, joined.refusal


def participants(storage, course, room, names, rng):
    """Each joins the room and takes both checks; their (before, after) practice means."""
    taken = {}
    for learner in names:
        join(storage, room, learner)
        taken[learner] = (take_part(storage, course.judgment, learner, "before", rng),
                          take_part(storage, course.judgment, learner, "after", rng))
    return taken


def one_check_only(storage, course, room, prefix, rng):
    """Participants who did not finish both: before only, after only, before and part of
    the after-check."""
    check = course.judgment
    for suffix, stages in (("before", ("before",)), ("after", ("after",)),
                           ("part", ("before", "part"))):
        learner = f"{prefix}-{suffix}"
        join(storage, room, learner)
        for stage in stages:
            if stage == "part":
                take_part(storage, check, learner, "after", rng, count=9)
            else:
                take_part(storage, check, learner, stage, rng)


def direct(check, taken):
    """The room's means and effect worked out here from what the participants did."""
    pairs = list(taken.values())
    practices = [(p, statistics.fmean(b[p] for b, _a in pairs),
                  statistics.fmean(a[p] for _b, a in pairs)) for p in check.practices()]
    before = [statistics.fmean(b.values()) for b, _a in pairs]
    after = [statistics.fmean(a.values()) for _b, a in pairs]
    diffs = [a - b for b, a in zip(before, after, strict=True)]
    dz = statistics.fmean(diffs) / statistics.stdev(diffs)
    return practices, before, after, dz


def test_a_room_of_twelve_shows_its_means_and_effect(database, course):
    storage = Storage(database.target)
    check = course.judgment
    rng = random.Random(2029)
    room = new_room(storage, course)
    taken = participants(storage, course, room, [f"web-p{n:02d}" for n in range(12)], rng)
    one_check_only(storage, course, room, "web-once", rng)
    # someone who took both checks but never joined the room
    take_part(storage, check, "web-elsewhere", "before", rng)
    take_part(storage, check, "web-elsewhere", "after", rng)
    practices, before, after, dz = direct(check, taken)
    found = room_judgment(storage, check, room.code.lower())
    assert found is not None
    effect = found.effect
    assert effect.n == 12
    assert [p for p, _b, _a in found.practices] == list(check.practices())
    for (p, b, a), (_p, want_b, want_a) in zip(found.practices, practices, strict=True):
        assert (b, a) == pytest.approx((want_b, want_a)), p
    assert effect.mean_before == pytest.approx(statistics.fmean(before))
    assert effect.mean_after == pytest.approx(statistics.fmean(after))
    assert effect.mean_after > effect.mean_before
    assert dz > 0 and effect.dz == pytest.approx(dz)
    half = T_975_11 * math.sqrt(1 / 12 + dz * dz / 24)
    assert (effect.low, effect.high) == pytest.approx((dz - half, dz + half))
    assert effect.low < effect.dz < effect.high

    dashboard = dashboard_for(course, storage, room)
    panel = dashboard.judgment
    assert panel.result.value == ""  # read only when asked
    panel.show_button.click()
    shown = panel.result.value
    assert "12 people took both checks" in shown
    assert f"dz = {effect.dz:.2f}" in shown
    assert f"95% interval {effect.low:.2f} to {effect.high:.2f}" in shown
    assert f"{effect.mean_before:.0f} before, {effect.mean_after:.0f} after" in shown
    for practice, b, a in practices:
        title = course.practices[practice].title
        assert re.search(rf'data-practice="{practice}"><th scope="row">{re.escape(title)}'
                         rf"</th><td>{b:.0f}</td><td>{a:.0f}</td>", shown), practice


def test_under_five_who_took_both_nothing_is_shown_and_under_ten_no_interval(
    database, course
):
    storage = Storage(database.target)
    check = course.judgment
    rng = random.Random(4)
    room = new_room(storage, course)
    assert room_judgment(storage, check, room.code) is None  # nobody yet
    taken = participants(storage, course, room, [f"web-q{n}" for n in range(4)], rng)
    one_check_only(storage, course, room, "web-half", rng)
    assert room_judgment(storage, check, room.code) is None
    panel = dashboard_for(course, storage, room).judgment
    panel.show_button.click()
    assert "Not shown: fewer than five" in panel.result.value
    assert not re.search(r"\d", panel.result.value)  # no number at all
    # a fifth who takes both: the means and dz, but no interval yet
    taken |= participants(storage, course, room, ["web-q4"], rng)
    found = room_judgment(storage, check, room.code)
    assert found is not None and found.effect.n == 5
    _practices, before, after, dz = direct(check, taken)
    assert found.effect.mean_before == pytest.approx(statistics.fmean(before))
    assert found.effect.dz == pytest.approx(dz)
    assert found.effect.low is None and found.effect.high is None
    panel.show_button.click()
    assert "5 people took both checks" in panel.result.value
    assert f"dz = {dz:.2f}" in panel.result.value
    assert "an interval needs ten or more people" in panel.result.value
    assert "Not shown" not in panel.result.value


def test_a_room_of_a_course_without_the_check_reads_nothing(tmp_path):
    plain = get_course().model_copy(update={"judgment": None})
    storage = Storage(tmp_path / "db.sqlite3")
    room = new_room(storage, plain)
    panel = dashboard_for(plain, storage, room).judgment
    panel.show_button.click()
    assert "Not shown" in panel.result.value
