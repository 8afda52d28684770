"""Load the course content from YAML and validate it into typed models.

Every problem is reported as ``file: item: field: problem`` so that a facilitator
editing a YAML file can find and fix it without reading Python.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import platformdirs
import pydantic
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from .models import (
    Conversation,
    Course,
    Exercise,
    Module,
    Practice,
    Scenario,
    SelfAssessment,
    StrictModel,
    Workshop,
    graph_problems,
)
from .reply_rules import RULES

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent


def default_content_dir() -> Path:
    """Where the course content lives (``MICROMOMENTS_CONTENT`` overrides it)."""
    return Path(os.environ.get("MICROMOMENTS_CONTENT", PROJECT_ROOT / "content"))


def default_notebooks_dir() -> Path:
    """Where the lesson notebooks live."""
    return PROJECT_ROOT / "notebooks"


class ContentError(Exception):
    """One or more problems in the content files; ``problems`` lists them all."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _field_path(location: Iterable[Any]) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _describe(error: dict[str, Any]) -> str:
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown field (check the spelling)"
    elif error["type"] == "literal_error":
        message = message[0].lower() + message[1:]
    else:
        message = message[0].lower() + message[1:]
    field = _field_path(error["loc"])
    return f"{field}: {message}" if field else message


class _FileReader:
    """Collects problems while reading one content directory."""

    def __init__(self, content_dir: Path):
        self.content_dir = content_dir
        self.problems: list[str] = []
        # ids of scenarios that exist but failed validation: modules naming them are not
        # reported again, the scenario's own problem is the one to fix
        self.invalid_scenario_ids: set[str] = set()
        # the same for conversations and exercises
        self.invalid_ids: set[str] = set()
        #: the file each item came from, by id (for problems found across the course)
        self.labels: dict[str, str] = {}

    def label(self, path: Path) -> str:
        try:
            return str(Path("content") / path.relative_to(self.content_dir))
        except ValueError:
            return str(path)

    def report(self, path: Path, message: str) -> None:
        self.problems.append(f"{self.label(path)}: {message}")

    def read_yaml(self, path: Path) -> Any:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.report(path, f"cannot read file: {error}")
            return None
        import yaml  # only when parsing: a page kernel reads the validated cache instead

        try:
            # the C safe loader when available: the same safe subset of YAML, parsed faster
            return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            problem = getattr(error, "problem", None) or str(error)
            self.report(path, f"{where}YAML syntax error: {problem}")
            return None

    def models_per_file(
        self, folder: str, model: type[BaseModel], kind: str
    ) -> Iterator[tuple[Path, str, Any]]:
        """Each valid ``model`` in ``content/<folder>/*.yaml`` (one per file) with its label;
        ids of invalid ones are remembered so references to them are not reported twice."""
        for path in sorted((self.content_dir / folder).glob("*.yaml")):
            data = self.read_yaml(path)
            if data is None:
                continue
            item = _item_name(kind, data, 0) if isinstance(data, dict) else kind
            built = self.build(model, data, path, item)
            if built is None:
                if isinstance(data, dict) and isinstance(data.get("id"), str):
                    self.invalid_ids.add(data["id"])
                continue
            yield path, item, built

    def build(self, model: type[BaseModel], data: Any, path: Path, item: str) -> Any:
        if not isinstance(data, dict):
            self.report(path, f"{item}: expected a mapping of fields, found {type(data).__name__}")
            return None
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for detail in error.errors():
                self.report(path, f"{item}: {_describe(detail)}")
            return None


def _item_name(kind: str, data: Any, index: int) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"]:
        return f"{kind} '{data['id']}'"
    return f"{kind} #{index + 1}"


def _read_course_file(reader: _FileReader) -> tuple[str, dict[str, Practice], dict[str, str]]:
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
        practice = reader.build(Practice, raw, path, _item_name("practice", raw, index))
        if practice is None:
            continue
        if practice.id in practices:
            reader.report(path, f"practice '{practice.id}': id: duplicate id")
        practices[practice.id] = practice
    return title, practices, settings


def _read_scenarios(
    reader: _FileReader, practices: dict[str, Practice], settings: dict[str, str]
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
            item = _item_name("scenario", raw, index)
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
    reader: _FileReader, path: Path, item: str, field: str, ids: Iterable[str],
    practices: dict[str, Practice],
) -> None:
    for practice_id in ids:
        if practices and practice_id not in practices:
            known = ", ".join(sorted(practices))
            reader.report(
                path, f"{item}: {field}: unknown practice '{practice_id}' (known: {known})"
            )


