"""Rooms for a projector: results hidden until shown, approval of open answers, the open
question the room is on, a room timer; the open questions asked and the answers given.

Revision ID: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

def room_columns() -> list[sa.Column]:
    """The rooms' new columns (made anew for each use: a column belongs to one table)."""
    return [
        sa.Column("hide_results", sa.Integer, nullable=False, server_default="1"),
        sa.Column("results_shown", sa.Integer, nullable=False, server_default="0"),
        sa.Column("approve_first", sa.Integer, nullable=False, server_default="0"),
        sa.Column("question", sa.Integer, nullable=False, server_default="0"),
        sa.Column("timer_ends_at", sa.Float),
        sa.Column("timer_left", sa.Float),
    ]


def upgrade() -> None:
    with op.batch_alter_table("rooms") as batch:
        for column in room_columns():
            batch.add_column(column)
    op.create_table(
        "room_questions",
        sa.Column(
            "room_code", sa.Text, sa.ForeignKey("rooms.code", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("asked_at", sa.Text, nullable=False),
    )
    op.create_table(
        "room_open_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "room_code", sa.Text, sa.ForeignKey("rooms.code", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("question", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("show_name", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("answered_at", sa.Text, nullable=False),
    )
    op.create_index(
        "room_open_answers_by_question", "room_open_answers", ["room_code", "question"]
    )


def downgrade() -> None:
    op.drop_table("room_open_answers")
    op.drop_table("room_questions")
    with op.batch_alter_table("rooms") as batch:
        for column in room_columns():
            batch.drop_column(column.name)
