"""Every setting a host gives the course through the environment, in one place: its variable,
its default and what it does. Modules read a setting through its :class:`Setting` here, never
``os.environ`` by name; ``python -m widgets serve`` checks them once at start and stops with a
message that names the setting; ``python -m widgets settings`` prints the table the README
shows (with the server's own ``--CourseVoila.*`` settings).

A leaf every layer may import, like :mod:`widgets.limits`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One environment variable the host may set."""

    variable: str
    default: str
    purpose: str

    def value(self, environ: Mapping[str, str] | None = None) -> str:
        """The setting's value ('' when unset), spaces trimmed."""
        return (os.environ if environ is None else environ).get(self.variable, "").strip()


DATABASE = Setting(
    "MICROMOMENTS_DB", "a SQLite file in the user's data folder",
    "Where learners' progress is kept: a file path (SQLite) or a database URL such as "
    "`postgresql+psycopg://user:secret@host/course`.",
)
CONTENT = Setting(
    "MICROMOMENTS_CONTENT", "`content/` in the project",
    "The folder of the course's YAML content.",
)
CACHE = Setting(
    "MICROMOMENTS_CACHE", "the user's cache folder",
    "Where the validated content is cached for fast page starts.",
)
FACILITATOR_KEY = Setting(
    "MICROMOMENTS_FACILITATOR_KEY", "unset: anyone may create a room",
    "The host key that creating a workshop room needs (at least 12 characters).",
)
LRS_URL = Setting(
    "MICROMOMENTS_LRS_URL", "unset: reporting is off",
    "The LRS's address; setting it turns xAPI reporting on.",
)
LRS_USERNAME = Setting("MICROMOMENTS_LRS_USERNAME", "", "The LRS's username.")
LRS_PASSWORD = Setting("MICROMOMENTS_LRS_PASSWORD", "", "The LRS's password.")
LRS_CREDENTIALS_FILE = Setting(
    "MICROMOMENTS_LRS_CREDENTIALS_FILE", "",
    "A file holding `username:password` on its first line, instead of the two above.",
)
LRS_ACCOUNT_HOMEPAGE = Setting(
    "MICROMOMENTS_LRS_ACCOUNT_HOMEPAGE", "`https://micromoments.example/learners`",
    "The `homePage` of every learner's xAPI account.",
)
LRS_ACTIVITY_BASE = Setting(
    "MICROMOMENTS_LRS_ACTIVITY_BASE", "`https://micromoments.example`",
    "The start of every activity id.",
)
LRS_COURSE_ID = Setting(
    "MICROMOMENTS_LRS_COURSE_ID", "`leadership-in-micro-moments`",
    "The course's part of every activity id.",
)
LRS_BACKOFF_MAX = Setting(
    "MICROMOMENTS_LRS_BACKOFF_MAX", "300",
    "The longest wait, in seconds, between two tries while the LRS cannot be reached.",
)

#: what a host may set, in the order the README lists them
HOST_SETTINGS = (
    DATABASE, CONTENT, CACHE, FACILITATOR_KEY, LRS_URL, LRS_USERNAME, LRS_PASSWORD,
    LRS_CREDENTIALS_FILE, LRS_ACCOUNT_HOMEPAGE, LRS_ACTIVITY_BASE, LRS_COURSE_ID,
    LRS_BACKOFF_MAX,
)

#: what the course server sets for its page kernels (not for hosts)
ADDRESS_DIR = Setting(
    "MICROMOMENTS_ADDRESS_DIR", "set by the server",
    "Where the server leaves each preheated page kernel its client's address and browser id.",
)
BROWSER = Setting(
    "MICROMOMENTS_BROWSER", "set by the server",
    "The browser id of a page kernel started for its request.",
)

FACILITATOR_KEY_MIN = 12
#: the database URL schemes the store is tested with
DATABASE_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")


def host_setting_problems(environ: Mapping[str, str] | None = None) -> list[str]:
    """What is wrong with the host's settings, each a sentence that names the setting
    (the LRS settings are checked by ``widgets.reporting.config``)."""
    problems = []
    key = FACILITATOR_KEY.value(environ)
    if key and len(key) < FACILITATOR_KEY_MIN:
        problems.append(
            f"{FACILITATOR_KEY.variable} must be at least {FACILITATOR_KEY_MIN} characters "
            f"(it has {len(key)}): a short host key can be guessed."
        )
    database = DATABASE.value(environ)
    if "://" in database and database.split("://", 1)[0] not in DATABASE_SCHEMES:
        problems.append(
            f"{DATABASE.variable} must be a file path or a URL starting with "
            f"{' or '.join(s + '://' for s in DATABASE_SCHEMES)}, got "
            f"{database.split('://', 1)[0]}://..."
        )
    content = CONTENT.value(environ)
    if content and not os.path.isdir(content):
        problems.append(f"{CONTENT.variable} must be a folder; {content!r} is not one.")
    return problems


def environment_table() -> list[str]:
    """The host's environment settings as Markdown table rows."""
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    for setting in HOST_SETTINGS:
        rows.append(f"| `{setting.variable}` | {setting.default or '-'} | {setting.purpose} |")
    return rows