def _read_conversations(
    reader: _FileReader, practices: dict[str, Practice], settings: dict[str, str]
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
    reader: _FileReader, practices: dict[str, Practice]
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
            item = _item_name("exercise", raw, index)
            if not isinstance(raw, dict):
                reader.report(path, f"{item}: expected a mapping of fields")
                continue
            try:
                exercise = _exercise_adapter().validate_python(raw)
            except ValidationError as error:
                for detail in error.errors():
                    detail = {**detail, "loc": tuple(detail["loc"])[1:]}
                    reader.report(path, f"{item}: {_describe(detail)}")
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
    reader: _FileReader, practices: dict[str, Practice], scenarios: dict[str, Scenario]
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


def _read_self_assessment(reader: _FileReader) -> SelfAssessment | None:
    path = reader.content_dir / "self_assessment.yaml"
    if not path.exists():
        return None
    data = reader.read_yaml(path)
    if data is None:
        return None
    return reader.build(SelfAssessment, data, path, "self-assessment")


def _read_modules(
    reader: _FileReader,
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
        item = _item_name("module", data, 0) if isinstance(data, dict) else "module"
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
    content_dir: Path | str | None = None, notebooks_dir: Path | str | None = None
) -> Course:
    """Read and validate all content; raise :class:`ContentError` listing every problem.

    ``notebooks_dir``, when given, is used to check that each module's notebook exists.
    """
    directory = Path(content_dir) if content_dir is not None else default_content_dir()
    reader = _FileReader(directory)
    if not directory.is_dir():
        raise ContentError([f"{directory}: content directory not found"])
    title, practices, settings = _read_course_file(reader)
    scenarios = _read_scenarios(reader, practices, settings)
    conversations = _read_conversations(reader, practices, settings)
    exercises = _read_exercises(reader, practices)
    self_assessment = _read_self_assessment(reader)
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
    )
    _check_whole_course(reader, course, Path(notebooks_dir) if notebooks_dir else None)
    if reader.problems:
        raise ContentError(reader.problems)
    return course


class _Cast(StrictModel):
    """``content/people.yaml``: people who appear in several places on purpose, and
    capitalised word pairs that are places or things rather than people."""

    class Recurring(StrictModel):
        name: str = Field(min_length=3)
        role: str = Field(min_length=1)
        appears_in: tuple[str, ...] = Field(min_length=2)

    recurring: tuple[Recurring, ...] = ()
    not_people: tuple[str, ...] = ()


def _check_whole_course(reader: _FileReader, course: Course, notebooks_dir: Path | None) -> None:
    """Names across all files, and (with the notebooks) each module's declared minutes."""
    from .content_checks import (
        TextItem,
        duration_problems,
        model_text,
        notebook_prose,
        people_problems,
    )

    cast = _Cast()
    cast_path = reader.content_dir / "people.yaml"
    if cast_path.exists():
        data = reader.read_yaml(cast_path)
        cast = reader.build(_Cast, data, cast_path, "people") if data is not None else None
        if cast is None:
            return
    items = [
        TextItem(reader.labels.get(key, "content"), f"{kind} '{key}'", key, model_text(model))
        for kind, models in (
            ("scenario", course.scenarios),
            ("conversation", course.conversations),
            ("exercise", course.exercises),
        )
        for key, model in models.items()
    ]
    for key, workshop in course.workshops.items():
        label = reader.labels.get(key, "content/workshops")
        # a role-play card used by two agendas is one card, with the same people
        items.append(TextItem(
            label, f"workshop '{key}'", key,
            model_text(workshop.model_copy(update={"role_play_cards": ()})),
        ))
        items.extend(
            TextItem(label, f"role-play card '{card.id}'", card.id, model_text(card))
            for card in workshop.role_play_cards
        )
    if notebooks_dir is not None:
        for notebook in sorted(notebooks_dir.glob("*.ipynb")):
            prose, _code = notebook_prose(notebook)
            items.append(
                TextItem(f"notebooks/{notebook.name}", "prose", notebook.stem, prose)
            )
    recurring = {person.name: set(person.appears_in) for person in cast.recurring}
    reader.problems.extend(people_problems(items, recurring, set(cast.not_people)))
    if notebooks_dir is not None:
        reader.problems.extend(duration_problems(course, notebooks_dir, reader.labels))


def validate_content(
    content_dir: Path | str | None = None, notebooks_dir: Path | str | None = None
) -> list[str]:
    """Every problem in the content, as ``file: item: field: problem`` lines."""
    try:
        load_course(content_dir, notebooks_dir)
    except ContentError as error:
        return error.problems
    return []


def default_cache_dir() -> Path:
    """Where validated content is cached (``MICROMOMENTS_CACHE`` overrides it)."""
    override = os.environ.get("MICROMOMENTS_CACHE")
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("micromoments", appauthor=False))


def content_fingerprint(content_dir: Path) -> str:
    """A hash of every content file's name, size and modification time, and of the code
    that reads them: it changes whenever the cached course could be stale."""
    digest = hashlib.sha256(f"pydantic {pydantic.VERSION}\n".encode())
    sources = [
        PACKAGE_ROOT / name
        for name in ("models.py", "content.py", "content_checks.py", "reply_rules.py")
    ]
    for path in [*sources, *sorted(content_dir.rglob("*.yaml"))]:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def load_course_cached(
    content_dir: Path | str | None = None, cache_dir: Path | None = None
) -> Course:
    """:func:`load_course`, but reuse the validated course while no file has changed.

    Every page in Voila is a new kernel; parsing and validating all the YAML costs most of a
    second, loading the cached course a few milliseconds. Only content that passed validation is
    cached, and a cache that cannot be read or written is simply skipped.
    """
    directory = Path(content_dir) if content_dir is not None else default_content_dir()
    cache = (cache_dir or default_cache_dir()) / f"course-{content_fingerprint(directory)}.pickle"
    try:
        # A pickle, not JSON: loading it skips validation (done when the cache was written),
        # so a page kernel never builds the validators (models are defer_build).
        course = pickle.loads(cache.read_bytes())
        if isinstance(course, Course):
            return course
    except Exception:  # noqa: BLE001 - any unreadable cache is rebuilt from the YAML
        pass
    course = load_course(directory)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(course, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, cache)
    except OSError:
        pass
    return course


@functools.lru_cache(maxsize=1)
def get_course() -> Course:
    """The course, loaded once per kernel (from the cache when the content is unchanged)."""
    return load_course_cached()
