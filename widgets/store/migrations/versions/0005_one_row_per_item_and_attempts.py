"""Release schema version 5 (the baseline of the last sqlite3 release): one row per item,
replaced by a later save, and the failed tries of keys and codes.

Revision ID: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: (table, index, the columns a row is unique by)
ONE_PER = (
    ("practice_results", "practice_results_one_per_item", ("learner_id", "item_id", "kind")),
    ("room_answers", "room_answers_one_per_scenario", ("room_code", "learner_id", "scenario_id")),
    ("self_assessments", "self_assessments_one_per_item", ("learner_id", "stage", "item_id")),
)


def upgrade() -> None:
    for table, index, columns in ONE_PER:
        grouped = ", ".join(columns)
        # the latest row of each item is kept (the same statement on SQLite and PostgreSQL)
        op.execute(
            f"DELETE FROM {table} WHERE id NOT IN "
            f"(SELECT MAX(id) FROM {table} GROUP BY {grouped})"
        )
        op.create_index(index, table, list(columns), unique=True)
    op.create_table(
        "attempts",
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("attempts_by_subject", "attempts", ["kind", "subject", "at"])


def downgrade() -> None:
    op.drop_table("attempts")
    for table, index, _ in ONE_PER:
        op.drop_index(index, table_name=table)
