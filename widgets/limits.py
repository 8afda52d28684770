"""What the course accepts from a learner: sizes of what they type, names as they are shown,
and how many tries of keys and codes they get.

A leaf every layer may import: the store enforces each limit itself (nothing the browser
sends is trusted), and widgets check the same limits first, so that the learner sees a plain
sentence and keeps what they typed.
"""

from __future__ import annotations

import re
import unicodedata

#: a learner's name, a workshop display name
NAME_MAX = 80
#: a workshop room's title
TITLE_MAX = 120
#: a reflection, a drafted reply, a plan, a log entry
TEXT_MAX = 10_000
#: each part of an if-then plan (the situation, the micro-moment)
PLAN_PART_MAX = 300
#: five-day challenge entries a learner can keep
CHALLENGE_ENTRIES_MAX = 50
#: people who can join one room
ROOM_PARTICIPANTS_MAX = 300
#: failed tries of one kind a browser gets before it has to wait...
BROWSER_FREE_TRIES = 10
#: ...failed tries from one address (at one target) before it is "hot": then a browser that
#: has failed this often itself waits too (see widgets/store/attempts.py)
AREA_FREE_TRIES = 10
HOT_BROWSER_TRIES = 3
#: the wait starts at this and doubles with each further failure, up to an hour...
FIRST_DELAY_SECONDS = 5.0
MAX_DELAY_SECONDS = 3600.0
#: ...and failures are remembered for a day
TRIES_REMEMBERED_SECONDS = 86400.0
#: learners one browser / one address may start (pages with no stored code) in a day
LEARNERS_PER_BROWSER_DAY = 30
LEARNERS_PER_ADDRESS_DAY = 600
#: workshop rooms one browser / one address may create in a day
ROOMS_PER_BROWSER_DAY = 20
ROOMS_PER_ADDRESS_DAY = 100
#: an open question put to a room, and one open answer to it
QUESTION_MAX = 300
OPEN_ANSWER_MAX = 200
#: open answers one participant may give to one question, and questions one room may ask
OPEN_ANSWERS_PER_QUESTION = 3
ROOM_QUESTIONS_MAX = 100
#: the longest a room's timer may run
ROOM_TIMER_MAX_SECONDS = 3600
#: places one browser may take in one room (a shared laptop: a few people)
PLACES_PER_BROWSER = 4
#: xAPI statements waiting for the LRS, in all and of one learner (past them new ones are
#: dropped and counted in the log; the oldest are kept)
OUTBOX_MAX = 200_000
OUTBOX_PER_LEARNER_MAX = 2_000
#: text one learner keeps in all (reflections, replies, the challenge): a real learner
#: keeps a few dozen thousand characters
LEARNER_TEXT_MAX = 1_000_000
#: a name-recall answer (a name, with room to spare)
RECALL_ANSWER_MAX = 200

# bidirectional controls (they can make a shown name read backwards) and invisible marks
_BIDI = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ANONYMOUS = re.compile(r"^participant\d")
#: letters of other scripts drawn like the Latin letters of "participant" (and a few more)
_LOOK_ALIKES = str.maketrans({
    "а": "a", "с": "c", "е": "e", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s",
    "т": "t", "х": "x", "у": "y", "п": "n", "ո": "n", "α": "a", "ι": "i", "ο": "o",
    "ρ": "p", "τ": "t", "ν": "v", "κ": "k", "ɑ": "a", "ı": "i", "ɩ": "i", "ʀ": "r",
    "г": "r", "ｒ": "r", "ℓ": "l", "ⅰ": "i",
})


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


#: options one answer can hold, and the length of an option id
SELECTION_MAX = 8
OPTION_ID_MAX = 64


def is_selection(selected: tuple) -> bool:
    """True if ``selected`` can be an answer: a few option ids of plausible length."""
    return len(selected) <= SELECTION_MAX and all(
        len(str(option)) <= OPTION_ID_MAX for option in selected
    )


def length_problem(text: str, limit: int, what: str) -> str:
    """The plain sentence :func:`check_length` would raise ('' when the text fits)."""
    try:
        check_length(text, limit, what)
    except TooLong as error:
        return str(error)
    return ""


def clean_name(name: str, limit: int = NAME_MAX, what: str = "A name") -> str:
    """A name as it will be shown: bidirectional controls and other invisible format
    characters removed, spaces trimmed."""
    check_length(name, limit * 4, what)  # before the work below: a page can send anything
    visible = "".join(ch for ch in _BIDI.sub("", name) if unicodedata.category(ch) != "Cf")
    return check_length(visible.strip(), limit, what)


def _skeleton(name: str) -> str:
    """What a name looks like, whatever it is written with: compatibility forms folded,
    accents, invisible characters, spaces and punctuation dropped, look-alike letters of other
    scripts read as Latin ones."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    kept = (ch for ch in folded if unicodedata.category(ch)[0] in "LN")
    return "".join(kept).translate(_LOOK_ALIKES)


def check_display_name(name: str) -> str:
    """A workshop display name: cleaned, and never one of the labels anonymous people get."""
    cleaned = clean_name(name, NAME_MAX, "Your name")
    if _ANONYMOUS.match(_skeleton(cleaned)):
        raise TooLong(
            "Choose another name: 'Participant' and a number is how the room shows people "
            "who stay anonymous."
        )
    return cleaned
