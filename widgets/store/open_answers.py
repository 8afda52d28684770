"""Open questions put to a workshop room, the participants' short answers, and moderation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from widgets.limits import (
    OPEN_ANSWER_MAX,
    OPEN_ANSWERS_PER_QUESTION,
    QUESTION_MAX,
    ROOM_QUESTIONS_MAX,
    check_length,
)
from widgets.store.codes import normalise_code
from widgets.store.database import now
from widgets.store.domain import DomainStore
from widgets.store.quota import check_learner_text
from widgets.store.rooms import RoomError, RoomStore
from widgets.store.tables import room_open_answers, room_participants, room_questions, rooms

#: what the facilitator may do to an answer: show it on the wall or hide it
MODERATION = ("shown", "hidden")


@dataclass(frozen=True)
class RoomQuestion:
    """An open question the facilitator put to the room."""

    number: int
    text: str
    asked_at: str


@dataclass(frozen=True)
class OpenAnswer:
    """One open answer: its text, who gave it as the room may see it, and its moderation."""

    id: int
    question: int
    text: str
    #: the participant's name if they chose to show it with this answer, else ''
    name: str
    #: "Participant 3" (or the name, if shown), for the facilitator and the export
    participant: str
    #: shown, hidden (by the facilitator) or waiting (for approval)
    status: str
    answered_at: str


class OpenAnswerStore(DomainStore):
    """Open questions and answers of workshop rooms."""

    def ask_question(self, code: str, text: str) -> int:
        """Put an open question to the room; returns its number. The room shows it (and its
        answers) until the facilitator moves on."""
        text = " ".join(check_length(text.strip(), QUESTION_MAX, "A question").split())
        if not text:
            raise RoomError("Type the question first.")
        code = normalise_code(code)
        q = room_questions.c
        with self._write() as db:
            RoomStore._open_room(db, code)
            number = db.execute(
                select(func.coalesce(func.max(q.number), 0) + 1).where(q.room_code == code)
            ).scalar_one()
            if number > ROOM_QUESTIONS_MAX:
                raise RoomError(f"A room can ask at most {ROOM_QUESTIONS_MAX} open questions.")
            db.execute(room_questions.insert().values(
                room_code=code, number=number, text=text, asked_at=now()
            ))
            db.execute(rooms.update().where(rooms.c.code == code).values(question=number))
        return number

    def end_question(self, code: str) -> None:
        """Take the open question off the room's screens (back to the scenario)."""
        with self._write() as db:
            db.execute(rooms.update().where(rooms.c.code == normalise_code(code))
                       .values(question=0))

    def give_open_answer(
        self, code: str, learner_id: str, question: int, text: str, show_name: bool = False
    ) -> OpenAnswer:
        """Keep a participant's answer to the open question the room is on: at most
        :data:`OPEN_ANSWERS_PER_QUESTION` each, of :data:`OPEN_ANSWER_MAX` characters;
        waiting for approval if the room asks for it."""
        text = " ".join(check_length(text.strip(), OPEN_ANSWER_MAX, "An answer").split())
        if not text:
            raise RoomError("Write your answer first.")
        code = normalise_code(code)
        a, p = room_open_answers.c, room_participants.c
        stamp = now()
        with self._write() as db:
            RoomStore._open_room(db, code)
            current, approve = db.execute(
                select(rooms.c.question, rooms.c.approve_first).where(rooms.c.code == code)
            ).one()
            if question != current or not current:
                raise RoomError(
                    "The facilitator has moved on from that question: answer the one on screen."
                )
            joined = db.execute(
                select(p.number, p.display_name)
                .where(p.room_code == code, p.learner_id == learner_id)
            ).first()
            if not joined:
                raise RoomError("Join the room before answering.")
            given = db.execute(select(func.count()).where(
                a.room_code == code, a.learner_id == learner_id, a.question == question
            )).scalar_one()
            if given >= OPEN_ANSWERS_PER_QUESTION:
                raise RoomError(
                    f"You have given {OPEN_ANSWERS_PER_QUESTION} answers to this question, "
                    "the most it takes from one person."
                )
            check_learner_text(db, learner_id, len(text))
            status = "waiting" if approve else "shown"
            new_id = db.execute(room_open_answers.insert().values(
                room_code=code, learner_id=learner_id, question=question, text=text,
                show_name=int(show_name and bool(joined[1])), status=status,
                answered_at=stamp,
            ).returning(a.id)).scalar_one()
        name = joined[1] if show_name and joined[1] else ""
        return OpenAnswer(
            new_id, question, text, name, name or f"Participant {joined[0]}", status, stamp
        )

    def moderate(self, code: str, answer_id: int, status: str) -> None:
        """Show an answer on the wall (approving it) or hide it."""
        if status not in MODERATION:
            raise RoomError("An answer can only be shown or hidden.")
        a = room_open_answers.c
        with self._write() as db:
            db.execute(room_open_answers.update()
                       .where(a.room_code == normalise_code(code), a.id == int(answer_id))
                       .values(status=status))

    def asked_questions(self, code: str) -> list[RoomQuestion]:
        """The open questions the room was asked, first first."""
        q = room_questions.c
        return [RoomQuestion(*row) for row in self._query(
            select(q.number, q.text, q.asked_at)
            .where(q.room_code == normalise_code(code)).order_by(q.number)
        )]

    def room_open_answers(
        self, code: str, question: int | None = None, shown_only: bool = False
    ) -> list[OpenAnswer]:
        """The room's open answers (to one question, or all), oldest first; with
        ``shown_only``, only those the room may see."""
        a, p = room_open_answers.c, room_participants.c
        query = (
            select(a.id, a.question, a.text, a.show_name, p.display_name, p.number, a.status,
                   a.answered_at)
            .join_from(
                room_open_answers, room_participants,
                (p.room_code == a.room_code) & (p.learner_id == a.learner_id),
            )
            .where(a.room_code == normalise_code(code))
            .order_by(a.id)
        )
        if question is not None:
            query = query.where(a.question == question)
        if shown_only:
            query = query.where(a.status == "shown")
        answers = []
        for answer_id, number, text, show, display, person, status, stamp in self._query(query):
            name = display if show and display else ""
            answers.append(OpenAnswer(
                answer_id, number, text, name, name or f"Participant {person}", status, stamp
            ))
        return answers
