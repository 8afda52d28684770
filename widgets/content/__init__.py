"""The course as data: typed models, loading and validation, the quality report.

This layer reads ``content/*.yaml`` and knows nothing of widgets or storage::

    content/*.yaml --reader--> loader (models, cross-file checks) --> Course --cache--> widgets
"""

from widgets.content.cache import (
    content_fingerprint,
    default_cache_dir,
    get_course,
    load_course_cached,
)
from widgets.content.reader import (
    PACKAGE_ROOT,
    PROJECT_ROOT,
    ContentError,
    default_content_dir,
    default_notebooks_dir,
)


def __getattr__(name: str):
    # the loader (YAML, validators) is imported on first use: page kernels never need it
    if name in ("load_course", "validate_content"):
        from widgets.content import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'widgets.content' has no attribute {name!r}")


__all__ = [
    "PACKAGE_ROOT",
    "PROJECT_ROOT",
    "ContentError",
    "content_fingerprint",
    "default_cache_dir",
    "default_content_dir",
    "default_notebooks_dir",
    "get_course",
    "load_course",
    "load_course_cached",
    "validate_content",
]
