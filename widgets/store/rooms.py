"""Workshop rooms: codes and keys, the facilitator's view, participants and their answers."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from widgets.limits import (
    PLACES_PER_BROWSER,
    ROOM_PARTICIPANTS_MAX,
    TITLE_MAX,
    check_display_name,
    clean_name,
    is_selection,
)
from widgets.store.codes import CODE_ALPHABET, normalise_code
from widgets.store.database import (
    dialect_insert,
    ensure_learner_row,
    now,
)
from widgets.store.domain import DomainStore
from widgets.store.records import RoomError
from widgets.store.tables import (
    attempts,
    room_answers,
    room_open_answers,
    room_participants,
    room_questions,
    rooms,
)


@dataclass(frozen=True)
class Room:
    """A workshop room: its join code, scenarios and what the facilitator is showing."""

    code: str
    title: str
    workshop_id: str
    scenario_ids: tuple[str, ...]
    current_index: int
    #: content indices of the options whose feedback the facilitator has revealed
    revealed: tuple[int, ...]
    created_at: str
    closed_at: str | None
    #: the room's chart is hidden from the presenter and participants until shown
    hide_results: bool = True
    #: the facilitator has shown the results of the current scenario
    results_shown: bool = False
    #: open answers wait for the facilitator's approval before they are shown
    approve_first: bool = False
    #: the open question the room is on (its number; 0: the room is on its scenario)
    question: int = 0
    question_text: str = ""
    #: the room's timer: running until this time (epoch seconds)...
    timer_ends_at: float | None = None
    #: ...or paused with this many seconds left
    timer_left: float | None = None

    @property
    def results_visible(self) -> bool:
        """True if the presenter and participants may see the current scenario's results."""
        return self.results_shown or not self.hide_results

    def seconds_left(self, at: float | None = None) -> float | None:
        """The timer's seconds left (at ``at``, epoch seconds; now by default), or None."""
        if self.timer_ends_at is not None:
            return max(0.0, self.timer_ends_at - (time.time() if at is None else at))
        return self.timer_left

    @property
    def timer_running(self) -> bool:
        """True while the room's timer counts down."""
        return self.timer_ends_at is not None

    @property
    def closed(self) -> bool:
        """True once the facilitator has closed the room."""
        return self.closed_at is not None

    @property
    def current_scenario(self) -> str | None:
        """The scenario the room is on (None if the room has none)."""
        if not self.scenario_ids:
            return None
        return self.scenario_ids[min(self.current_index, len(self.scenario_ids) - 1)]


@dataclass(frozen=True)
class RoomAnswer:
    """One answer given in a room, with the participant's label (a name only if opted in)."""

    scenario_id: str
    #: ids of the options chosen
    selected: tuple[str | int, ...]
    participant: str
    answered_at: str


