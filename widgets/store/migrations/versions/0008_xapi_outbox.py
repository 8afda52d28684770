"""The outbox of xAPI statements waiting to be sent to the organisation's LRS.

Revision ID: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "xapi_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("statement_id", sa.Text, nullable=False, unique=True),
        sa.Column(
            "learner_id", sa.Text, sa.ForeignKey("learners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("statement", sa.Text, nullable=False),
        sa.Column("queued_at", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claimed_by", sa.Text),
        sa.Column("claimed_until", sa.Float),
        sa.Column("sent_at", sa.Text),
        sa.Column("rejected", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("xapi_outbox_waiting", "xapi_outbox", ["sent_at", "id"])


def downgrade() -> None:
    op.drop_index("xapi_outbox_waiting", table_name="xapi_outbox")
    op.drop_table("xapi_outbox")
