"""Release schema version 6 (the last written for the sqlite3 store): spaced review of
scenarios (one row per learner and scenario) and if-then plans (one per learner and practice).

Revision ID: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def learner_column() -> sa.Column:
    """The ``learner_id`` column (each revision keeps its own copy: released ones are frozen)."""
    return sa.Column(
        "learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"),
        nullable=False, primary_key=True,
    )


def upgrade() -> None:
    op.create_table(
        "review_schedule",
        learner_column(),
        sa.Column("scenario_id", sa.Text, primary_key=True),
        sa.Column("module_id", sa.Text, nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("due_at", sa.Text, nullable=False),
        sa.Column("last_score", sa.Float, nullable=False),
        sa.Column("reviews", sa.Integer, nullable=False, server_default="0"),
        sa.Column("answered_at", sa.Text, nullable=False),
    )
    op.create_index("review_schedule_due", "review_schedule", ["learner_id", "due_at"])
    op.create_table(
        "if_then_plans",
        learner_column(),
        sa.Column("practice", sa.Text, primary_key=True),
        sa.Column("situation", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("saved_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("if_then_plans")
    op.drop_table("review_schedule")
