"""An index to count a learner's waiting xAPI statements (the outbox is bounded per learner).

Revision ID: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("xapi_outbox_by_learner", "xapi_outbox", ["learner_id", "sent_at"])


def downgrade() -> None:
    op.drop_index("xapi_outbox_by_learner", table_name="xapi_outbox")
