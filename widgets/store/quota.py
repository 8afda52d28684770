"""How much text one learner may keep in all: every text has its own size limit, and a later
save of an item replaces it, so a real learner keeps a few dozen kilobytes; this bound, checked
in the writer's transaction, keeps a page that writes every box to its limit (or a script
that starts learner after learner, see the quotas in ``attempts.py``) from filling the disk."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from widgets.limits import LEARNER_TEXT_MAX, TooLong
from widgets.store.tables import (
    challenge_entries,
    challenge_plan,
    practice_results,
    reflections,
    room_open_answers,
)


def _kept(db: Connection, learner_id: str) -> int:
    def total(*columns) -> object:
        table = columns[0].table
        lengths = sum((func.coalesce(func.sum(func.length(column)), 0) for column in columns),
                      start=0)
        return select(lengths).where(table.c.learner_id == learner_id).scalar_subquery()

    return int(db.execute(select(
        total(reflections.c.text)
        + total(challenge_entries.c.what_i_did, challenge_entries.c.how_it_landed)
        + total(challenge_plan.c.plan)
        + total(practice_results.c.result)
        + total(room_open_answers.c.text)
    )).scalar_one())


def check_learner_text(db: Connection, learner_id: str, adding: int) -> None:
    """:class:`TooLong` when the learner's kept text and ``adding`` more characters would pass
    :data:`LEARNER_TEXT_MAX`."""
    if _kept(db, learner_id) + adding > LEARNER_TEXT_MAX:
        raise TooLong(
            f"The course keeps at most {LEARNER_TEXT_MAX:,} characters of your writing in all, "
            "and this would pass it. Shorten this text or an earlier one (your text is still "
            "in the box)."
        )
