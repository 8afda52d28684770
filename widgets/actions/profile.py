"""The name the course calls the learner by, as they set it on the home page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from widgets.store import Storage



def choose_name(storage: Storage, learner_id: str, name: str) -> None:
    """Keep the name the learner chose ('' clears it; :class:`~widgets.limits.TooLong` if
    it is too long)."""
    with storage.transaction():  # the learner's row, if it is new, and the name together
        storage.learners.set_display_name(learner_id, name)
