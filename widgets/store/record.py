"""What the completion record needs from the store that no other domain asks for."""

from __future__ import annotations

from sqlalchemy import select

from widgets.store.domain import DomainStore
from widgets.store.tables import module_visits


class RecordStore(DomainStore):
    """When each module was completed."""

    def module_completions(self, learner_id: str) -> dict[str, str]:
        """``{module_id: completed_at}`` (UTC ISO text) for the modules the learner finished."""
        c = module_visits.c
        return dict(
            self._query(
                select(c.module_id, c.completed_at)
                .where(c.learner_id == learner_id, c.completed_at.is_not(None))
                .order_by(c.completed_at)
            )
        )
