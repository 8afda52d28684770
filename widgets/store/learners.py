"""Learners: identity (resume codes, names), answers and module progress, deletion."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from widgets.limits import NAME_MAX, clean_name, is_selection
from widgets.store.codes import hash_code, new_resume_code, normalise_code
from widgets.store.completion import complete_module, completed_query, first_answers_query
from widgets.store.database import (
    dialect_insert,
    ensure_learner_row,
    now,
)
from widgets.store.domain import DomainStore
from widgets.store.records import History
from widgets.store.tables import LEARNER_TABLES, answers, learners, module_visits


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


#: attempts kept per learner and scenario (the first, and the best of the others)
ATTEMPTS_KEPT = 20


class LearnerStore(DomainStore):
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
                learners.insert().values(id=learner_id, code_hash=hash_code(code), created_at=now())
            )
        return learner_id, code

    def learner_for_code(self, code: str) -> str | None:
        """The learner a resume code belongs to, or None."""
        if len(normalise_code(code)) != 14:
            return None
        rows = self._query(select(learners.c.id).where(learners.c.code_hash == hash_code(code)))
        return rows[0][0] if rows else None

    def set_resume_code(self, learner_id: str) -> str:
        """Give a learner a new resume code (the old one stops working)."""
        code = new_resume_code()
        self.ensure_learner(learner_id)
        with self._write() as db:
            db.execute(
                learners.update()
                .where(learners.c.id == learner_id)
                .values(code_hash=hash_code(code))
            )
        return code

    def display_name(self, learner_id: str) -> str:
        """The name the course greets the learner by ('' if not set)."""
        rows = self._query(select(learners.c.display_name).where(learners.c.id == learner_id))
        return rows[0][0] if rows else ""

    def set_display_name(self, learner_id: str, name: str) -> None:
        """Remember the name the learner wants to be greeted by (:class:`TooLong` if over
        :data:`NAME_MAX`; bidirectional controls are removed)."""
        name = clean_name(name, NAME_MAX, "Your name")
        self.ensure_learner(learner_id)
        with self._write() as db:
            db.execute(
                learners.update().where(learners.c.id == learner_id).values(display_name=name)
            )

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
        """Keep one checked answer (the chosen options' ids), committed at once. A scenario
        keeps its first answer (the one that scores) and the learner's best
        :data:`ATTEMPTS_KEPT` attempts."""
        if not is_selection(selected):
            raise ValueError("not an answer to a scenario")
        same = (
            (answers.c.learner_id == learner_id)
            & (answers.c.module_id == module_id)
            & (answers.c.scenario_id == scenario_id)
        )
        with self._write() as db:
            ensure_learner_row(db, learner_id, now())
            first = db.execute(select(func.min(answers.c.id)).where(same)).scalar_one()
            inserted = db.execute(
                answers.insert().values(
                    learner_id=learner_id, module_id=module_id, scenario_id=scenario_id,
                    selected=json.dumps(list(selected)), score=float(score),
                    correct=int(bool(correct)), answered_at=now(),
                )
            ).inserted_primary_key[0]
            # a page can click Check without end: older attempts make way; the first and
            # the best are kept
            first_id = inserted if first is None else first
            kept = (
                select(answers.c.id).where(same, answers.c.id != first_id)
                .order_by(answers.c.score.desc(), answers.c.id.desc())
                .limit(ATTEMPTS_KEPT - 1)
            )
            # a derived table, so that every backend accepts the LIMIT inside NOT IN
            kept_ids = select(kept.subquery().c.id)
            db.execute(answers.delete().where(
                same, answers.c.id != first_id, answers.c.id.not_in(kept_ids)
            ))
            self._report(
                db, learner_id, "answered", module_id, scenario_id, tuple(selected),
                float(score), bool(correct), first is None,
            )

    def answers(self, learner_id: str, module_id: str | None = None) -> list[Answer]:
        """Every answer of a learner (optionally in one module), oldest first."""
        query = select(
            answers.c.module_id, answers.c.scenario_id, answers.c.selected, answers.c.score,
            answers.c.correct, answers.c.answered_at,
        ).where(answers.c.learner_id == learner_id)
        if module_id is not None:
            query = query.where(answers.c.module_id == module_id)
        rows = self._query(query.order_by(answers.c.id))
        return [
            Answer(m, s, tuple(json.loads(sel)), score, bool(correct), at)
            for m, s, sel, score, correct, at in rows
        ]

    def scenario_history(self, learner_id: str, module_id: str) -> dict[str, History]:
        """A :class:`History` (attempts, best score, whether the first answer was right) for
        each answered scenario of a module."""
        firsts = dict(self._query(first_answers_query(learner_id, module_id)))
        rows = self._query(
            select(answers.c.scenario_id, func.count(), func.max(answers.c.score))
            .where(answers.c.learner_id == learner_id, answers.c.module_id == module_id)
            .group_by(answers.c.scenario_id)
        )
        return {
            scenario: History(count, best, bool(firsts.get(scenario)))
            for scenario, count, best in rows
        }

    def first_answers(self, learner_id: str, module_id: str) -> tuple[int, int]:
        """``(best, answered)``: how many of the module's scenarios the learner got right at
        the first try, out of how many they answered."""
        history = self.scenario_history(learner_id, module_id)
        return sum(h.first_correct for h in history.values()), len(history)

    def answered_scenarios(self, learner_id: str) -> dict[str, set[str]]:
        """Scenario ids answered at least once, by module."""
        result: dict[str, set[str]] = {}
        for module_id, scenario_id in self._query(
            select(answers.c.module_id, answers.c.scenario_id)
            .where(answers.c.learner_id == learner_id)
            .distinct()
        ):
            result.setdefault(module_id, set()).add(scenario_id)
        return result

    def record_visit(self, learner_id: str, module_id: str) -> None:
        """Note that the learner opened a module (for "continue where you left off")."""
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            insert = dialect_insert(db, module_visits).values(
                learner_id=learner_id, module_id=module_id, first_visit=stamp, last_visit=stamp
            )
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["learner_id", "module_id"],
                    set_={"last_visit": insert.excluded.last_visit},
                )
            )
            db.execute(
                learners.update().where(learners.c.id == learner_id).values(last_module=module_id)
            )
            self._report(db, learner_id, "launched", module_id)

    def mark_completed(self, learner_id: str, module_id: str) -> None:
        """Record that the learner finished a module (first time only)."""
        stamp = now()
        with self._write() as db:
            ensure_learner_row(db, learner_id, stamp)
            complete_module(self.database, db, learner_id, module_id, stamp)

    def completed_modules(self, learner_id: str) -> set[str]:
        """Modules the learner has completed."""
        return {row[0] for row in self._query(completed_query(learner_id))}

    def last_module(self, learner_id: str) -> str | None:
        """The module the learner opened most recently."""
        rows = self._query(select(learners.c.last_module).where(learners.c.id == learner_id))
        return rows[0][0] if rows else None

    # -- deleting -------------------------------------------------------------------------

    def delete_learner(self, learner_id: str) -> None:
        """Remove every row of this learner, in every table."""
        with self._write() as db:
            for table in LEARNER_TABLES:
                db.execute(table.delete().where(table.c.learner_id == learner_id))
            db.execute(learners.delete().where(learners.c.id == learner_id))

    def row_counts(self, learner_id: str) -> dict[str, int]:
        """How many rows each table holds for a learner (for tests and the journal)."""
        counts = {}
        for table in LEARNER_TABLES:
            counts[table.name] = self._query(
                select(func.count()).select_from(table).where(table.c.learner_id == learner_id)
            )[0][0]
        counts["learners"] = self._query(
            select(func.count()).select_from(learners).where(learners.c.id == learner_id)
        )[0][0]
        return counts
