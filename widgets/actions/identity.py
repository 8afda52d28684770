"""What a learner does about who they are: start as a new learner (within the quotas of the
browser and its address), resume with a code (a limited try of the browser), arrive on a page
(the browser that holds their code is trusted with it), be forgotten, and the name the course
greets them by.

Who tries is always the server's word about the browser (a :class:`Trier`), never the page's:
tries and quotas are counted against the browser and its address (:mod:`widgets.store.attempts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from widgets.limits import LEARNERS_PER_ADDRESS_DAY, LEARNERS_PER_BROWSER_DAY

if TYPE_CHECKING:
    from widgets.store import Storage, Trier

#: the quota's kind: learners started by one browser (and one address) in a day
LEARNER_CREATED = "learner-created"
#: the kind of the tries of resume codes (a link's, the browser's, one typed in)
RESUME_CODE = "resume-code"
QUOTA_WINDOW_SECONDS = 86400


def _subject(learner_id: str) -> str:
    return f"learner:{learner_id}"


def start_new_learner(storage: Storage, client: Trier) -> tuple[str, str] | None:
    """A new anonymous learner for this browser, ``(learner_id, resume_code)``, counted
    against its quotas; None when the browser (or its address) has started too many today."""
    with storage.transaction():
        if not storage.attempts.within_quota(
            LEARNER_CREATED, client, LEARNERS_PER_BROWSER_DAY, LEARNERS_PER_ADDRESS_DAY,
            QUOTA_WINDOW_SECONDS,
        ):
            return None
        learner, code = storage.learners.new_learner()
        storage.attempts.record_event(LEARNER_CREATED, client)
    return learner, code


def resume_with_code(storage: Storage, code: str, client: Trier) -> tuple[str | None, str]:
    """Try a resume code as a limited try of this browser: ``(learner_id, "")`` when it is
    someone's (the browser is then trusted with it), ``(None, "")`` when it is nobody's (the
    failure counted), ``(None, why)`` when the browser must wait before another try. A
    browser trusted with the learner is never limited."""
    if not code:
        return None, ""

    def attempt() -> str | None:
        learner = storage.learners.learner_for_code(code)
        return _subject(learner) if learner else None

    opened, refusal = storage.attempts.try_with_limit(RESUME_CODE, client, attempt)
    return (opened.removeprefix("learner:") if opened else None), refusal


def arrive(storage: Storage, learner_id: str, browser: str | None = None) -> None:
    """The learner is on a page: their row exists; with ``browser`` (they came with their
    resume code, or were just given it), that browser is trusted with them from now on."""
    with storage.transaction():
        storage.learners.ensure_learner(learner_id)
        if browser is not None:
            storage.attempts.trust_browser(_subject(learner_id), browser)


def forget_me(storage: Storage, learner_id: str, *, start_over: bool) -> tuple[str, str] | None:
    """Delete every row of this learner and every browser's trust in them. With
    ``start_over`` (a browser's anonymous learner), a new learner takes their place:
    ``(learner_id, resume_code)``; otherwise (a Hub or local account) the same learner is
    kept, empty, and None is returned."""
    with storage.transaction():
        storage.learners.delete_learner(learner_id)
        storage.attempts.forget_trust(_subject(learner_id))
        if start_over:
            return storage.learners.new_learner()
        storage.learners.ensure_learner(learner_id)
    return None


def greeting_name(storage: Storage, learner_id: str) -> str:
    """The name the course greets the learner by ('' if they gave none)."""
    return storage.learners.display_name(learner_id)
