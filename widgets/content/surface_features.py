"""Surface features of an answer option: what a reader who knows nothing about leadership
can see in it (its length, punctuation, names, words shared with the situation, openings and
closings, pronouns, hedges).

:mod:`widgets.content.testwise` fits a reader on these; none of them needs any understanding
of the practices, so content whose best option they can find is content a learner can pass
without judgment.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ']+")
SENTENCE_END_RE = re.compile(r"[.!?]+(?=[\s\"'”’)]|$)")
QUOTES = "\"“”"

#: words so common that sharing them with the situation says nothing
STOPWORDS = frozenset(
    """a an and are as at be been being but by can could did do does doing for from had has
    have having he her here hers him his how i if in into is it its just me my no nor not of
    off on once only or our ours out over own same she should so some such than that the
    their theirs them then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    yourself about again all am any because before below between both down during each few
    further more most other ought s t don didn doesn isn wasn aren weren won wouldn couldn
    shouldn haven hasn hadn ll re ve d m let let's i'm i'll i've you're you've it's
    that's""".split()
)
QUESTION_WORDS = frozenset("what how why when where which who whose whom".split())
WE_WORDS = frozenset("we us our ours let's lets everyone everybody team all".split())
YOU_WORDS = frozenset("you your yours you're you've you'll yourself".split())
I_WORDS = frozenset("i me my mine i'm i'll i've i'd myself".split())
HEDGES = frozenset(
    "maybe perhaps might probably possibly honestly just actually really quite somewhat "
    "bit kind sort guess suppose wonder".split()
)
NEGATIONS = frozenset("not no never nothing nobody none don't can't won't isn't didn't "
                      "doesn't wasn't aren't shouldn't wouldn't couldn't".split())
INTERJECTIONS = frozenset(
    "oh well honestly right okay ok look listen so hey great good sure fine yes no ah wow "
    "brilliant lovely".split()
)


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, with curly apostrophes made straight."""
    return [w.lower().strip("'") for w in WORD_RE.findall(text.replace("’", "'")) if w.strip("'")]


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry meaning (no stopwords, three letters or more)."""
    return {w for w in words(text) if len(w) > 2 and w not in STOPWORDS}


def names_in(text: str, lowercase_vocabulary: set[str]) -> set[str]:
    """Capitalised words of ``text`` that the course never writes in lower case: names."""
    found = set()
    for token in WORD_RE.findall(text.replace("’", "'")):
        token = token.strip("'")
        bare = token.split("'")[0]
        if bare[:1].isupper() and len(bare) > 1:  # "I" and "I'm" are not names
            if bare.lower() not in lowercase_vocabulary:
                found.add(bare.lower())
    return found


def lowercase_vocabulary(texts: list[str]) -> set[str]:
    """Every word that appears in lower case somewhere in ``texts``."""
    vocabulary: set[str] = set()
    for text in texts:
        for token in WORD_RE.findall(text.replace("’", "'")):
            token = token.strip("'")
            if token[:1].islower():
                vocabulary.add(token.split("'")[0])
    return vocabulary


def _spoken(text: str) -> str:
    """The spoken part of an option (inside quotes), or the whole text when nothing is quoted."""
    parts = re.findall(r"[\"“]([^\"”]*)[\"”]", text)
    return " ".join(parts) if parts else text


def _sentences(text: str) -> list[str]:
    pieces = [piece.strip() for piece in SENTENCE_END_RE.split(text)]
    return [piece for piece in pieces if WORD_RE.search(piece)] or [text]


@dataclass(frozen=True)
class Context:
    """What the reader sees beside an option: the situation it answers and the names in it."""

    text: str
    names: frozenset[str]


#: the features, in a fixed order (the columns of the reader's matrix)
FEATURES: tuple[str, ...] = (
    "log length", "words", "sentences", "is longest", "is shortest", "length rank",
    "second longest", "has question", "ends with question", "exclamation", "quoted",
    "narrated action", "names someone", "name near the start", "name at the end",
    "shared words", "shared share", "question word", "'what'", "'how'", "thanks",
    "ends with thanks", "apology", "'I' words", "'we' words", "'you' words", "hedges",
    "negations", "commas", "dash or colon", "digits", "common-word share",
    "opens with interjection", "opens with 'I'", "opens with 'you'", "mean word length",
    "opens with a name", "'together'", "'later' or time",
)


