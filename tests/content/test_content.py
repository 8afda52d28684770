"""Content loading: the real course validates, and each kind of mistake is named precisely."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT

from widgets.content import ContentError, load_course, validate_content

CONTENT = PROJECT_ROOT / "content"
NOTEBOOKS = PROJECT_ROOT / "notebooks"


def scenario(**overrides) -> dict:
    data = {
        "id": "clinic-handover",
        "practice": "names",
        "setting": "clinic",
        "relationship": "peers",
        "title": "Handover",
        "situation": "Nadia hands over a ward at the end of a long shift.",
        "question": "What do you say?",
        "options": [
            {"id": "thanks-by-name", "text": "Thanks, Nadia.", "rating": "best",
             "feedback": "Uses her name. Feels seen."},
            {"id": "plain-thanks", "text": "Thanks.", "rating": "partial",
             "feedback": "Polite. Generic, though."},
            {"id": "right-go", "text": "Right, go.", "rating": "miss",
             "feedback": "Dismissive. She feels unseen."},
        ],
    }
    data.update(overrides)
    return data


def module(**overrides) -> dict:
    data = {
        "id": "names",
        "order": 1,
        "title": "Use names",
        "practice": "names",
        "notebook": "03_names.ipynb",
        "minutes": 20,
        "summary": "Names matter.",
        "scenarios": ["clinic-handover"],
        "reflections": [{"id": "names-1", "prompt": "Whose name do you forget?"}],
    }
    data.update(overrides)
    return data


def make_content(tmp_path: Path, scenarios: list, modules: list | None = None) -> Path:
    root = tmp_path / "content"
    (root / "scenarios").mkdir(parents=True)
    (root / "modules").mkdir()
    shutil.copy(CONTENT / "course.yaml", root / "course.yaml")
    (root / "scenarios" / "names.yaml").write_text(yaml.safe_dump({"scenarios": scenarios}))
    for data in modules if modules is not None else [module()]:
        (root / "modules" / f"{data['id']}.yaml").write_text(yaml.safe_dump(data))
    return root


def problems_for(tmp_path: Path, scenarios: list, modules: list | None = None) -> list[str]:
    return validate_content(make_content(tmp_path, scenarios, modules))


def test_the_course_content_is_valid_and_complete():
    course = load_course(CONTENT, NOTEBOOKS)
    assert course.title == "Leadership in Micro-Moments"
    assert set(course.practices) == {"acknowledge", "names", "pause", "unseen-work", "curiosity"}
    acknowledge = course.module_scenarios("acknowledge")
    assert len(acknowledge) >= 4
    assert len({s.setting for s in acknowledge}) >= 4
    assert all(s.practice == "acknowledge" for s in acknowledge)
    assert course.module("acknowledge").reflections


def test_a_minimal_valid_file_loads(tmp_path):
    course = load_course(make_content(tmp_path, [scenario()]))
    loaded = course.scenarios["clinic-handover"]
    assert loaded.options[0].rating == "best"
    assert course.module_scenarios("names") == [loaded]


def test_missing_feedback_names_file_item_and_field(tmp_path):
    broken = scenario()
    del broken["options"][2]["feedback"]
    assert problems_for(tmp_path, [broken]) == [
        "content/scenarios/names.yaml: scenario 'clinic-handover': options[2].feedback: "
        "field required"
    ]


def test_unknown_practice_is_named(tmp_path):
    [problem] = problems_for(tmp_path, [scenario(practice="charisma")])
    assert problem.startswith(
        "content/scenarios/names.yaml: scenario 'clinic-handover': practice: "
        "unknown practice 'charisma'"
    )


def test_duplicate_id_is_named_with_both_places(tmp_path):
    [problem] = problems_for(tmp_path, [scenario(), scenario()])
    assert problem == (
        "content/scenarios/names.yaml: scenario 'clinic-handover': id: duplicate id "
        "(first used in content/scenarios/names.yaml)"
    )


def test_duplicate_id_across_files(tmp_path):
    root = make_content(tmp_path, [scenario()])
    (root / "scenarios" / "zz-more.yaml").write_text(yaml.safe_dump({"scenarios": [scenario()]}))
    assert validate_content(root) == [
        "content/scenarios/zz-more.yaml: scenario 'clinic-handover': id: duplicate id "
        "(first used in content/scenarios/names.yaml)"
    ]


def test_unknown_setting_relationship_and_rating(tmp_path):
    broken = scenario(setting="moon-base", relationship="rivals")
    broken["options"][1]["rating"] = "great"
    problems = problems_for(tmp_path, [broken])
    assert any("relationship: input should be 'manager-report'" in p for p in problems)
    assert any("options[1].rating: input should be 'best', 'partial' or 'miss'" in problem
               for problem in problems)
    # the setting is checked once the scenario itself is well formed
    assert problems_for(tmp_path / "again", [scenario(setting="moon-base")]) == [
        "content/scenarios/names.yaml: scenario 'clinic-handover': setting: unknown setting "
        "'moon-base' (known: clinic, community-service, daycare, hospitality, hybrid-office, "
        "product-launch, remote-creative, retail, small-business)"
    ]


def test_option_count_and_single_best(tmp_path):
    two = scenario()
    two["options"] = two["options"][:2]
    [problem] = problems_for(tmp_path, [two])
    assert problem.endswith("scenario 'clinic-handover': options: needs 3 or 4 options, found 2")
    two_best = scenario()
    two_best["options"][1]["rating"] = "best"
    [problem] = problems_for(tmp_path / "b", [two_best])
    assert "exactly one 'best' option" in problem


def test_multiple_choice_rejects_partial(tmp_path):
    [problem] = problems_for(tmp_path, [scenario(kind="multiple")])
    assert "a multiple-choice scenario rates each option 'best'" in problem


def test_misspelt_field_is_reported(tmp_path):
    [problem] = problems_for(tmp_path, [scenario(feedbak="x")])
    assert problem == (
        "content/scenarios/names.yaml: scenario 'clinic-handover': feedbak: "
        "unknown field (check the spelling)"
    )


def test_scenario_without_id_is_named_by_position(tmp_path):
    broken = scenario()
    del broken["id"]
    [problem] = problems_for(tmp_path, [scenario(), broken])
    assert problem == "content/scenarios/names.yaml: scenario #2: id: field required"


def test_yaml_syntax_error_gives_line(tmp_path):
    root = make_content(tmp_path, [scenario()])
    (root / "scenarios" / "names.yaml").write_text("scenarios:\n  - id: [unclosed\n")
    problems = validate_content(root)
    assert problems[0].startswith("content/scenarios/names.yaml: line ")
    assert "YAML syntax error" in problems[0]


def test_module_with_unknown_scenario_and_missing_notebook(tmp_path):
    root = make_content(tmp_path, [scenario()], [module(scenarios=["clinic-handover", "nope"])])
    problems = validate_content(root, notebooks_dir=tmp_path)
    assert problems == [
        "content/modules/names.yaml: module 'names': scenarios[1]: unknown scenario 'nope'",
        "content/modules/names.yaml: module 'names': notebook: no notebook '03_names.ipynb' "
        "in notebooks/",
    ]


def test_load_course_raises_with_every_problem(tmp_path):
    first = scenario(practice="charisma")
    second = scenario(id="second")
    del second["question"]
    with pytest.raises(ContentError) as raised:
        load_course(make_content(tmp_path, [first, second]))
    assert len(raised.value.problems) == 2


def test_scoring_single_and_multiple(tmp_path):
    course = load_course(make_content(tmp_path, [scenario()]))
    single = course.scenarios["clinic-handover"]
    assert [single.score((index,)) for index in range(3)] == [1.0, 0.5, 0.0]
    assert single.score(()) == 0.0
    multiple_data = scenario(kind="multiple")
    multiple_data["options"][1]["rating"] = "best"
    multiple = load_course(make_content(tmp_path / "m", [multiple_data])).scenarios[
        "clinic-handover"
    ]
    assert multiple.score((0, 1)) == 1.0
    assert multiple.score((0,)) == pytest.approx(2 / 3)
    assert multiple.score((0, 1, 2)) == pytest.approx(2 / 3)


@pytest.mark.parametrize("broken_kind", ["missing-field", "unknown-practice", "duplicate-id"])
def test_validate_command_fails_naming_file_id_and_field(tmp_path, broken_kind):
    if broken_kind == "missing-field":
        bad = scenario()
        del bad["options"][2]["feedback"]
        scenarios, expected = [bad], "scenario 'clinic-handover': options[2].feedback"
    elif broken_kind == "unknown-practice":
        scenarios = [scenario(practice="charisma")]
        expected = "scenario 'clinic-handover': practice: unknown practice 'charisma'"
    else:
        scenarios = [scenario(), scenario()]
        expected = "scenario 'clinic-handover': id: duplicate id"
    root = make_content(tmp_path, scenarios)
    result = subprocess.run(
        [sys.executable, "-m", "widgets", "validate", "--content", str(root),
         "--notebooks", str(NOTEBOOKS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"content/scenarios/names.yaml: {expected}" in result.stderr


def test_validate_command_passes_on_the_course():
    result = subprocess.run(
        [sys.executable, "-m", "widgets", "validate"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_validated_content_is_cached_until_a_file_changes(tmp_path, monkeypatch):
    import os

    from widgets.content import cache as content

    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    calls = []
    real_load = content.load_course
    monkeypatch.setattr(content, "load_course", lambda d: calls.append(d) or real_load(d))
    cache = tmp_path / "cache"
    first = content.load_course_cached(root, cache)
    again = content.load_course_cached(root, cache)
    assert len(calls) == 1 and again == first
    [cached] = cache.glob("course-*.pickle")
    cached.write_bytes(b"not a pickle")  # a damaged cache is rebuilt, never trusted
    assert content.load_course_cached(root, cache) == first and len(calls) == 2
    calls.clear()
    assert content.load_course_cached(root, cache) == first and calls == []
    scenario_file = root / "scenarios" / "names.yaml"
    data = yaml.safe_load(scenario_file.read_text())
    data["scenarios"][0]["title"] = "A changed title"
    scenario_file.write_text(yaml.safe_dump(data))
    stat = scenario_file.stat()
    os.utime(scenario_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    changed = content.load_course_cached(root, cache)
    assert len(calls) == 1
    assert changed.scenarios[data["scenarios"][0]["id"]].title == "A changed title"
    data["scenarios"][0]["options"] = []
    scenario_file.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError):
        content.load_course_cached(root, cache)  # broken content is never served from cache


def test_an_unwritable_cache_is_skipped(tmp_path):
    from widgets.content import cache as content

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    course = content.load_course_cached(CONTENT, blocker / "cache")
    assert len(course.scenarios) >= 40


# -- checks across the whole course: people's names and honest durations ---------------------


def _two_files(tmp_path: Path, first_situation: str, second_situation: str) -> Path:
    root = make_content(tmp_path, [scenario(situation=first_situation)])
    other = scenario(id="daycare-pickup", setting="daycare", situation=second_situation)
    (root / "scenarios" / "pause.yaml").write_text(yaml.safe_dump({"scenarios": [other]}))
    _make_minutes_honest(root)
    return root


def _make_minutes_honest(root: Path) -> None:
    from widgets.content.durations import estimate_minutes

    try:
        course = load_course(root)
    except ContentError:
        course = None  # a names problem: the durations do not matter then
    if course is not None:
        honest = round(estimate_minutes(course, course.module("names"), NOTEBOOKS))
        (root / "modules" / "names.yaml").write_text(yaml.safe_dump(module(minutes=honest)))


def _validate(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "widgets", "validate", "--content", str(root), *extra],
        capture_output=True, text=True,
    )


def test_validate_fails_on_a_full_name_used_for_two_people(tmp_path):
    root = _two_files(
        tmp_path,
        "Adaeze Okafor, the nurse manager, hands over the ward.",
        "Adaeze Okafor, a parent, is late for pick-up.",
    )
    result = _validate(root)
    assert result.returncode == 1
    assert (
        "content/scenarios/pause.yaml: scenario 'daycare-pickup': the full name "
        "'Adaeze Okafor' is also used in content/scenarios/names.yaml: scenario "
        "'clinic-handover'"
    ) in result.stderr


@pytest.mark.parametrize(
    ("second", "why"),
    [
        ("Farida Haidari, a parent, is late for pick-up.", "share the surname"),
        ("Yuki Tanabe, a parent, is late for pick-up.", "are easily confused"),
        ("Farah Lindqvist, a parent, is late for pick-up.", "share a first name"),
        ("Yukí Brennan, a parent, is late for pick-up.", "share a first name"),
        ("Mr Haidari, a parent, is late for pick-up.", "the surname 'Haidari' is also used"),
        ("A parent tells Farah she is late for pick-up.", "the first name 'Farah' is also"),
    ],
)
def test_validate_fails_on_names_too_alike(tmp_path, second, why):
    first = "Farah Haidari and Yuki Tanaka hand over the ward."
    result = _validate(_two_files(tmp_path, first, second))
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if why in line]
    assert "scenario 'daycare-pickup'" in line and "scenario 'clinic-handover'" in line
    assert "content/scenarios/pause.yaml" in line and "content/scenarios/names.yaml" in line


def test_a_capitalised_word_the_course_also_writes_in_lower_case_is_not_a_first_name(tmp_path):
    # "Leave Farah to me" is not a person called Leave; "leave" is an ordinary word here
    root = _two_files(
        tmp_path, "Leave Haidari to me, said the nurse, on leave from Monday.",
        "Leave Brennan a note before you leave.",
    )
    assert _validate(root).returncode == 0, _validate(root).stderr


def test_a_recurring_person_and_places_are_declared_in_people_yaml(tmp_path):
    root = _two_files(
        tmp_path,
        "Oren Katz opens the review at Kestrel Home.",
        "Oren Katz stays late at Kestrel Home.",
    )
    assert _validate(root).returncode == 1
    (root / "people.yaml").write_text(yaml.safe_dump({
        "recurring": [{
            "name": "Oren Katz", "role": "a manager",
            "appears_in": ["clinic-handover", "daycare-pickup"],
        }],
        "not_people": ["Kestrel Home"],
    }))
    _make_minutes_honest(root)
    result = _validate(root)
    assert result.returncode == 0, result.stderr
    # sentence starts and greetings are not names
    (root / "people.yaml").unlink()
    root2 = _two_files(
        tmp_path / "b", "On Monday, Thanks Nadia, said Hi Sam.", "On Monday Hi Sam left."
    )
    assert _validate(root2).returncode == 0


def test_validate_fails_when_a_modules_minutes_are_far_from_its_content(tmp_path):
    root = make_content(tmp_path, [scenario()], [module(minutes=60)])
    result = _validate(root, "--notebooks", str(NOTEBOOKS))
    assert result.returncode == 1
    assert "content/modules/names.yaml: module 'names': minutes: says 60, but its content " \
        "takes about" in result.stderr
    from widgets.content.durations import estimate_minutes

    course = load_course(make_content(tmp_path / "ok", [scenario()], [module()]))
    honest = round(estimate_minutes(course, course.module("names"), NOTEBOOKS))
    root = make_content(tmp_path / "honest", [scenario()], [module(minutes=honest)])
    assert _validate(root, "--notebooks", str(NOTEBOOKS)).returncode == 0
