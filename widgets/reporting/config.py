"""The host's reporting settings, read from the environment: off unless an LRS URL is set.

``MICROMOMENTS_LRS_URL`` turns reporting on (the LRS's address; statements go to
``<url>/xAPI/statements`` unless the URL already ends in ``/xAPI``). The credentials come
from ``MICROMOMENTS_LRS_USERNAME`` and ``MICROMOMENTS_LRS_PASSWORD``, or from a file named by
``MICROMOMENTS_LRS_CREDENTIALS_FILE`` holding ``username:password`` on its first line. A
wrong setting raises :class:`ReportingConfigError` with a message that names the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from widgets import settings

URL_VARIABLE = settings.LRS_URL.variable
USERNAME_VARIABLE = settings.LRS_USERNAME.variable
PASSWORD_VARIABLE = settings.LRS_PASSWORD.variable
CREDENTIALS_FILE_VARIABLE = settings.LRS_CREDENTIALS_FILE.variable
HOMEPAGE_VARIABLE = settings.LRS_ACCOUNT_HOMEPAGE.variable
ACTIVITY_BASE_VARIABLE = settings.LRS_ACTIVITY_BASE.variable
COURSE_ID_VARIABLE = settings.LRS_COURSE_ID.variable
BACKOFF_MAX_VARIABLE = settings.LRS_BACKOFF_MAX.variable

DEFAULT_HOMEPAGE = "https://micromoments.example/learners"
DEFAULT_ACTIVITY_BASE = "https://micromoments.example"
DEFAULT_COURSE_ID = "leadership-in-micro-moments"
#: the longest wait between two tries while the LRS cannot be reached (seconds)
DEFAULT_BACKOFF_MAX = 300.0


class ReportingConfigError(ValueError):
    """A reporting setting is wrong; the message names the variable and says why."""


@dataclass(frozen=True)
class ReportingConfig:
    """Where statements go and how they name learners and activities."""

    #: the LRS's xAPI endpoint, ending in ``/xAPI`` (statements are under it)
    endpoint: str
    username: str
    password: str
    #: the ``homePage`` of every learner's account
    account_homepage: str = DEFAULT_HOMEPAGE
    #: the start of every activity id (``<base>/micromoments/<course id>/...``)
    activity_base: str = DEFAULT_ACTIVITY_BASE
    course_id: str = DEFAULT_COURSE_ID
    backoff_max: float = DEFAULT_BACKOFF_MAX

    @property
    def statements_url(self) -> str:
        """The statements resource of the LRS."""
        return self.endpoint + "/statements"


def reporting_enabled(environ: Mapping[str, str] | None = None) -> bool:
    """True when the host has set an LRS URL (reporting is off by default)."""
    environ = os.environ if environ is None else environ
    return bool(environ.get(URL_VARIABLE, "").strip())


def _http_url(value: str, variable: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ReportingConfigError(
            f"{variable} must be an http:// or https:// address, got {value!r}"
        )
    if parts.query or parts.fragment:
        raise ReportingConfigError(f"{variable} must have no ?query or #fragment: {value!r}")
    return value.rstrip("/")


def _endpoint(url: str) -> str:
    url = _http_url(url, URL_VARIABLE)
    return url if url.lower().endswith("/xapi") else url + "/xAPI"


def _credentials(environ: Mapping[str, str]) -> tuple[str, str]:
    file_name = environ.get(CREDENTIALS_FILE_VARIABLE, "").strip()
    username = environ.get(USERNAME_VARIABLE, "")
    password = environ.get(PASSWORD_VARIABLE, "")
    if file_name:
        if username or password:
            raise ReportingConfigError(
                f"set either {CREDENTIALS_FILE_VARIABLE} or {USERNAME_VARIABLE} and "
                f"{PASSWORD_VARIABLE}, not both"
            )
        try:
            lines = Path(file_name).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise ReportingConfigError(
                f"{CREDENTIALS_FILE_VARIABLE}: cannot read {file_name} ({error.strerror})"
            ) from error
        first = lines[0].strip() if lines else ""
        username, separator, password = first.partition(":")
        if not separator or not username or not password:
            raise ReportingConfigError(
                f"{CREDENTIALS_FILE_VARIABLE}: the first line of {file_name} must be "
                "username:password"
            )
        return username, password
    if not username or not password:
        missing = USERNAME_VARIABLE if not username else PASSWORD_VARIABLE
        raise ReportingConfigError(
            f"{URL_VARIABLE} is set but {missing} is not: give the LRS's credentials in "
            f"{USERNAME_VARIABLE} and {PASSWORD_VARIABLE}, or in a file named by "
            f"{CREDENTIALS_FILE_VARIABLE}"
        )
    if ":" in username:
        raise ReportingConfigError(f"{USERNAME_VARIABLE} cannot contain ':'")
    return username, password


def _backoff_max(environ: Mapping[str, str]) -> float:
    text = environ.get(BACKOFF_MAX_VARIABLE, "").strip()
    if not text:
        return DEFAULT_BACKOFF_MAX
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.1 <= value <= 86_400:
        raise ReportingConfigError(
            f"{BACKOFF_MAX_VARIABLE} must be a number of seconds from 0.1 to 86400, got {text!r}"
        )
    return value


def _course_id(environ: Mapping[str, str]) -> str:
    value = environ.get(COURSE_ID_VARIABLE, "").strip() or DEFAULT_COURSE_ID
    if not value.replace("-", "").isalnum() or not value.isascii():
        raise ReportingConfigError(
            f"{COURSE_ID_VARIABLE} must be letters, digits and hyphens, got {value!r}"
        )
    return value


def load_config(
    environ: Mapping[str, str] | None = None, credentials: bool = True
) -> ReportingConfig | None:
    """The reporting settings, or None when reporting is off (no LRS URL). A page kernel,
    which only queues statements, asks with ``credentials=False`` and never reads them."""
    environ = os.environ if environ is None else environ
    if not reporting_enabled(environ):
        return None
    username, password = _credentials(environ) if credentials else ("", "")
    homepage = environ.get(HOMEPAGE_VARIABLE, "").strip() or DEFAULT_HOMEPAGE
    base = environ.get(ACTIVITY_BASE_VARIABLE, "").strip() or DEFAULT_ACTIVITY_BASE
    return ReportingConfig(
        endpoint=_endpoint(environ[URL_VARIABLE].strip()),
        username=username,
        password=password,
        account_homepage=_http_url(homepage, HOMEPAGE_VARIABLE),
        activity_base=_http_url(base, ACTIVITY_BASE_VARIABLE),
        course_id=_course_id(environ),
        backoff_max=_backoff_max(environ),
    )
