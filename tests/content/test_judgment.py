"""The judgment check: the real forms load as matched pairs, each kind of mistake in
``content/judgment_check.yaml`` is named with the file and the field, items are scored by hand,
and the test-wise reader finds the best response no more often than chance."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT

from widgets.content import load_course, validate_content
from widgets.content.judgment import (
    ITEMS_PER_PRACTICE,
    PAIR_SPREAD_TOLERANCE,
    SCALE_POINTS,
    item_score,
    key_spread,
)
from widgets.content.models import Course
from widgets.content.people import full_names, model_text
from widgets.content.quality import LIMITS, quality_report, reader_failures
from widgets.content.testwise import JUDGMENT_GROUP, read_course

CONTENT = PROJECT_ROOT / "content"
NOTEBOOKS = PROJECT_ROOT / "notebooks"
FILE = "content/judgment_check.yaml"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(CONTENT, NOTEBOOKS)


def test_the_real_check_has_two_forms_of_ten_matched_items(course):
    check = course.judgment
    assert check is not None
    assert len(check.scale) == SCALE_POINTS
    assert check.scale[0].lower().startswith("very poor")
    assert check.scale[-1].lower().startswith("very good")
    assert [len(check.form(name)) for name in ("a", "b")] == [10, 10]
    for name, other in (("a", "b"), ("b", "a")):
        counts = Counter(item.practice for item in check.form(name))
        assert counts == dict.fromkeys(course.practices, ITEMS_PER_PRACTICE), name
        for item in check.form(name):
            partner = check.item(item.pair)
            assert partner in check.form(other) and partner.pair == item.id
            assert partner.practice == item.practice
            assert len(partner.options) == len(item.options)
            assert sorted(partner.key) == sorted(item.key), (item.id, "same pattern of ratings")
            assert abs(key_spread(item) - key_spread(partner)) <= PAIR_SPREAD_TOLERANCE
            assert partner.setting != item.setting and item.setting in course.settings
            assert partner.situation != item.situation
            assert len(item.options) in (4, 5)
            assert all(len(option.rationale) <= 300 for option in item.options)


def test_no_item_reuses_a_scenario_or_a_scenarios_people(course):
    item_ids = {item.id for form in course.judgment.forms.values() for item in form}
    assert not item_ids & set(course.scenarios)
    assert not item_ids & set(course.conversations)
    situations = {scenario.situation for scenario in course.scenarios.values()}
    assert not {item.situation for form in course.judgment.forms.values() for item in form} & (
        situations
    )


def test_without_the_file_there_is_no_check(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "judgment_check.yaml").unlink()
    assert load_course(root).judgment is None


# -- broken copies of the file ------------------------------------------------------------

Break = Callable[[dict], None]


def problems_with(tmp_path: Path, change: Break) -> list[str]:
    """The problems ``validate`` reports on a copy of the content with the check changed."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    path = root / "judgment_check.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return validate_content(root, NOTEBOOKS)


def item(data: dict, item_id: str) -> dict:
    return next(raw for form in data["forms"].values() for raw in form if raw["id"] == item_id)


def missing_pair(data: dict) -> None:
    item(data, "jc-a-names-2")["pair"] = "jc-b-names-9"


def pair_about_another_practice(data: dict) -> None:
    item(data, "jc-b-names-2")["practice"] = "pause"


def pair_with_fewer_options(data: dict) -> None:
    options = item(data, "jc-b-names-2")["options"]
    options.remove(next(o for o in options if o["effectiveness"] == 2))


def key_spreads_too_far_apart(data: dict) -> None:
    # form A's key is 6/4/3/1 (spread 1.80); 6/5/4/3 spreads 1.12, 0.68 apart
    for option, rating in zip(item(data, "jc-b-names-1")["options"], (5, 6, 4, 3), strict=True):
        option["effectiveness"] = rating


def same_setting_as_pair(data: dict) -> None:
    item(data, "jc-b-names-2")["setting"] = item(data, "jc-a-names-2")["setting"]


def two_top_rated(data: dict) -> None:
    item(data, "jc-a-pause-1")["options"][1]["effectiveness"] = 6


def rating_of_seven(data: dict) -> None:
    item(data, "jc-a-pause-1")["options"][0]["effectiveness"] = 7


def three_items_for_one_practice(data: dict) -> None:
    # still matched pairs, so only the count per practice is wrong
    for item_id in ("jc-a-names-2", "jc-b-names-2"):
        item(data, item_id)["practice"] = "pause"


