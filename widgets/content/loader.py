"""Load the course content from YAML and validate it into typed models.

Each kind of file has its reader here; :func:`load_course` reads them all, checks what
refers to what, then runs the checks across the whole course (names, durations).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from widgets.content.course_checks import check_whole_course, read_judgment
from widgets.content.models import (
    Conversation,
    Course,
    Exercise,
    Module,
    Practice,
    Scenario,
    SelfAssessment,
    Workshop,
    graph_problems,
)
from widgets.content.reader import (
    ContentError,
    FileReader,
    default_content_dir,
    describe,
    item_name,
)
from widgets.content.reply_rules import RULES


def _read_course_file(reader: FileReader) -> tuple[str, dict[str, Practice], dict[str, str]]:
    path = reader.content_dir / "course.yaml"
    if not path.exists():
        reader.report(path, "file missing: it names the course and its practices")
        return "", {}, {}
    data = reader.read_yaml(path)
    if not isinstance(data, dict):
        if data is not None:
            reader.report(path, "expected a mapping with 'title', 'practices' and 'settings'")
        return "", {}, {}
    if extra := set(data) - {"title", "practices", "settings"}:
        reader.report(path, f"{', '.join(sorted(extra))}: unknown field (check the spelling)")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        reader.report(path, "title: field required")
        title = ""
    settings = data.get("settings")
    if not isinstance(settings, dict) or not settings or not all(
        isinstance(key, str) and isinstance(value, str) and value.strip()
        for key, value in settings.items()
    ):
        reader.report(path, "settings: expected a mapping of setting id to description")
        settings = {}
    practices: dict[str, Practice] = {}
    raw_practices = data.get("practices")
    if not isinstance(raw_practices, list) or not raw_practices:
        reader.report(path, "practices: expected a list of practices")
        return title, practices, settings
    for index, raw in enumerate(raw_practices):
        practice = reader.build(Practice, raw, path, item_name("practice", raw, index))
        if practice is None:
            continue
        if practice.id in practices:
            reader.report(path, f"practice '{practice.id}': id: duplicate id")
        practices[practice.id] = practice
    return title, practices, settings


def _read_scenarios(
    reader: FileReader, practices: dict[str, Practice], settings: dict[str, str]
) -> dict[str, Scenario]:
    scenarios: dict[str, Scenario] = {}
    origin: dict[str, Path] = {}
    for path in sorted((reader.content_dir / "scenarios").glob("*.yaml")):
        data = reader.read_yaml(path)
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
            reader.report(path, "expected a mapping with a 'scenarios' list")
            continue
        if extra := set(data) - {"scenarios"}:
            reader.report(path, f"{', '.join(sorted(extra))}: unknown field (check the spelling)")
        for index, raw in enumerate(data["scenarios"]):
            item = item_name("scenario", raw, index)
            scenario = reader.build(Scenario, raw, path, item)
            if scenario is None:
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    reader.invalid_scenario_ids.add(raw["id"])
                continue
            if practices and scenario.practice not in practices:
                known = ", ".join(sorted(practices))
                reader.report(
                    path,
                    f"{item}: practice: unknown practice '{scenario.practice}' (known: {known})",
                )
            if settings and scenario.setting not in settings:
                known = ", ".join(sorted(settings))
                reader.report(
                    path,
                    f"{item}: setting: unknown setting '{scenario.setting}' (known: {known})",
                )
            if scenario.id in scenarios:
                first = reader.label(origin[scenario.id])
                reader.report(path, f"{item}: id: duplicate id (first used in {first})")
                continue
            scenarios[scenario.id] = scenario
            origin[scenario.id] = path
            reader.labels[scenario.id] = reader.label(path)
    return scenarios


def _check_practices(
    reader: FileReader, path: Path, item: str, field: str, ids: Iterable[str],
    practices: dict[str, Practice],
) -> None:
    for practice_id in ids:
        if practices and practice_id not in practices:
            known = ", ".join(sorted(practices))
            reader.report(
                path, f"{item}: {field}: unknown practice '{practice_id}' (known: {known})"
            )


def _read_conversations(
    reader: FileReader, practices: dict[str, Practice], settings: dict[str, str]
) -> dict[str, Conversation]:
    """One branching conversation per file in ``content/conversations/``."""
    conversations: dict[str, Conversation] = {}
    for path, item, conversation in reader.models_per_file(
        "conversations", Conversation, "conversation"
    ):
        for problem in graph_problems(conversation):
            reader.report(path, f"{item}: {problem}")
        _check_practices(reader, path, item, "practices", conversation.practices, practices)
        for key, node in conversation.nodes.items():
            for index, choice in enumerate(node.choices):
                _check_practices(
                    reader, path, item, f"node '{key}': choices[{index}].uses",
                    choice.uses, practices,
                )
                _check_practices(
                    reader, path, item, f"node '{key}': choices[{index}].misses",
                    choice.misses, practices,
                )
                if choice.meter < 0 and choice.uses:
                    # the ending would tell the learner they used a practice they did not
                    reader.report(
                        path,
                        f"{item}: node '{key}': choices[{index}].uses: a choice that lowers "
                        "the meter cannot use a practice well; move it to misses",
                    )
        if settings and conversation.setting not in settings:
            reader.report(path, f"{item}: setting: unknown setting '{conversation.setting}'")
        if conversation.id in conversations:
            reader.report(path, f"{item}: id: duplicate id")
        conversations[conversation.id] = conversation
        reader.labels[conversation.id] = reader.label(path)
    return conversations


@functools.cache
def _exercise_adapter() -> TypeAdapter:
    return TypeAdapter(Exercise)


def _read_exercises(
    reader: FileReader, practices: dict[str, Practice]
) -> dict[str, Exercise]:
    """Practice exercises (pause, reply, names) listed in ``content/exercises/*.yaml``."""
    exercises: dict[str, Exercise] = {}
    for path in sorted((reader.content_dir / "exercises").glob("*.yaml")):
        data = reader.read_yaml(path)
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
            reader.report(path, "expected a mapping with an 'exercises' list")
            continue
        for index, raw in enumerate(data["exercises"]):
            item = item_name("exercise", raw, index)
            if not isinstance(raw, dict):
                reader.report(path, f"{item}: expected a mapping of fields")
                continue
            try:
                exercise = _exercise_adapter().validate_python(raw)
            except ValidationError as error:
                for detail in error.errors():
                    detail = {**detail, "loc": tuple(detail["loc"])[1:]}
                    reader.report(path, f"{item}: {describe(detail)}")
                if isinstance(raw.get("id"), str):
                    reader.invalid_ids.add(raw["id"])
                continue
            _check_practices(reader, path, item, "practice", [exercise.practice], practices)
            if exercise.kind == "reply":
                for check_index, check in enumerate(exercise.checks):
                    if check not in RULES:
                        known = ", ".join(RULES)
                        reader.report(
                            path,
                            f"{item}: checks[{check_index}]: unknown check '{check}' "
                            f"(known: {known})",
                        )
            if exercise.id in exercises:
                reader.report(path, f"{item}: id: duplicate id")
            exercises[exercise.id] = exercise
            reader.labels[exercise.id] = reader.label(path)
    return exercises


def _read_workshops(
    reader: FileReader, practices: dict[str, Practice], scenarios: dict[str, Scenario]
) -> dict[str, Workshop]:
    """Workshop agendas, one per file in ``content/workshops/``."""
    workshops: dict[str, Workshop] = {}
    for path, item, workshop in reader.models_per_file("workshops", Workshop, "workshop"):
        for index, segment in enumerate(workshop.segments):
            for scenario_index, scenario_id in enumerate(segment.scenarios):
                if scenario_id not in scenarios and scenario_id not in reader.invalid_scenario_ids:
                    reader.report(
                        path,
                        f"{item}: segments[{index}].scenarios[{scenario_index}]: unknown "
                        f"scenario '{scenario_id}'",
                    )
        for index, card in enumerate(workshop.role_play_cards):
            _check_practices(
                reader, path, item, f"role_play_cards[{index}].practice", [card.practice],
                practices,
            )
        if workshop.id in workshops:
            reader.report(path, f"{item}: id: duplicate id")
        workshops[workshop.id] = workshop
        reader.labels[workshop.id] = reader.label(path)
    return workshops


def _read_self_assessment(reader: FileReader) -> SelfAssessment | None:
    path = reader.content_dir / "self_assessment.yaml"
    if not path.exists():
        return None
    data = reader.read_yaml(path)
    if data is None:
        return None
    return reader.build(SelfAssessment, data, path, "self-assessment")


def _read_modules(
    reader: FileReader,
    practices: dict[str, Practice],
    scenarios: dict[str, Scenario],
    notebooks_dir: Path | None,
    conversations: dict[str, Conversation] | None = None,
    exercises: dict[str, Exercise] | None = None,
) -> list[Module]:
    modules: list[Module] = []
    seen_ids: dict[str, Path] = {}
    seen_reflections: dict[str, Path] = {}
    for path in sorted((reader.content_dir / "modules").glob("*.yaml")):
        data = reader.read_yaml(path)
        if data is None:
            continue
        item = item_name("module", data, 0) if isinstance(data, dict) else "module"
        module = reader.build(Module, data, path, item)
        if module is None:
            continue
        if module.id in seen_ids:
            first = reader.label(seen_ids[module.id])
            reader.report(path, f"{item}: id: duplicate id (first used in {first})")
            continue
        seen_ids[module.id] = path
        reader.labels[module.id] = reader.label(path)
        if module.practice is not None and practices and module.practice not in practices:
            reader.report(path, f"{item}: practice: unknown practice '{module.practice}'")
        for index, scenario_id in enumerate(module.scenarios):
            if scenario_id not in scenarios and scenario_id not in reader.invalid_scenario_ids:
                reader.report(path, f"{item}: scenarios[{index}]: unknown scenario '{scenario_id}'")
        if (
            module.conversation is not None
            and module.conversation not in (conversations or {})
            and module.conversation not in reader.invalid_ids
        ):
            reader.report(
                path, f"{item}: conversation: unknown conversation '{module.conversation}'"
            )
        for index, exercise_id in enumerate(module.exercises):
            if exercise_id not in (exercises or {}) and exercise_id not in reader.invalid_ids:
                reader.report(path, f"{item}: exercises[{index}]: unknown exercise '{exercise_id}'")
        for index, reflection in enumerate(module.reflections):
            if reflection.id in seen_reflections:
                reader.report(
                    path, f"{item}: reflections[{index}].id: duplicate id '{reflection.id}'"
                )
            seen_reflections[reflection.id] = path
        if notebooks_dir is not None and not (notebooks_dir / module.notebook).exists():
            reader.report(path, f"{item}: notebook: no notebook '{module.notebook}' in notebooks/")
        modules.append(module)
    orders: dict[int, str] = {}
    for module in modules:
        if module.order in orders:
            reader.report(
                seen_ids[module.id],
                f"module '{module.id}': order: {module.order} is also used by "
                f"module '{orders[module.order]}'",
            )
        orders[module.order] = module.id
    if not modules:
        reader.report(reader.content_dir / "modules", "no module files found")
    return sorted(modules, key=lambda module: module.order)


def load_course(
    content_dir: Path | str | None = None,
    notebooks_dir: Path | str | None = None,
    whole_course: bool = True,
) -> Course:
    """Read and validate all content; raise :class:`ContentError` listing every problem.

    ``notebooks_dir``, when given, is used to check that each module's notebook exists.
    ``whole_course=False`` skips the checks across files (names, durations), so the quality
    report can still be drawn while those are being fixed.
    """
    directory = Path(content_dir) if content_dir is not None else default_content_dir()
    reader = FileReader(directory)
    if not directory.is_dir():
        raise ContentError([f"{directory}: content directory not found"])
    title, practices, settings = _read_course_file(reader)
    scenarios = _read_scenarios(reader, practices, settings)
    conversations = _read_conversations(reader, practices, settings)
    exercises = _read_exercises(reader, practices)
    self_assessment = _read_self_assessment(reader)
    taken = {key: f"{kind} '{key}' in {reader.labels[key]}" for kind, ids in (
        ("scenario", scenarios), ("conversation", conversations)) for key in ids}
    judgment = read_judgment(reader, practices, settings, taken)
    workshops = _read_workshops(reader, practices, scenarios)
    modules = _read_modules(
        reader, practices, scenarios, Path(notebooks_dir) if notebooks_dir else None,
        conversations, exercises,
    )
    if reader.problems:
        raise ContentError(reader.problems)
    course = Course(
        title=title,
        practices=practices,
        settings=settings,
        scenarios=scenarios,
        modules=tuple(modules),
        conversations=conversations,
        exercises=exercises,
        self_assessment=self_assessment,
        workshops=workshops,
        judgment=judgment,
    )
    if whole_course:
        check_whole_course(reader, course, Path(notebooks_dir) if notebooks_dir else None)
    if reader.problems:
        raise ContentError(reader.problems)
    return course


def validate_content(
    content_dir: Path | str | None = None, notebooks_dir: Path | str | None = None
) -> list[str]:
    """Every problem in the content, as ``file: item: field: problem`` lines."""
    try:
        load_course(content_dir, notebooks_dir)
    except ContentError as error:
        return error.problems
    return []
