"""The five-day challenge: a plan per day and a log of micro-moments."""

from __future__ import annotations

from dataclasses import dataclass

from widgets.limits import CHALLENGE_ENTRIES_MAX, TEXT_MAX, TooLong, check_length
from widgets.store.database import Database, ensure_learner_row, now


@dataclass(frozen=True)
class ChallengeEntry:
    """One micro-moment logged during the five-day challenge."""

    day: int
    practice: str
    what_i_did: str
    how_it_landed: str
    logged_at: str


class ChallengeStore(Database):
    """Plans and entries of the five-day challenge."""

    def save_challenge_plan(self, learner_id: str, day: int, plan: str) -> None:
        """Keep what the learner plans to do on a day of the challenge."""
        check_length(plan, TEXT_MAX, "A plan")
        with self._write() as db:
            ensure_learner_row(db, learner_id, now())
            db.execute(
                "INSERT INTO challenge_plan (learner_id, day, plan) VALUES (?, ?, ?) "
                "ON CONFLICT (learner_id, day) DO UPDATE SET plan = excluded.plan",
                (learner_id, day, plan),
            )

    def challenge_plan(self, learner_id: str) -> dict[int, str]:
        """The learner's plan, by day."""
        return dict(
            self._query(
                "SELECT day, plan FROM challenge_plan WHERE learner_id = ? ORDER BY day",
                (learner_id,),
            )
        )

    def add_challenge_entry(
        self, learner_id: str, day: int, practice: str, what_i_did: str, how_it_landed: str
    ) -> None:
        """Log one micro-moment of the five-day challenge (at most
        :data:`CHALLENGE_ENTRIES_MAX` are kept; :class:`TooLong` past that or over a size)."""
        check_length(what_i_did, TEXT_MAX, "What you did")
        check_length(how_it_landed, TEXT_MAX, "How it landed")
        with self._write() as db:
            ensure_learner_row(db, learner_id, now())
            kept = db.execute(
                "SELECT COUNT(*) FROM challenge_entries WHERE learner_id = ?", (learner_id,)
            ).fetchone()[0]
            if kept >= CHALLENGE_ENTRIES_MAX:
                raise TooLong(
                    f"Your log already holds {CHALLENGE_ENTRIES_MAX} micro-moments, as many "
                    "as it keeps. Look back over them in your journal."
                )
            db.execute(
                "INSERT INTO challenge_entries (learner_id, day, practice, what_i_did, "
                "how_it_landed, logged_at) VALUES (?, ?, ?, ?, ?, ?)",
                (learner_id, day, practice, what_i_did, how_it_landed, now()),
            )

    def challenge_entries(self, learner_id: str) -> list[ChallengeEntry]:
        """The learner's challenge log, by day then time."""
        rows = self._query(
            "SELECT day, practice, what_i_did, how_it_landed, logged_at FROM challenge_entries "
            "WHERE learner_id = ? ORDER BY day, id",
            (learner_id,),
        )
        return [ChallengeEntry(*row) for row in rows]
