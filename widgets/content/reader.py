"""Reading content files: YAML parsing and problems reported as ``file: item: field: problem``.

Every problem names the file, the item and the field, so that a facilitator editing a YAML
file can find and fix it without reading Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from widgets.settings import CONTENT

#: the ``widgets`` package folder
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
PROJECT_ROOT = PACKAGE_ROOT.parent

def default_content_dir() -> Path:
    """Where the course content lives (``MICROMOMENTS_CONTENT`` overrides it)."""
    return Path(CONTENT.value() or PROJECT_ROOT / "content")


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


def describe(error: dict[str, Any]) -> str:
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


class FileReader:
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
            item = item_name(kind, data, 0) if isinstance(data, dict) else kind
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
                self.report(path, f"{item}: {describe(detail)}")
            return None


def item_name(kind: str, data: Any, index: int) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"]:
        return f"{kind} '{data['id']}'"
    return f"{kind} #{index + 1}"


