"""Checks across the whole course, run after every file has been read on its own; and the
judgment check's file (``content/judgment_check.yaml``), read and checked against the rest of
the course (its practices, settings, ids and people)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from widgets.content.durations import duration_problems, notebook_prose
from widgets.content.judgment import ITEMS_PER_PRACTICE, JudgmentCheck
from widgets.content.models import Course, Practice, StrictModel
from widgets.content.people import TextItem, model_text, people_problems
from widgets.content.reader import FileReader, describe

#: the judgment check's file, in the content folder
JUDGMENT_FILE = "judgment_check.yaml"


class Cast(StrictModel):
    """``content/people.yaml``: people who appear in several places on purpose, and
    capitalised word pairs that are places or things rather than people."""

    class Recurring(StrictModel):
        name: str = Field(min_length=3)
        role: str = Field(min_length=1)
        appears_in: tuple[str, ...] = Field(min_length=2)

    recurring: tuple[Recurring, ...] = ()
    not_people: tuple[str, ...] = ()


def check_whole_course(reader: FileReader, course: Course, notebooks_dir: Path | None) -> None:
    """Names across all files, and (with the notebooks) each module's declared minutes."""
    cast = Cast()
    cast_path = reader.content_dir / "people.yaml"
    if cast_path.exists():
        data = reader.read_yaml(cast_path)
        cast = reader.build(Cast, data, cast_path, "people") if data is not None else None
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
    if course.judgment is not None:
        # the judgment check's people follow the scenarios' rules: each item its own people
        label = f"content/{JUDGMENT_FILE}"
        items.extend(
            TextItem(label, f"judgment item '{item.id}'", item.id, model_text(item))
            for form in course.judgment.forms.values() for item in form
        )
    for key, workshop in course.workshops.items():
        label = reader.labels.get(key, "content/workshops")
        # a role-play card used by two agendas is one card, with the same people
        items.append(TextItem(
            label, f"workshop '{key}'", key,
            model_text(workshop.model_copy(update={"role_play_cards": ()})),
            related=frozenset(
                scenario for segment in workshop.segments for scenario in segment.scenarios
            ),
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


def judgment_error(detail: Mapping[str, Any], data: Any) -> str:
    """A validation error of the judgment check's file as ``field: problem``, naming the item
    by its place and id (``forms.a[3] (jc-a-names-2): options[1].effectiveness: ...``)."""
    location = tuple(detail["loc"])
    if len(location) >= 3 and location[0] == "forms" and isinstance(location[2], int):
        form, index = location[1], location[2]
        try:
            raw_id = data["forms"][form][index].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            raw_id = None
        where = f"forms.{form}[{index}]" + (f" ({raw_id})" if isinstance(raw_id, str) else "")
        return f"{where}: {describe({**detail, 'loc': location[3:]})}"
    return describe(detail)


def judgment_problems(
    check: JudgmentCheck, practices: Mapping[str, Practice], settings: Mapping[str, str],
    taken: Mapping[str, str],
) -> list[str]:
    """The judgment check against the course, as ``field: problem`` lines: each item about
    one of the course's practices and set in one of its settings, each form with
    :data:`ITEMS_PER_PRACTICE` items for every practice, and no item id that is already the
    id of something else (``taken``: id to what it names, e.g. "scenario 'x' in <file>")."""
    problems = []
    for name, items in sorted(check.forms.items()):
        for index, item in enumerate(items):
            where = f"forms.{name}[{index}] ({item.id})"
            if practices and item.practice not in practices:
                problems.append(f"{where}: practice: unknown practice '{item.practice}' "
                                f"(known: {', '.join(sorted(practices))})")
            if settings and item.setting not in settings:
                problems.append(f"{where}: setting: unknown setting '{item.setting}' "
                                f"(known: {', '.join(sorted(settings))})")
            if item.id in taken:
                problems.append(f"{where}: id: already the id of {taken[item.id]}; give the "
                                "item its own id")
        counts = Counter(item.practice for item in items)
        for practice in practices:
            if counts[practice] != ITEMS_PER_PRACTICE:
                problems.append(
                    f"forms.{name}: practice '{practice}' has {counts[practice]} item(s); a "
                    f"form has {ITEMS_PER_PRACTICE} for each of the course's practices"
                )
    return problems


def read_judgment(
    reader: FileReader, practices: dict[str, Practice], settings: dict[str, str],
    taken: dict[str, str],
) -> JudgmentCheck | None:
    """``content/judgment_check.yaml`` (None when there is none), checked against the course
    (``taken``: ids already used, to what they name)."""
    path, known = reader.content_dir / JUDGMENT_FILE, len(reader.problems)
    data = reader.read_yaml(path) if path.exists() else None
    if not isinstance(data, dict):
        if path.exists() and len(reader.problems) == known:  # a YAML error is reported
            reader.report(path, "expected a mapping with 'scale' and 'forms'")
        return None
    try:
        check = JudgmentCheck.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            reader.report(path, judgment_error(detail, data))
        return None
    for problem in judgment_problems(check, practices, settings, taken):
        reader.report(path, problem)
    return check
