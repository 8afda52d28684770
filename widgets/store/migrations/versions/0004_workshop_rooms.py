"""Release schema version 4: workshop rooms, their participants and answers.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rooms",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("workshop_id", sa.Text, nullable=False),
        sa.Column("scenario_ids", sa.Text, nullable=False),
        sa.Column("key_hash", sa.Text, nullable=False),
        sa.Column("current_index", sa.Integer, nullable=False, server_default="0"),
        sa.Column("revealed", sa.Text, nullable=False, server_default="[]"),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("closed_at", sa.Text),
    )
    op.create_table(
        "room_participants",
        sa.Column(
            "room_code", sa.Text, sa.ForeignKey("rooms.code", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("display_name", sa.Text, nullable=False, server_default=""),
        sa.Column("show_name", sa.Integer, nullable=False, server_default="0"),
        sa.Column("joined_at", sa.Text, nullable=False),
    )
    op.create_table(
        "room_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "room_code", sa.Text, sa.ForeignKey("rooms.code", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("scenario_id", sa.Text, nullable=False),
        sa.Column("selected", sa.Text, nullable=False),
        sa.Column("answered_at", sa.Text, nullable=False),
    )
    op.create_index("room_answers_by_room", "room_answers", ["room_code", "scenario_id"])


def downgrade() -> None:
    for table in ("room_answers", "room_participants", "rooms"):
        op.drop_table(table)
