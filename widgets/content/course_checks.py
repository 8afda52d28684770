"""Checks across the whole course, run after every file has been read on its own."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from widgets.content.durations import duration_problems, notebook_prose
from widgets.content.models import Course, StrictModel
from widgets.content.people import TextItem, model_text, people_problems
from widgets.content.reader import FileReader


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


