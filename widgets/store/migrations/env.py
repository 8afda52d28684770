"""Alembic's environment: the store hands it an open connection (see ``migrate.py``).

There is no ``alembic.ini``: ``widgets.store.migrate.upgrade`` builds the configuration in
code and runs every revision on the connection it already holds, inside its transaction.
"""

from __future__ import annotations

from alembic import context

from widgets.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
