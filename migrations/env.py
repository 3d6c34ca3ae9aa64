"""Run Alembic migrations against the portal's database (Flask-Migrate calls this)."""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

# The search index and the numbers of the kept data's changes are the database's own
# (triggers keep them) and no model describes them: autogenerate compares without them, or
# it would propose to drop them.
from portal.unmodelled import include_name

config = context.config
if config.config_file_name is not None:
    # Keep the app's own loggers: Alembic's default would silence them.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
target_metadata = db.metadata


def run_migrations_offline() -> None:
    """Write the SQL of the migrations without a database connection."""
    url = db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Apply the migrations over a connection to the configured database."""

    def skip_empty(_context, _revision, directives):  # type: ignore[no-untyped-def]
        # `flask db migrate` with no model change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    with db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          process_revision_directives=skip_empty, render_as_batch=True,
                          compare_type=True, include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
