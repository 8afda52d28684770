"""Reflections keep the order they were first written in on every backend (SQLite's rowid
did this before; PostgreSQL has none).

Revision ID: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "reflections", sa.Column("position", sa.Integer, nullable=False, server_default="0")
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE reflections SET position = rowid")


def downgrade() -> None:
    with op.batch_alter_table("reflections") as batch:
        batch.drop_column("position")
