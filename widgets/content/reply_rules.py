"""The reply coach's rules: transparent, rule-based checks of a drafted reply, one per practice.

They are a guide, not a judge: each looks for plain phrases and says what it found, so a
learner can see why a check passed or not and disagree with it. Every rule takes the reply and
the name of the person it is addressed to and returns a :class:`RuleResult`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from widgets.content.models import ReplyExercise, SituationCheck


@dataclass(frozen=True)
class RuleResult:
    """What one rule found in a reply."""

    rule_id: str
    title: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class Rule:
    """A named check of a reply."""

    id: str
    title: str
    practice: str
    check: Callable[[str, str], tuple[bool, str]]

    def __call__(self, reply: str, person_name: str) -> RuleResult:
        passed, reason = self.check(reply, person_name)
        return RuleResult(self.id, self.title, passed, reason)


def _normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def _excerpt(original: str, normalised: str, start: int) -> str:
    """The sentence of the learner's own words that starts at ``start``, quoted."""
    source = original if len(original) == len(normalised) else normalised
    rest = source[start:]
    end = re.search(r"[.!?\n]", rest)
    return _quote(rest[: end.end()] if end else rest)


def _first_name(person_name: str) -> str:
    return person_name.split()[0] if person_name.split() else ""


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}'"


def _sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of ``text`` with the offset where each starts."""
    found = []
    for match in re.finditer(r"[^.!?\n]+[.!?]*", text):
        sentence = match.group()
        stripped = sentence.lstrip()
        if stripped.strip():
            found.append((match.start() + len(sentence) - len(stripped), stripped.rstrip()))
    return found


# -- uses the person's name -------------------------------------------------------------------


def _uses_name(reply: str, person_name: str) -> tuple[bool, str]:
    name = _first_name(person_name)
    if not name:
        return True, "There is no name to use in this exercise."
    if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", reply, re.IGNORECASE):
        return True, f"You used {name}'s name, so the reply is clearly meant for them."
    return False, (
        f"{name}'s name does not appear. Saying it once tells them this reply is for them, "
        "not a message that could go to anyone."
    )


# -- acknowledges before advising -------------------------------------------------------------

ACKNOWLEDGMENTS = (
    r"\bi (can )?hear\b",
    r"\bi can (see|tell)\b",
    r"\bi see (that|how|why|what|you)\b",
    r"\b(that|it) sounds\b",
    r"\bsounds like\b",
    r"\b(that |it )?makes sense\b",
    r"\bi (completely |totally )?understand\b",
    r"\bi get (it|that|why|how)\b",
    r"\bthank(s| you) for (telling|raising|flagging|bringing|letting|sharing|being|saying|"
    r"speaking|coming|putting|pointing)",
    r"\bthat must\b",
    r"\b(that|this)('s| is| was| has been) (a lot|hard|tough|frustrating|difficult|rough|"
    r"stressful|exhausting|not easy|a big)",
    r"\bi appreciate\b",
    r"\byou('ve| have) (clearly |really )?(been|put|worked|done|carried|handled)\b",
    r"\bi know (you|this|how|that)\b",
    r"\bfair (point|enough)\b",
    r"\byou('re| are) right\b",
    r"\bgood (point|catch|question|call)\b",
    r"\bi'?m sorry\b",
    r"\bno wonder\b",
    r"\bthat's (understandable|fair|a fair)\b",
)
ADVICE_PHRASES = (
    r"\byou (should|need to|have to|must|ought to|could just|might want to|'d better)\b",
    r"\bhave you tried\b",
    r"\bwhy (don't|not) you\b",
    r"\bwhy not\b",
    r"\bi('d| would)? (suggest|recommend|advise)\b",
    r"\bmy advice\b",
    r"\bif i were you\b",
    r"\bnext time\b",
    r"\bthe (fix|answer|solution) is\b",
)
# a sentence that starts with one of these verbs is an instruction
IMPERATIVE_STARTS = (
    "try", "just", "make sure", "remember", "send", "use", "ask", "call", "fix", "stop",
    "don't", "do not", "put", "take", "add", "check", "start", "focus", "follow", "email",
    "tell", "let's", "let us", "go", "move", "write", "update", "set", "book", "escalate",
    "prioritise", "prioritize", "delegate", "cut", "drop", "push", "keep", "avoid", "be sure",
)
_LEAD_IN = re.compile(r"^(?:(?:ok(?:ay)?|so|well|look|right|hey|hi|and|but|honestly)\b[,!]?\s*"
                      r"|[a-z][\w'-]*,\s*)*")


def _first_match(patterns: tuple[str, ...], text: str) -> re.Match | None:
    matches = [m for p in patterns if (m := re.search(p, text))]
    return min(matches, key=lambda m: m.start()) if matches else None


def _first_advice(text: str) -> tuple[int, str] | None:
    candidates = []
    match = _first_match(ADVICE_PHRASES, text)
    if match:
        candidates.append((match.start(), text[match.start():]))
    for offset, sentence in _sentences(text):
        lead = _LEAD_IN.match(sentence)
        rest = sentence[lead.end():] if lead else sentence
        if any(re.match(rf"{re.escape(verb)}\b", rest) for verb in IMPERATIVE_STARTS):
            candidates.append((offset + len(sentence) - len(rest), rest))
            break
    return min(candidates) if candidates else None


def _acknowledges_first(reply: str, person_name: str) -> tuple[bool, str]:
    text = _normalise(reply)
    ack = _first_match(ACKNOWLEDGMENTS, text)
    advice = _first_advice(text)
    if ack is None:
        where = " before the advice" if advice else ""
        return False, (
            "No acknowledgment found: nothing like 'that sounds…', 'I can see…' or "
            f"'thanks for telling me'{where}. Affirm their effort or view first."
        )
    if advice is not None and advice[0] < ack.start():
        return False, (
            f"The first advice, {_excerpt(reply, text, advice[0])}, comes before the "
            f"acknowledgment {_excerpt(reply, text, ack.start())}. Swap them: acknowledge, "
            "then advise."
        )
    said = _excerpt(reply, text, ack.start())
    if advice is None:
        return True, f"You acknowledged them ({said}) and gave no advice yet."
    return True, f"You acknowledged them ({said}) before any advice or instruction."


# -- asks an open question ---------------------------------------------------------------------

BLAMING_QUESTIONS = (
    r"\bwhy (didn't|did not|don't|do not|haven't|have not|hasn't|wasn't|weren't|won't|"
    r"can't|couldn't|wouldn't|isn't|aren't|did you|would you|were you|are you|on earth)\b",
    r"\bhow could you\b",
    r"\bwhat were you thinking\b",
    r"\bwhat is wrong with\b",
    r"\bwhat's wrong with you\b",
)
OPEN_PROMPTS = (r"\b(what|how)\b", r"\btell me (more|about)\b", r"\b(walk|talk) me through\b")


def _open_question(reply: str, person_name: str) -> tuple[bool, str]:
    text = _normalise(reply)
    blaming = _first_match(BLAMING_QUESTIONS, text)
    if blaming:
        return False, (
            f"{_excerpt(reply, text, blaming.start())} asks them to defend themselves. "
            "Ask what happened or what would help instead."
        )
    questions = [(at, s) for at, s in _sentences(text) if s.endswith("?")]
    for at, sentence in questions:
        if _first_match(OPEN_PROMPTS, sentence):
            return True, f"You asked an open question: {_excerpt(reply, text, at)}."
    invitations = _first_match(OPEN_PROMPTS[1:], text)
    if invitations:
        return True, f"You invited them to say more: {_excerpt(reply, text, invitations.start())}."
    if questions:
        return False, (
            f"{_excerpt(reply, text, questions[0][0])} can be answered with yes or no. "
            "An open question starts "
            "with what or how and invites their thinking."
        )
    return False, "There is no question. Ask a what or how question to hear their view."


# -- thanks a specific contribution ------------------------------------------------------------

THANKS = re.compile(r"\b(thank you|thank-you|thanks|grateful|appreciated?|appreciation)\b")
GENERIC_WORDS = frozenset(
    """the your you all and everything anything hard work help helping effort efforts stuff
    things thing this that it great good job today always doing what do did done for much very
    really lot lots so being awesome amazing support time contribution contributions here there
    team input everyone usual as our my again once just such star rock how way are were is was
    been have has had all-round everything's wonderful fantastic brilliant incredible nice
    excellent whole entire both""".split()
)


_CLAUSE_END = re.compile(r"[.!?\n]")
#: a thanks names what it is for within this many characters (keeps the rule linear)
_CLAUSE_MAX = 300


def _specific_thanks(reply: str, person_name: str) -> tuple[bool, str]:
    text = _normalise(reply)
    names = {part.casefold() for part in person_name.split()}
    first = None
    for match in THANKS.finditer(text):
        end = _CLAUSE_END.search(text, match.end(), match.end() + _CLAUSE_MAX)
        clause = text[match.end(): end.start() if end else match.end() + _CLAUSE_MAX]
        words = re.findall(r"[a-z][a-z'-]+", clause)
        specific = [w for w in words if w not in GENERIC_WORDS and w not in names and len(w) > 2]
        if len(specific) >= 2:
            return True, f"You thanked something specific: {_excerpt(reply, text, match.start())}."
        first = first or match
    if first is None:
        return False, "There is no thanks. Name one thing they did and what it made possible."
    return False, (
        f"{_excerpt(reply, text, first.start())} could be said to anyone. Name what "
        "they did: what, when, and what it made possible."
    )


# -- avoids absolutes --------------------------------------------------------------------------

ABSOLUTES = re.compile(
    r"\b(always|never(?! mind)|every (single )?time|each and every time|constantly|"
    r"all the time|not once|nothing ever)\b"
)


def _no_absolutes(reply: str, person_name: str) -> tuple[bool, str]:
    found = ABSOLUTES.search(_normalise(reply))
    if found:
        return False, (
            f"'{found.group()}' turns one moment into a verdict on the person. Describe what "
            "happened this time instead."
        )
    return True, "No absolutes such as 'always' or 'never': you kept to what happened."


# -- stays respectful: no threat, insult or ultimatum ----------------------------------------

THREATS = (
    r"\b(or|otherwise) (else|you'?re (fired|out|gone|done|finished|off the \w+)|"
    r"you'?ll (be|regret)|i'?ll (have to )?(fire|sack|report|replace|write you up))\b",
    r"\b(you'?ll|you will|you'?re going to) (be (fired|sacked|let go|replaced|written up)|"
    r"regret)\b",
    r"\bi'?ll (fire|sack|replace|report) you\b",
    r"\b(last|final) (warning|chance)\b",
    r"\b(or|and) don'?t (bother|come back)\b",
    r"\bdon'?t make me\b",
    r"\b(there will be|face the) consequences\b",
    r"\bdisciplinary\b",
    r"\bwatch (yourself|your back|it)\b",
    r"\btake it or leave it\b",
    r"\bone more (mistake|slip|time|complaint)( like (this|that))?(,| and)\b",
    r"\bif (you|this) (do(es)?n'?t|can'?t|won'?t)\b[^.!?\n]{0,80}?\b(you'?re|you will|you'?ll|"
    r"i will|i'?ll) (be )?(fired|sacked|out|gone|done|replace|report|find someone)",
)
INSULTS = (
    r"\b(idiot|idiotic|stupid|moron|useless|incompetent|pathetic|lazy|clueless|hopeless|"
    r"dumb|dimwit|imbecile|fool|foolish|worthless|a joke|a disgrace|an embarrassment|"
    r"drama queen|crybaby|snowflake)\b",
    r"\b(shut up|grow up|get a grip|man up|toughen up|stop whining|stop moaning|"
    r"stop being (so )?(sensitive|dramatic|childish))\b",
    r"\bwhat'?s wrong with you\b",
    r"\bwhat is wrong with you\b",
    r"\bare you (stupid|serious|kidding me|blind|deaf)\b",
)
_HOSTILE = tuple(re.compile(pattern) for pattern in (*THREATS, *INSULTS))


def _stays_respectful(reply: str, person_name: str) -> tuple[bool, str]:
    text = _normalise(reply)
    found = [m for pattern in _HOSTILE if (m := pattern.search(text))]
    if found:
        first = min(found, key=lambda m: m.start())
        said = reply[first.start():first.end()] if len(reply) == len(text) else first.group()
        return False, (
            f"{_quote(said)} "
            "is a threat, an insult or an ultimatum. Whatever else the reply does well, this "
            "is what they will remember: it tells them they are not safe to speak up."
        )
    return True, "No threat, insult or ultimatum: they can answer without fear."


# -- situation checks: the detail this situation calls for -------------------------------------


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive pattern for a content phrase; ``*`` ends a word stem
    ("apolog*" matches apologise and apology)."""
    words = [re.escape(word).replace(r"\*", r"[\w'-]*") for word in _normalise(phrase).split()]
    return re.compile(r"(?<![\w'])" + r"\s+".join(words) + r"(?![\w'])")


