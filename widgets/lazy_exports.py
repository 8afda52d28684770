"""Package names imported on first use (PEP 562), so that importing a package costs nothing
until one of its names is used: a page kernel loads the modules of what it shows."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(
    package: str, where: dict[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` for the names in ``where`` (name -> the
    module that defines it); a name is imported on first use and kept in ``namespace``."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's own name
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where[name]), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the module hook's own name
        return sorted({*namespace, *where})

    return __getattr__, __dir__
