"""The validated course, cached between page kernels, and the one course of a kernel."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

import platformdirs
import pydantic

from widgets.content.models import Course
from widgets.content.reader import default_content_dir
from widgets.settings import CACHE

CONTENT_PACKAGE = Path(__file__).resolve().parent


def load_course(content_dir: Path | str | None = None) -> Course:
    """Read and validate the YAML (the loader and its validators are imported only now, so a
    page kernel that reads the cache never loads them)."""
    from widgets.content.loader import load_course as read_and_validate

    return read_and_validate(content_dir)


def default_cache_dir() -> Path:
    """Where validated content is cached (``MICROMOMENTS_CACHE`` overrides it)."""
    override = CACHE.value()
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("micromoments", appauthor=False))


def content_fingerprint(content_dir: Path) -> str:
    """A hash of every content file's name, size and modification time, and of the code
    that reads them: it changes whenever the cached course could be stale."""
    digest = hashlib.sha256(f"pydantic {pydantic.VERSION}\n".encode())
    sources = sorted(CONTENT_PACKAGE.glob("*.py"))
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