def mentions(reply: str, phrases: tuple[str, ...] | list[str]) -> str | None:
    """The first of ``phrases`` the reply contains (as the learner wrote it), or None."""
    text = _normalise(reply)
    found = [m for phrase in phrases if (m := phrase_pattern(phrase).search(text))]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    return reply[first.start():first.end()] if len(reply) == len(text) else first.group()


#: Always run, whatever checks an exercise names.
RESPECT_RULE = Rule(
    "stays-respectful", "Stays respectful", "pause", _stays_respectful
)

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("uses-name", "Uses their name", "names", _uses_name),
        Rule("acknowledges-first", "Acknowledges before advising", "acknowledge",
             _acknowledges_first),
        Rule("open-question", "Asks an open question", "curiosity", _open_question),
        Rule("specific-thanks", "Thanks a specific contribution", "unseen-work",
             _specific_thanks),
        Rule("no-absolutes", "Avoids absolutes", "pause", _no_absolutes),
        RESPECT_RULE,
    )
}


def check_reply(
    reply: str, person_name: str, rule_ids: tuple[str, ...] | list[str] = ()
) -> list[RuleResult]:
    """Run the named rules (all of them when none are named) on a reply; the respect rule
    always runs, last."""
    chosen = [rule_id for rule_id in rule_ids or tuple(RULES) if rule_id != RESPECT_RULE.id]
    return [*(RULES[rule_id](reply, person_name) for rule_id in chosen),
            RESPECT_RULE(reply, person_name)]


def check_situation(reply: str, check: SituationCheck) -> RuleResult:
    """Run one of an exercise's own checks: does the reply name what the situation needs?"""
    found = mentions(reply, check.any_of)
    if found is not None:
        return RuleResult(check.id, check.title, True, f"You did: {_quote(found)}.")
    return RuleResult(check.id, check.title, False, check.why)


def coach_reply(reply: str, exercise: ReplyExercise) -> list[RuleResult]:
    """Every check of an exercise: its named rules, its situation checks, and respect."""
    results = check_reply(reply, exercise.person.name, exercise.checks)
    respect = results.pop()
    situation = [check_situation(reply, check) for check in exercise.situation_checks]
    return [*results, *situation, respect]
