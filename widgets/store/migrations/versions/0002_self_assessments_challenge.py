"""Release schema version 2: self-assessments and the five-day challenge.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None



def learner_column(primary_key: bool = False) -> sa.Column:
    """The ``learner_id`` column (each revision keeps its own copy: released ones are frozen)."""
    return sa.Column(
        "learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"),
        nullable=False, primary_key=primary_key,
    )


def upgrade() -> None:
    op.create_table(
        "self_assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        learner_column(),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("item_id", sa.Text, nullable=False),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("answered_at", sa.Text, nullable=False),
    )
    op.create_table(
        "challenge_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        learner_column(),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("practice", sa.Text, nullable=False),
        sa.Column("what_i_did", sa.Text, nullable=False),
        sa.Column("how_it_landed", sa.Text, nullable=False),
        sa.Column("logged_at", sa.Text, nullable=False),
    )
    op.create_table(
        "challenge_plan",
        learner_column(primary_key=True),
        sa.Column("day", sa.Integer, primary_key=True),
        sa.Column("plan", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("challenge_plan", "challenge_entries", "self_assessments"):
        op.drop_table(table)
