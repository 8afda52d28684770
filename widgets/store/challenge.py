"""The five-day challenge: a plan per day and a log of micro-moments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from widgets.limits import CHALLENGE_ENTRIES_MAX, TEXT_MAX, TooLong, check_length
from widgets.store.completion import complete_module
from widgets.store.database import dialect_insert, ensure_learner_row, now
from widgets.store.domain import DomainStore
from widgets.store.quota import check_learner_text
from widgets.store.records import CHALLENGE_DAYS, CHALLENGE_MODULE
from widgets.store.tables import challenge_entries, challenge_plan


@dataclass(frozen=True)
class ChallengeEntry:
    """One micro-moment logged during the five-day challenge."""

    day: int
    practice: str
    what_i_did: str
    how_it_landed: str
    logged_at: str


class ChallengeStore(DomainStore):
    """Plans and entries of the five-day challenge."""

    def save_challenge_plan(self, learner_id: str, day: int, plan: str) -> None:
        """Keep what the learner plans to do on a day of the challenge."""
        check_length(plan, TEXT_MAX, "A plan")
        with self._write() as db:
            ensure_learner_row(db, learner_id, now())
            check_learner_text(db, learner_id, len(plan))
            insert = dialect_insert(db, challenge_plan).values(
                learner_id=learner_id, day=day, plan=plan
            )
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["learner_id", "day"], set_={"plan": insert.excluded.plan}
                )
            )

    def challenge_plan(self, learner_id: str) -> dict[int, str]:
        """The learner's plan, by day."""
        return dict(
            self._query(
                select(challenge_plan.c.day, challenge_plan.c.plan)
                .where(challenge_plan.c.learner_id == learner_id)
                .order_by(challenge_plan.c.day)
            )
        )

    def add_challenge_entry(
        self, learner_id: str, day: int, practice: str, what_i_did: str, how_it_landed: str
    ) -> None:
        """Log one micro-moment of the five-day challenge (at most
        :data:`CHALLENGE_ENTRIES_MAX` are kept; :class:`TooLong` past that or over a size);
        the entry that fills the fifth different day completes the challenge."""
        check_length(what_i_did, TEXT_MAX, "What you did")
        check_length(how_it_landed, TEXT_MAX, "How it landed")
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            check_learner_text(db, learner_id, len(what_i_did) + len(how_it_landed))
            kept = db.execute(
                select(func.count())
                .select_from(challenge_entries)
                .where(challenge_entries.c.learner_id == learner_id)
            ).scalar_one()
            if kept >= CHALLENGE_ENTRIES_MAX:
                raise TooLong(
                    f"Your log already holds {CHALLENGE_ENTRIES_MAX} micro-moments, as many "
                    "as it keeps. Look back over them in your journal."
                )
            db.execute(
                challenge_entries.insert().values(
                    learner_id=learner_id, day=day, practice=practice, what_i_did=what_i_did,
                    how_it_landed=how_it_landed, logged_at=stamp,
                )
            )
            days = db.execute(
                select(func.count(func.distinct(challenge_entries.c.day)))
                .where(challenge_entries.c.learner_id == learner_id)
            ).scalar_one()
            if days >= CHALLENGE_DAYS:
                complete_module(self.database, db, learner_id, CHALLENGE_MODULE, stamp)

    def challenge_entries(self, learner_id: str) -> list[ChallengeEntry]:
        """The learner's challenge log, by day then time."""
        c = challenge_entries.c
        rows = self._query(
            select(c.day, c.practice, c.what_i_did, c.how_it_landed, c.logged_at)
            .where(c.learner_id == learner_id)
            .order_by(c.day, c.id)
        )
        return [ChallengeEntry(*row) for row in rows]
