"""Alembic's environment and the schema's revisions (see ``widgets.store.migrate``)."""
