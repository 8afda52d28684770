"""The words a room's open answers use most, counted and drawn as a word cloud (a list).

Words are read the same way in any script: letters, digits and combining marks (Arabic
harakat, Devanagari vowel signs, accents typed as a second character) make up a word; an
apostrophe inside one keeps it whole ("don't"); a run of Chinese or Japanese characters,
written without spaces, counts as one word. Common English words, single characters and
pure numbers are left out. The order is fixed: most common first, ties alphabetical.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Sequence

from widgets.ui import html

#: common English words that say nothing of what a room thinks
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each even few for from further get got had hadn't has hasn't
have haven't having he he'd he'll he's her here here's hers herself him himself his how how's
i i'd i'll i'm i've if in into is isn't it it's its itself just let's like lot lots make many
me more most much must mustn't my myself no nor not now of off often on once one only or other
ought our ours ourselves out over own quite really same shan't she she'd she'll she's should
shouldn't so some still such than that that's the their theirs them themselves then there
there's these they they'd they'll they're they've thing things this those through to too
under until up us very was wasn't way we we'd we'll we're we've well were weren't what what's
when when's where where's which while who who's whom why why's will with won't would wouldn't
yes yet you you'd you'll you're you've your yours yourself yourselves
""".split())

#: apostrophes a word may hold inside it ("don't", "don’t"), kept as the plain one
APOSTROPHES = "'’ʼ"
#: characters that join the letters of one word without being letters (Persian's zero-width
#: non-joiner, the joiner)
JOINERS = "\u200c\u200d"

#: how many sizes the cloud has (mm-cloud-1, the smallest, to mm-cloud-5)
SIZES = 5


def _is_word_char(char: str) -> bool:
    """A letter, digit or combining mark: a character a word is made of."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _is_cjk(char: str) -> bool:
    """A Chinese, Japanese or Korean character, of a script written without spaces."""
    name = unicodedata.name(char, "")
    return name.startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA",
                            "KATAKANA"))


def words_of(text: str) -> list[str]:
    """Every word of ``text``, normalised (NFKC) and case-folded, in order; stop words and
    all kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    found: list[str] = []
    word: list[str] = []
    for position, char in enumerate(text):
        if _is_word_char(char):
            # a change between a spaceless script and another starts a new word ("ok好的")
            if word and word[-1].isalnum() and char.isalnum() and _is_cjk(char) != _is_cjk(
                word[-1]
            ):
                found.append("".join(word))
                word = []
            word.append(char)
            continue
        following = text[position + 1:position + 2]
        if word and (char in APOSTROPHES or char in JOINERS) and following and _is_word_char(
            following
        ):
            word.append("'" if char in APOSTROPHES else char)
            continue
        if word:
            found.append("".join(word))
            word = []
    if word:
        found.append("".join(word))
    return found


def _kept(word: str) -> bool:
    """True for a word worth counting: not a stop word, a single character or a number."""
    letters = [char for char in word if char.isalnum()]
    return (
        len(letters) > 1
        and word not in STOP_WORDS
        and not all(char.isdigit() or char.isnumeric() for char in letters)
    )


def word_counts(texts: Sequence[str], limit: int = 30) -> list[tuple[str, int]]:
    """The ``limit`` words the texts use most, with how often: most common first, ties in
    alphabetical (code point) order. Common English words, single characters and numbers
    are left out."""
    counts = Counter(word for text in texts for word in words_of(text) if _kept(word))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:max(0, limit)]


def cloud_size(count: int, top: int) -> int:
    """A word's size in the cloud, 1 to :data:`SIZES`, by its count against the top word's."""
    if top <= 0:
        return 1
    return min(SIZES, max(1, math.ceil(SIZES * count / top)))


def word_cloud_html(texts: Sequence[str], limit: int = 30) -> str:
    """The words the texts use most as a list, most common first, each word's size class
    (``mm-cloud-1`` to ``mm-cloud-5``) by its count and the count read out to a screen
    reader; a short paragraph when there are no words yet. Every word is escaped."""
    counts = word_counts(texts, limit)
    if not counts:
        return '<p class="mm-hint mm-word-cloud-empty">No words to show yet.</p>'
    top = counts[0][1]
    items = "".join(
        f'<li class="mm-cloud-{cloud_size(count, top)}" data-count="{count}">'
        f'<bdi>{html.text(word)}</bdi><span class="mm-visually-hidden"> ({count})</span></li>'
        for word, count in counts
    )
    return (
        '<ul class="mm-word-cloud" aria-label="Most common words in the answers">'
        f"{items}</ul>"
    )
