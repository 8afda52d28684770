"""What the completion record needs from the store that no other domain asks for."""

from __future__ import annotations

from widgets.store.database import Database


class RecordStore(Database):
    """When each module was completed."""

    def module_completions(self, learner_id: str) -> dict[str, str]:
        """``{module_id: completed_at}`` (UTC ISO text) for the modules the learner finished."""
        return dict(
            self._query(
                "SELECT module_id, completed_at FROM module_visits WHERE learner_id = ? "
                "AND completed_at IS NOT NULL ORDER BY completed_at",
                (learner_id,),
            )
        )
