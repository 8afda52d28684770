"""Resume codes: made at random, typed loosely, kept only as a hash."""

from __future__ import annotations

import hashlib
import secrets

#: Crockford's base32 alphabet: no I, L, O or U, so codes are easy to read aloud and type.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"



def new_resume_code() -> str:
    """A random resume code such as ``K7QF-M2XD-9PRT`` (60 bits: not guessable)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalise_code(code: str) -> str:
    """Accept a code typed with spaces, lower case or the look-alike letters O, I and L."""
    cleaned = code.upper().translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    raw = "".join(ch for ch in cleaned if ch in CODE_ALPHABET)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def hash_code(code: str) -> str:
    """What the database keeps of a resume code: never the code itself."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


__all__ = ["CODE_ALPHABET", "hash_code", "new_resume_code", "normalise_code"]