def new_room_code() -> str:
    """A join code such as ``K7QF-M2XD``: 40 random bits, easy to read aloud."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def hash_key(key: str) -> str:
    """What the database keeps of a facilitator key."""
    return hashlib.sha256(key.strip().encode()).hexdigest()


class RoomStore(DomainStore):
    """Rooms, their participants and answers."""

    # -- workshop rooms -------------------------------------------------------------------

    def create_room(
        self, title: str, workshop_id: str, scenario_ids: list[str] | tuple[str, ...],
        hide_results: bool = True, approve_first: bool = False,
    ) -> tuple[Room, str]:
        """Create a room; returns it with its facilitator key (shown once, kept hashed)."""
        title = clean_name(title, TITLE_MAX, "A room name")
        key = secrets.token_urlsafe(12)
        stamp = now()
        with self._write() as db:
            for _ in range(10):
                code = new_room_code()
                taken = db.execute(select(rooms.c.code).where(rooms.c.code == code)).first()
                if not taken:
                    break
            db.execute(
                rooms.insert().values(
                    code=code, title=title, workshop_id=workshop_id,
                    scenario_ids=json.dumps(list(scenario_ids)), key_hash=hash_key(key),
                    created_at=stamp, hide_results=int(hide_results),
                    approve_first=int(approve_first),
                )
            )
        room = self.room(code)
        assert room is not None
        return room, key

    def room(self, code: str) -> Room | None:
        """The room with this join code (typed loosely), or None."""
        c, q = rooms.c, room_questions.c
        rows = self._query(
            select(
                c.code, c.title, c.workshop_id, c.scenario_ids, c.current_index, c.revealed,
                c.created_at, c.closed_at, c.hide_results, c.results_shown, c.approve_first,
                c.question, q.text, c.timer_ends_at, c.timer_left,
            )
            .outerjoin(room_questions, (q.room_code == c.code) & (q.number == c.question))
            .where(c.code == normalise_code(code))
        )
        if not rows:
            return None
        (code, title, workshop, scenarios, index, revealed, created, closed, hide, shown,
         approve, question, question_text, ends_at, left) = rows[0]
        return Room(
            code, title, workshop, tuple(json.loads(scenarios)), index,
            tuple(json.loads(revealed)), created, closed, bool(hide), bool(shown),
            bool(approve), question if question_text is not None else 0,
            question_text or "", ends_at, left,
        )

    def room_key_matches(self, code: str, key: str) -> bool:
        """True if ``key`` is this room's facilitator key."""
        rows = self._query(select(rooms.c.key_hash).where(rooms.c.code == normalise_code(code)))
        return bool(rows) and secrets.compare_digest(rows[0][0], hash_key(key))

    def set_room_view(
        self, code: str, current_index: int | None = None, revealed: tuple[int, ...] | None = None
    ) -> None:
        """Move the room to another scenario (its results and feedback hidden again, the
        open question ended) and/or change which feedback is revealed."""
        with self._write() as db:
            if current_index is not None:
                db.execute(
                    rooms.update()
                    .where(rooms.c.code == code)
                    .values(current_index=current_index, revealed="[]", results_shown=0,
                            question=0)
                )
            if revealed is not None:
                db.execute(
                    rooms.update()
                    .where(rooms.c.code == code)
                    .values(revealed=json.dumps(sorted(set(revealed))))
                )

    def set_results_shown(self, code: str, shown: bool) -> None:
        """Show (or hide again) the current scenario's results to the presenter and room."""
        with self._write() as db:
            db.execute(rooms.update().where(rooms.c.code == code)
                       .values(results_shown=int(shown)))

    def set_room_settings(
        self, code: str, hide_results: bool | None = None, approve_first: bool | None = None
    ) -> None:
        """Change whether results wait for the reveal and open answers for approval."""
        values = {
            name: int(value) for name, value in
            (("hide_results", hide_results), ("approve_first", approve_first))
            if value is not None
        }
        if values:
            with self._write() as db:
                db.execute(rooms.update().where(rooms.c.code == code).values(**values))

    def set_timer(self, code: str, ends_at: float | None, left: float | None) -> None:
        """Run the room's timer until ``ends_at``, pause it with ``left`` seconds, or (both
        None) take it away."""
        with self._write() as db:
            db.execute(rooms.update().where(rooms.c.code == code)
                       .values(timer_ends_at=ends_at, timer_left=left))

    def delete_room(self, code: str) -> None:
        """Delete the room with everything given in it (participants, answers, open
        answers, questions)."""
        with self._write() as db:
            for table in (room_open_answers, room_questions, room_answers, room_participants):
                db.execute(table.delete().where(table.c.room_code == code))
            db.execute(rooms.delete().where(rooms.c.code == code))
            db.execute(attempts.delete().where(attempts.c.kind == f"place:{code}"))

    def close_room(self, code: str) -> None:
        """Stop the room from taking new participants or answers."""
        with self._write() as db:
            db.execute(
                rooms.update()
                .where(rooms.c.code == code, rooms.c.closed_at.is_(None))
                .values(closed_at=now())
            )

    @staticmethod
    def _open_room(db: Connection, code: str) -> tuple[str, int]:
        """The room's scenario ids (JSON) and current index, its row locked until the
        transaction ends (PostgreSQL; SQLite's write lock already covers the file)."""
        row = db.execute(
            select(rooms.c.closed_at, rooms.c.scenario_ids, rooms.c.current_index)
            .where(rooms.c.code == code)
            .with_for_update()
        ).first()
        if row is None:
            raise RoomError("There is no room with that code. Check it with your facilitator.")
        if row[0] is not None:
            raise RoomError(
                "This room is closed: the facilitator has ended the session, so it no longer "
                "takes answers."
            )
        return row[1], row[2]

    def join_room(
        self, code: str, learner_id: str, display_name: str = "", show_name: bool = False,
        browser: str = "",
    ) -> int:
        """Join (or re-join) a room; returns the participant's number in it. The display name
        is cleaned and checked (:class:`TooLong`), a full room refuses newcomers, and one
        ``browser`` takes at most :data:`PLACES_PER_BROWSER` places in a room."""
        display_name = check_display_name(display_name) if display_name.strip() else ""
        code = normalise_code(code)
        stamp = now()
        p = room_participants.c
        with self._write() as db:
            self._open_room(db, code)
            ensure_learner_row(db, learner_id, stamp)
            this = (p.room_code == code) & (p.learner_id == learner_id)
            row = db.execute(select(p.number).where(this)).first()
            if row:
                db.execute(
                    room_participants.update()
                    .where(this)
                    .values(display_name=display_name, show_name=int(show_name))
                )
                return row[0]
            number = db.execute(
                select(func.coalesce(func.max(p.number), 0) + 1).where(p.room_code == code)
            ).scalar_one()
            if number > ROOM_PARTICIPANTS_MAX:
                raise RoomError(
                    f"This room is full ({ROOM_PARTICIPANTS_MAX} people). Ask your facilitator."
                )
            if browser:
                self._take_place(db, code, browser)
            db.execute(
                room_participants.insert().values(
                    room_code=code, learner_id=learner_id, number=number,
                    display_name=display_name, show_name=int(show_name), joined_at=stamp,
                )
            )
            return number

    @staticmethod
    def _take_place(db: Connection, code: str, browser: str) -> None:
        a = attempts.c
        place = (a.kind == f"place:{code}") & (a.subject == f"browser:{browser}")
        taken = db.execute(select(func.count()).where(place)).scalar_one()
        if taken >= PLACES_PER_BROWSER:
            raise RoomError(
                f"This browser has already joined this room as {taken} people. Join from "
                "your own device, or ask your facilitator."
            )
        db.execute(attempts.insert().values(
            kind=f"place:{code}", subject=f"browser:{browser}", at=time.time()
        ))

    def record_room_answer(
        self, code: str, learner_id: str, scenario_id: str, selected: tuple[str, ...]
    ) -> None:
        """Keep a participant's answer to the room's current scenario (a later answer replaces
        it); RoomError if the room is closed or has moved on to another scenario."""
        code = normalise_code(code)
        if not is_selection(selected):
            raise RoomError("That is not an answer to this scenario.")
        p = room_participants.c
        with self._write() as db:
            scenarios, index = self._open_room(db, code)
            scenario_ids = json.loads(scenarios)
            current = scenario_ids[min(index, len(scenario_ids) - 1)] if scenario_ids else None
            if scenario_id != current:
                raise RoomError(
                    "The room has moved on to another scenario: answer the one on screen."
                )
            joined = db.execute(
                select(p.number).where(p.room_code == code, p.learner_id == learner_id)
            ).first()
            if not joined:
                raise RoomError("Join the room before answering.")
            insert = dialect_insert(db, room_answers).values(
                room_code=code, learner_id=learner_id, scenario_id=scenario_id,
                selected=json.dumps(list(selected)), answered_at=now(),
            )
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["room_code", "learner_id", "scenario_id"],
                    set_={
                        "selected": insert.excluded.selected,
                        "answered_at": insert.excluded.answered_at,
                    },
                )
            )

    def room_participant_count(self, code: str) -> int:
        """How many people have joined the room."""
        return self._query(
            select(func.count())
            .select_from(room_participants)
            .where(room_participants.c.room_code == code)
        )[0][0]

    def room_learner_ids(self, code: str) -> list[str]:
        """The learners who joined the room (for its aggregate results, never shown one by
        one)."""
        p = room_participants.c
        return [row[0] for row in self._query(
            select(p.learner_id).where(p.room_code == normalise_code(code)).order_by(p.number)
        )]

    def room_latest_selections(self, code: str, scenario_id: str) -> list[tuple[str, ...]]:
        """Each participant's latest answer to one scenario: the option ids chosen, in the
        order they were sent (a ranking's order); participants in the order they first
        answered."""
        rows = self._query(
            select(room_answers.c.selected)
            .where(room_answers.c.room_code == code, room_answers.c.scenario_id == scenario_id)
            .order_by(room_answers.c.id)
        )
        return [tuple(json.loads(selected)) for (selected,) in rows]

    def room_answers(self, code: str) -> list[RoomAnswer]:
        """Each participant's answer to each scenario (their last), oldest first; names only
        for those who opted in."""
        a, p = room_answers.c, room_participants.c
        rows = self._query(
            select(a.scenario_id, a.selected, p.number, p.display_name, p.show_name,
                   a.answered_at)
            .join_from(
                room_answers, room_participants,
                (p.room_code == a.room_code) & (p.learner_id == a.learner_id),
            )
            .where(a.room_code == code)
            .order_by(a.id)
        )
        return [
            RoomAnswer(
                scenario, tuple(json.loads(selected)),
                name if show and name else f"Participant {number}", stamp,
            )
            for scenario, selected, number, name, show, stamp in rows
        ]