def unknown_setting(data: dict) -> None:
    item(data, "jc-a-names-2")["setting"] = "space-station"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (missing_pair, "forms.a[3] (jc-a-names-2): pair: no item 'jc-b-names-9' in form b"),
        (pair_about_another_practice,
         "forms.a[3] (jc-a-names-2): practice: its pair is about 'pause'"),
        (pair_with_fewer_options,
         "forms.a[3] (jc-a-names-2): options: 5 options, its pair has 4"),
        (key_spreads_too_far_apart,
         "forms.a[2] (jc-a-names-1): options: the key spreads 1.80 points, its pair's 1.12"),
        (same_setting_as_pair, "forms.a[3] (jc-a-names-2): setting: the same as its pair's"),
        (two_top_rated,
         "forms.a[4] (jc-a-pause-1): options: exactly one option must have the highest"),
        (rating_of_seven,
         "forms.a[4] (jc-a-pause-1): options[0].effectiveness: input should be less than or "
         "equal to 6"),
        (three_items_for_one_practice, "forms.a: practice 'pause' has 3 item(s)"),
        (unknown_setting, "forms.a[3] (jc-a-names-2): setting: unknown setting 'space-station'"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_broken_check_is_named_by_file_item_and_field(tmp_path, change, expected):
    problems = problems_with(tmp_path, change)
    assert any(problem.startswith(f"{FILE}: {expected}") for problem in problems), problems


def test_three_items_for_one_practice_also_names_the_practice_left_short(tmp_path):
    problems = problems_with(tmp_path, three_items_for_one_practice)
    assert f"{FILE}: forms.b: practice 'names' has 1 item(s); a form has 2 for each of the " \
        "course's practices" in problems


def test_an_item_id_that_is_a_scenario_id_is_named_with_the_scenario(tmp_path, course):
    scenario_id = next(iter(course.scenarios))

    def take_a_scenario_id(data: dict) -> None:
        item(data, "jc-a-names-1")["id"] = scenario_id
        item(data, "jc-b-names-1")["pair"] = scenario_id

    problems = problems_with(tmp_path, take_a_scenario_id)
    assert any(
        problem.startswith(f"{FILE}: forms.a[2] ({scenario_id}): id: already the id of scenario "
                           f"'{scenario_id}' in content/scenarios/")
        for problem in problems
    ), problems


def test_a_person_of_the_check_follows_the_scenarios_name_rules(tmp_path, course):
    scenario = next(iter(course.scenarios.values()))
    first_name = sorted(full_names(model_text(scenario)))[0].split()[0]

    def borrow_a_name(data: dict) -> None:
        raw = item(data, "jc-a-pause-1")
        raw["situation"] = raw["situation"].replace("Ayesha Siddiqui", f"{first_name} Siddiqui")
        for option in raw["options"]:
            option["text"] = option["text"].replace("Ayesha", first_name)

    problems = problems_with(tmp_path, borrow_a_name)
    assert any(
        "judgment item 'jc-a-pause-1'" in problem and first_name in problem
        for problem in problems
    ), problems


def test_a_file_that_is_not_a_mapping_is_named(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "judgment_check.yaml").write_text("- just a list\n", encoding="utf-8")
    assert validate_content(root) == [
        f"{FILE}: expected a mapping with 'scale' and 'forms'"
    ]


# -- scoring ------------------------------------------------------------------------------


def test_ratings_equal_to_the_key_score_100():
    assert item_score((6, 4, 2, 1), (6, 4, 2, 1)) == 100.0
    assert item_score((6, 5, 3, 2, 1), (6, 5, 3, 2, 1)) == 100.0


def test_ratings_as_far_off_as_the_scale_allows_score_0():
    assert item_score((6, 6, 1, 1), (1, 1, 6, 6)) == 0.0


def test_a_mixed_case_computed_by_hand():
    # key 6/4/2/1, ratings 5/4/4/1: distances 1, 0, 2, 0, mean 3/4 = 0.75 of the 5 points the
    # scale allows, so the score is 100 * (1 - 0.75 / 5) = 100 * 0.85 = 85
    assert item_score((6, 4, 2, 1), (5, 4, 4, 1)) == pytest.approx(85.0)
    # key 6/5/3/2/1, ratings 3/3/3/3/3: distances 3, 2, 0, 1, 2, mean 8/5 = 1.6, so
    # 100 * (1 - 1.6 / 5) = 68
    assert item_score((6, 5, 3, 2, 1), (3, 3, 3, 3, 3)) == pytest.approx(68.0)


def test_a_rating_missing_for_an_option_is_refused():
    with pytest.raises(ValueError):
        item_score((6, 4, 2, 1), (6, 4, 2))


# -- the test-wise reader -----------------------------------------------------------------


def test_the_reader_has_a_line_for_the_check_and_does_not_beat_chance(course):
    report = quality_report(course)
    tally = report.reader.judgment
    assert tally.items == 20
    line = next(
        line for line in report.text().splitlines() if line.startswith(JUDGMENT_GROUP)
    )
    assert line.split()[-4:-1] == ["20", f"{tally.rate:.0%}", f"{tally.chance_rate:.0%}"]
    assert tally.rate <= tally.chance_rate, (
        f"the test-wise reader finds the best response in {tally.rate:.0%} of the judgment "
        f"check's items, chance is {tally.chance_rate:.0%}"
    )
    assert not [f for f in reader_failures(report.reader) if "judgment" in f]


def test_a_planted_tell_in_the_check_fails_the_gate(course):
    """The best response made the longest in every item: the reader finds it, and the gate
    names the judgment check."""
    filler = " It matters to me that this goes well for everyone here, today and after."
    forms = {}
    for name, items in course.judgment.forms.items():
        forms[name] = tuple(
            raw.model_copy(update={"options": tuple(
                option.model_copy(update={"text": option.text + filler * 3})
                if index == raw.best else option
                for index, option in enumerate(raw.options)
            )})
            for raw in items
        )
    planted = course.model_copy(
        update={"judgment": course.judgment.model_copy(update={"forms": forms})}
    )
    report = read_course(planted)
    assert report.judgment.lift > LIMITS["reader_judgment_lift"]
    assert any("judgment check's items" in failure for failure in reader_failures(report))
