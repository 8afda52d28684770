"""Learners: identity (resume codes, names), answers and module progress, deletion."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from widgets.limits import NAME_MAX, clean_name, is_selection
from widgets.store.database import (
    Database,
    ensure_learner_row,
    hash_code,
    new_resume_code,
    normalise_code,
    now,
)
from widgets.store.schema import LEARNER_TABLES


@dataclass(frozen=True)
class Answer:
    """One checked answer to a scenario."""

    module_id: str
    scenario_id: str
    #: ids of the options chosen (answers kept before option ids existed hold indices)
    selected: tuple[str | int, ...]
    score: float
    correct: bool
    answered_at: str


#: attempts kept per learner and scenario (the best and the latest of them)
ATTEMPTS_KEPT = 20


class LearnerStore(Database):
    """Who the learner is, what they answered, where they are in the course."""

    # -- learners -------------------------------------------------------------------------

    def ensure_learner(self, learner_id: str) -> None:
        """Create the learner row if it does not exist yet."""
        with self._write() as db:
            ensure_learner_row(db, learner_id, now())

    def new_learner(self) -> tuple[str, str]:
        """A new anonymous learner: returns ``(learner_id, resume_code)``."""
        learner_id = "web-" + secrets.token_hex(12)
        code = new_resume_code()
        with self._write() as db:
            db.execute(
                "INSERT INTO learners (id, code_hash, created_at) VALUES (?, ?, ?)",
                (learner_id, hash_code(code), now()),
            )
        return learner_id, code

    def learner_for_code(self, code: str) -> str | None:
        """The learner a resume code belongs to, or None."""
        if len(normalise_code(code)) != 14:
            return None
        rows = self._query("SELECT id FROM learners WHERE code_hash = ?", (hash_code(code),))
        return rows[0][0] if rows else None

    def set_resume_code(self, learner_id: str) -> str:
        """Give a learner a new resume code (the old one stops working)."""
        code = new_resume_code()
        self.ensure_learner(learner_id)
        with self._write() as db:
            db.execute(
                "UPDATE learners SET code_hash = ? WHERE id = ?", (hash_code(code), learner_id)
            )
        return code

    def display_name(self, learner_id: str) -> str:
        """The name the course greets the learner by ('' if not set)."""
        rows = self._query("SELECT display_name FROM learners WHERE id = ?", (learner_id,))
        return rows[0][0] if rows else ""

    def set_display_name(self, learner_id: str, name: str) -> None:
        """Remember the name the learner wants to be greeted by (:class:`TooLong` if over
        :data:`NAME_MAX`; bidirectional controls are removed)."""
        name = clean_name(name, NAME_MAX, "Your name")
        self.ensure_learner(learner_id)
        with self._write() as db:
            db.execute("UPDATE learners SET display_name = ? WHERE id = ?", (name, learner_id))

    # -- answers and progress -------------------------------------------------------------

    def record_answer(
        self,
        learner_id: str,
        module_id: str,
        scenario_id: str,
        selected: tuple[str, ...],
        score: float,
        correct: bool,
    ) -> None:
        """Keep one checked answer (the chosen options' ids), committed at once; a scenario
        keeps a learner's latest :data:`ATTEMPTS_KEPT` attempts."""
        if not is_selection(selected):
            raise ValueError("not an answer to a scenario")
        with self._write() as db:
            ensure_learner_row(db, learner_id, now())
            db.execute(
                "INSERT INTO answers (learner_id, module_id, scenario_id, selected, score, "
                "correct, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    learner_id, module_id, scenario_id, json.dumps(list(selected)),
                    float(score), int(bool(correct)), now(),
                ),
            )
            # a page can click Check without end: older attempts make way, the best is kept
            db.execute(
                "DELETE FROM answers WHERE learner_id = ? AND module_id = ? AND scenario_id = ? "
                "AND id NOT IN (SELECT id FROM answers WHERE learner_id = ? AND module_id = ? "
                "AND scenario_id = ? ORDER BY score DESC, id DESC LIMIT ?)",
                (learner_id, module_id, scenario_id) * 2 + (ATTEMPTS_KEPT,),
            )

    def answers(self, learner_id: str, module_id: str | None = None) -> list[Answer]:
        """Every answer of a learner (optionally in one module), oldest first."""
        sql = (
            "SELECT module_id, scenario_id, selected, score, correct, answered_at FROM answers "
            "WHERE learner_id = ?"
        )
        parameters: tuple = (learner_id,)
        if module_id is not None:
            sql += " AND module_id = ?"
            parameters += (module_id,)
        rows = self._query(sql + " ORDER BY id", parameters)
        return [
            Answer(m, s, tuple(json.loads(sel)), score, bool(correct), at)
            for m, s, sel, score, correct, at in rows
        ]

    def scenario_history(self, learner_id: str, module_id: str) -> dict[str, tuple[int, float]]:
        """``{scenario_id: (attempts, best_score)}`` for the answered scenarios of a module."""
        rows = self._query(
            "SELECT scenario_id, COUNT(*), MAX(score) FROM answers "
            "WHERE learner_id = ? AND module_id = ? GROUP BY scenario_id",
            (learner_id, module_id),
        )
        return {scenario: (count, best) for scenario, count, best in rows}

    def answered_scenarios(self, learner_id: str) -> dict[str, set[str]]:
        """Scenario ids answered at least once, by module."""
        result: dict[str, set[str]] = {}
        for module_id, scenario_id in self._query(
            "SELECT DISTINCT module_id, scenario_id FROM answers WHERE learner_id = ?",
            (learner_id,),
        ):
            result.setdefault(module_id, set()).add(scenario_id)
        return result

    def record_visit(self, learner_id: str, module_id: str) -> None:
        """Note that the learner opened a module (for "continue where you left off")."""
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            db.execute(
                "INSERT INTO module_visits (learner_id, module_id, first_visit, last_visit) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (learner_id, module_id) "
                "DO UPDATE SET last_visit = excluded.last_visit",
                (learner_id, module_id, stamp, stamp),
            )
            db.execute("UPDATE learners SET last_module = ? WHERE id = ?", (module_id, learner_id))

    def mark_completed(self, learner_id: str, module_id: str) -> None:
        """Record that the learner finished a module (first time only)."""
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            db.execute(
                "INSERT INTO module_visits (learner_id, module_id, first_visit, last_visit, "
                "completed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, module_id) "
                "DO UPDATE SET completed_at = COALESCE(completed_at, excluded.completed_at)",
                (learner_id, module_id, stamp, stamp, stamp),
            )

    def completed_modules(self, learner_id: str) -> set[str]:
        """Modules the learner has completed."""
        rows = self._query(
            "SELECT module_id FROM module_visits WHERE learner_id = ? AND completed_at IS NOT NULL",
            (learner_id,),
        )
        return {row[0] for row in rows}

    def last_module(self, learner_id: str) -> str | None:
        """The module the learner opened most recently."""
        rows = self._query("SELECT last_module FROM learners WHERE id = ?", (learner_id,))
        return rows[0][0] if rows else None

    # -- deleting -------------------------------------------------------------------------

    def delete_learner(self, learner_id: str) -> None:
        """Remove every row of this learner, in every table."""
        with self._write() as db:
            for table in LEARNER_TABLES:
                db.execute(f"DELETE FROM {table} WHERE learner_id = ?", (learner_id,))
            db.execute("DELETE FROM learners WHERE id = ?", (learner_id,))

    def row_counts(self, learner_id: str) -> dict[str, int]:
        """How many rows each table holds for a learner (for tests and the journal)."""
        counts = {}
        for table in LEARNER_TABLES:
            counts[table] = self._query(
                f"SELECT COUNT(*) FROM {table} WHERE learner_id = ?", (learner_id,)
            )[0][0]
        counts["learners"] = self._query(
            "SELECT COUNT(*) FROM learners WHERE id = ?", (learner_id,)
        )[0][0]
        return counts
