"""The schema as SQLAlchemy Core tables: what the store's queries are written against.

The tables are made and changed only by the Alembic revisions in ``migrations/versions/``;
this file describes the newest of them (``SCHEMA_VERSION``) and must agree with it, which
``tests/store/test_migrations.py`` checks on both backends.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, Table, TypeDecorator
from sqlalchemy import Text as _Text

#: The Alembic revision the code expects: the newest in ``migrations/versions/``.
SCHEMA_VERSION = "0011"

metadata = MetaData()


class Text(TypeDecorator):
    """Text as every backend keeps it: PostgreSQL refuses the NUL character, so the store
    drops it on both (no learner types one; a hostile page may send one)."""

    impl = _Text
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ARG002 - SQLAlchemy's signature
        """Drop NUL characters from text on its way to the database."""
        return value.replace("\x00", "") if isinstance(value, str) else value


def _learner() -> Column:
    return Column(
        "learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False
    )


learners = Table(
    "learners", metadata,
    Column("id", Text, primary_key=True),
    Column("code_hash", Text, unique=True),
    Column("display_name", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
    Column("last_module", Text),
)

answers = Table(
    "answers", metadata,
    Column("id", Integer, primary_key=True),
    _learner(),
    Column("module_id", Text, nullable=False),
    Column("scenario_id", Text, nullable=False),
    Column("selected", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("answered_at", Text, nullable=False),
    Index("answers_by_learner", "learner_id", "module_id"),
)

reflections = Table(
    "reflections", metadata,
    Column("learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("reflection_id", Text, primary_key=True),
    Column("module_id", Text, nullable=False),
    Column("prompt", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
    #: the order the learner first wrote them in (revision 0007; SQLite's rowid before)
    Column("position", Integer, nullable=False, server_default="0"),
)

module_visits = Table(
    "module_visits", metadata,
    Column("learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("module_id", Text, primary_key=True),
    Column("first_visit", Text, nullable=False),
    Column("last_visit", Text, nullable=False),
    Column("completed_at", Text),
)

self_assessments = Table(
    "self_assessments", metadata,
    Column("id", Integer, primary_key=True),
    _learner(),
    Column("stage", Text, nullable=False),
    Column("item_id", Text, nullable=False),
    Column("value", Integer, nullable=False),
    Column("answered_at", Text, nullable=False),
    Index("self_assessments_one_per_item", "learner_id", "stage", "item_id", unique=True),
)

challenge_entries = Table(
    "challenge_entries", metadata,
    Column("id", Integer, primary_key=True),
    _learner(),
    Column("day", Integer, nullable=False),
    Column("practice", Text, nullable=False),
    Column("what_i_did", Text, nullable=False),
    Column("how_it_landed", Text, nullable=False),
    Column("logged_at", Text, nullable=False),
)

challenge_plan = Table(
    "challenge_plan", metadata,
    Column("learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("day", Integer, primary_key=True),
    Column("plan", Text, nullable=False),
)

practice_results = Table(
    "practice_results", metadata,
    Column("id", Integer, primary_key=True),
    _learner(),
    Column("module_id", Text, nullable=False),
    Column("item_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("result", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    Index("practice_results_by_learner", "learner_id", "module_id"),
    Index("practice_results_one_per_item", "learner_id", "item_id", "kind", unique=True),
)

rooms = Table(
    "rooms", metadata,
    Column("code", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("workshop_id", Text, nullable=False),
    Column("scenario_ids", Text, nullable=False),
    Column("key_hash", Text, nullable=False),
    Column("current_index", Integer, nullable=False, server_default="0"),
    Column("revealed", Text, nullable=False, server_default="[]"),
    Column("created_at", Text, nullable=False),
    Column("closed_at", Text),
    # results (the room's chart) hidden from the presenter and the participants until shown
    Column("hide_results", Integer, nullable=False, server_default="1"),
    Column("results_shown", Integer, nullable=False, server_default="0"),
    # open answers wait for the facilitator's approval before they are shown
    Column("approve_first", Integer, nullable=False, server_default="0"),
    # the open question the room is on (its number in room_questions; 0: the scenario)
    Column("question", Integer, nullable=False, server_default="0"),
    # the room's timer: running until timer_ends_at (epoch seconds), or paused with
    # timer_left seconds; neither: no timer
    Column("timer_ends_at", Float),
    Column("timer_left", Float),
)

room_participants = Table(
    "room_participants", metadata,
    Column("room_code", Text, ForeignKey("rooms.code", ondelete="CASCADE"), primary_key=True),
    Column("learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, nullable=False),
    Column("display_name", Text, nullable=False, server_default=""),
    Column("show_name", Integer, nullable=False, server_default="0"),
    Column("joined_at", Text, nullable=False),
)

room_answers = Table(
    "room_answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("room_code", Text, ForeignKey("rooms.code", ondelete="CASCADE"), nullable=False),
    _learner(),
    Column("scenario_id", Text, nullable=False),
    Column("selected", Text, nullable=False),
    Column("answered_at", Text, nullable=False),
    Index("room_answers_by_room", "room_code", "scenario_id"),
    Index("room_answers_one_per_scenario", "room_code", "learner_id", "scenario_id", unique=True),
)

room_questions = Table(
    "room_questions", metadata,
    Column("room_code", Text, ForeignKey("rooms.code", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("asked_at", Text, nullable=False),
)

room_open_answers = Table(
    "room_open_answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("room_code", Text, ForeignKey("rooms.code", ondelete="CASCADE"), nullable=False),
    _learner(),
    Column("question", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("show_name", Integer, nullable=False, server_default="0"),
    # shown, hidden (by the facilitator) or waiting (for approval)
    Column("status", Text, nullable=False),
    Column("answered_at", Text, nullable=False),
    Index("room_open_answers_by_question", "room_code", "question"),
)

judgment_ratings = Table(
    "judgment_ratings", metadata,
    Column("learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    # before, after or follow-up
    Column("stage", Text, primary_key=True),
    Column("item_id", Text, primary_key=True),
    # a or b
    Column("form", Text, nullable=False),
    Column("practice", Text, nullable=False),
    # the learner's rating of each option (1 to 6), by option id, as JSON
    Column("ratings", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("answered_at", Text, nullable=False),
)

attempts = Table(
    "attempts", metadata,
    Column("kind", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("at", Float, nullable=False),
    Index("attempts_by_subject", "kind", "subject", "at"),
)

review_schedule = Table(
    "review_schedule", metadata,
    Column("learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("scenario_id", Text, primary_key=True),
    Column("module_id", Text, nullable=False),
    Column("step", Integer, nullable=False),
    Column("due_at", Text, nullable=False),
    Column("last_score", Float, nullable=False),
    Column("reviews", Integer, nullable=False, server_default="0"),
    Column("answered_at", Text, nullable=False),
    Index("review_schedule_due", "learner_id", "due_at"),
)

if_then_plans = Table(
    "if_then_plans", metadata,
    Column("learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("practice", Text, primary_key=True),
    Column("situation", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
)

#: xAPI statements waiting for the LRS (revision 0008): queued in the transaction of what the
#: learner did, claimed by one sender at a time, kept with ``sent_at`` once the LRS has them
xapi_outbox = Table(
    "xapi_outbox", metadata,
    Column("id", Integer, primary_key=True),
    Column("statement_id", Text, nullable=False, unique=True),
    _learner(),
    Column("statement", Text, nullable=False),
    Column("queued_at", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("claimed_by", Text),
    Column("claimed_until", Float),
    Column("sent_at", Text),
    #: why the LRS refused this statement for good ('' while it may still go)
    Column("rejected", Text, nullable=False, server_default=""),
    Index("xapi_outbox_waiting", "sent_at", "id"),
    Index("xapi_outbox_by_learner", "learner_id", "sent_at"),
)

#: Tables holding a learner's rows (besides ``learners`` itself).
LEARNER_TABLES = (
    answers, reflections, module_visits, self_assessments, challenge_entries, challenge_plan,
    practice_results, room_answers, room_open_answers, room_participants, review_schedule,
    if_then_plans, xapi_outbox, judgment_ratings,
)
