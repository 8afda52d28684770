"""What the store accepts: sizes of what learners type, cleaned names, and tries of keys and
codes, counted in the database so that a new page (a new kernel) does not reset them.

The store enforces every limit itself; widgets check the same limits first so that the
learner sees a plain sentence and keeps what they typed.
"""

from __future__ import annotations

import re
import time

from widgets.store.database import Database

#: a learner's name, a workshop display name
NAME_MAX = 80
#: a workshop room's title
TITLE_MAX = 120
#: a reflection, a drafted reply, a plan, a log entry
TEXT_MAX = 10_000
#: five-day challenge entries a learner can keep
CHALLENGE_ENTRIES_MAX = 50
#: people who can join one room
ROOM_PARTICIPANTS_MAX = 300
#: failed tries of one kind a client address (or a target) gets in a minute...
TRIES_PER_MINUTE = 10
#: ...after which each further try waits this long, doubling each time (at most 15 minutes)
FIRST_DELAY_SECONDS = 5.0
MAX_DELAY_SECONDS = 900.0

# bidirectional controls (they can make a shown name read backwards) and invisible marks
_BIDI = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ANONYMOUS = re.compile(r"^\s*participant\s*\d+", re.IGNORECASE)


class TooLong(ValueError):
    """Text over its limit; the message is a plain sentence for the learner."""


def check_length(text: str, limit: int, what: str) -> str:
    """``text`` if it is within ``limit`` characters, otherwise :class:`TooLong`."""
    if len(text) > limit:
        raise TooLong(
            f"{what} can be at most {limit:,} characters; this one has {len(text):,}. "
            "Shorten it and save again (your text is still in the box)."
        )
    return text


def clean_name(name: str, limit: int = NAME_MAX, what: str = "A name") -> str:
    """A name as it will be shown: bidirectional controls removed, spaces trimmed."""
    return check_length(_BIDI.sub("", name).strip(), limit, what)


def check_display_name(name: str) -> str:
    """A workshop display name: cleaned, and never one of the labels anonymous people get."""
    cleaned = clean_name(name, NAME_MAX, "Your name")
    if _ANONYMOUS.match(cleaned):
        raise TooLong(
            "Choose another name: 'Participant' and a number is how the room shows people "
            "who stay anonymous."
        )
    return cleaned


class AttemptStore(Database):
    """Failed tries of keys and codes, per kind and per subject (a client address, a room)."""

    def wait_before_trying(self, kind: str, subjects: list[str]) -> float:
        """Seconds to wait before another try of ``kind`` (0: go ahead)."""
        now = time.time()
        waits = [0.0]
        for subject in subjects:
            recent, last = self._query(
                "SELECT COUNT(*), MAX(at) FROM attempts WHERE kind = ? AND subject = ? "
                "AND at > ?",
                (kind, subject, now - 60),
            )[0]
            if recent >= TRIES_PER_MINUTE:
                doubling = 2 ** (recent - TRIES_PER_MINUTE)
                delay = min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * doubling)
                waits.append(delay - (now - last))
        return max(waits)

    def record_failed_try(self, kind: str, subjects: list[str]) -> None:
        """Count a failed try against every subject; forget tries older than an hour."""
        now = time.time()
        with self._write() as db:
            db.executemany(
                "INSERT INTO attempts (kind, subject, at) VALUES (?, ?, ?)",
                [(kind, subject, now) for subject in subjects],
            )
            db.execute("DELETE FROM attempts WHERE at < ?", (now - 3600,))
