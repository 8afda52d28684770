"""Release schema version 3: the results of conversations and exercises.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("module_id", sa.Text, nullable=False),
        sa.Column("item_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.Text, nullable=False),
    )
    op.create_index("practice_results_by_learner", "practice_results", ["learner_id", "module_id"])


def downgrade() -> None:
    op.drop_table("practice_results")