def option_features(text: str, context: Context) -> dict[str, float]:
    """The surface features of one option (lengths and ranks are filled in per item)."""
    spoken = _spoken(text)
    all_words = words(text)
    spoken_words = words(spoken) or all_words
    sentences = _sentences(spoken)
    last = words(_sentences(text)[-1])  # the closing a reader sees, quoted or not
    option_names = {w for w in spoken_words if w in context.names}
    mine = content_words(text)
    shared = mine & content_words(context.text)
    first = spoken_words[0] if spoken_words else ""
    stripped = text.strip().rstrip("\"'”’ ")
    return {
        "log length": math.log(1 + len(text)),
        "words": float(len(all_words)),
        "sentences": float(len(sentences)),
        "has question": float("?" in text),
        "ends with question": float(stripped.endswith("?")),
        "exclamation": float("!" in text),
        "quoted": float(any(mark in text for mark in QUOTES)),
        "narrated action": float(bool(text) and text.lstrip()[0] not in QUOTES + "'‘"),
        "names someone": float(bool(option_names)),
        "name near the start": float(any(w in context.names for w in spoken_words[:4])),
        "name at the end": float(any(w in context.names for w in last[-3:])),
        "shared words": float(len(shared)),
        "shared share": len(shared) / len(mine) if mine else 0.0,
        "question word": float(any(w in QUESTION_WORDS for w in spoken_words)),
        "'what'": float("what" in spoken_words),
        "'how'": float("how" in spoken_words),
        "thanks": float(any(w.startswith("thank") for w in spoken_words)),
        "ends with thanks": float(any(w.startswith("thank") for w in last)),
        "apology": float(any(w.startswith(("sorry", "apolog")) for w in spoken_words)),
        "'I' words": float(sum(w in I_WORDS for w in spoken_words)),
        "'we' words": float(sum(w in WE_WORDS for w in spoken_words)),
        "'you' words": float(sum(w in YOU_WORDS for w in spoken_words)),
        "hedges": float(sum(w in HEDGES for w in spoken_words)),
        "negations": float(sum(w in NEGATIONS or w.endswith("n't") for w in spoken_words)),
        "commas": float(text.count(",")),
        "dash or colon": float(sum(text.count(mark) for mark in (":", ";", "—", "–", " - "))),
        "digits": float(any(ch.isdigit() for ch in text)),
        "common-word share": (
            sum(w in STOPWORDS for w in all_words) / len(all_words) if all_words else 0.0
        ),
        "opens with interjection": float(first in INTERJECTIONS),
        "opens with 'I'": float(first in I_WORDS),
        "opens with 'you'": float(first in YOU_WORDS),
        "mean word length": (
            sum(len(w) for w in all_words) / len(all_words) if all_words else 0.0
        ),
        "opens with a name": float(first in context.names),
        "'together'": float(any(w in ("together", "both", "help") for w in spoken_words)),
        "'later' or time": float(any(
            w in ("later", "tomorrow", "tonight", "minute", "minutes", "today", "after",
                  "first", "next", "morning", "afternoon", "week")
            for w in spoken_words
        )),
    }


def item_features(texts: list[str], context: Context) -> list[list[float]]:
    """The feature rows of one item's options, with the length ranks within the item."""
    rows = [option_features(text, context) for text in texts]
    lengths = [len(text) for text in texts]
    order = sorted(range(len(texts)), key=lambda i: -lengths[i])
    for rank, index in enumerate(order):
        rows[index]["length rank"] = rank / max(1, len(texts) - 1)
        rows[index]["is longest"] = float(rank == 0)
        rows[index]["second longest"] = float(rank == 1)
        rows[index]["is shortest"] = float(rank == len(texts) - 1)
    return [[row[name] for name in FEATURES] for row in rows]
