"""The judgment check: a learner's ratings of each item's options, per stage (before, after,
follow-up), first try only.

Revision ID: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "judgment_ratings",
        sa.Column(
            "learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("stage", sa.Text, primary_key=True),
        sa.Column("item_id", sa.Text, primary_key=True),
        sa.Column("form", sa.Text, nullable=False),
        sa.Column("practice", sa.Text, nullable=False),
        sa.Column("ratings", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("answered_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("judgment_ratings")
