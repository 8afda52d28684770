"""Release schema version 1: learners, answers, reflections, module visits.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def learner_column(primary_key: bool = False) -> sa.Column:
    """The ``learner_id`` column every learner's table has."""
    return sa.Column(
        "learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"),
        nullable=False, primary_key=primary_key,
    )


def upgrade() -> None:
    op.create_table(
        "learners",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("code_hash", sa.Text, unique=True),
        sa.Column("display_name", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("last_module", sa.Text),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        learner_column(),
        sa.Column("module_id", sa.Text, nullable=False),
        sa.Column("scenario_id", sa.Text, nullable=False),
        sa.Column("selected", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
        sa.Column("answered_at", sa.Text, nullable=False),
    )
    op.create_index("answers_by_learner", "answers", ["learner_id", "module_id"])
    op.create_table(
        "reflections",
        learner_column(primary_key=True),
        sa.Column("reflection_id", sa.Text, primary_key=True),
        sa.Column("module_id", sa.Text, nullable=False),
        sa.Column("prompt", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("saved_at", sa.Text, nullable=False),
    )
    op.create_table(
        "module_visits",
        learner_column(primary_key=True),
        sa.Column("module_id", sa.Text, primary_key=True),
        sa.Column("first_visit", sa.Text, nullable=False),
        sa.Column("last_visit", sa.Text, nullable=False),
        sa.Column("completed_at", sa.Text),
    )


def downgrade() -> None:
    for table in ("module_visits", "reflections", "answers", "learners"):
        op.drop_table(table)
