"""Tune database connections (SQLite in WAL mode, a busy timeout, foreign keys) and migrations.

Flask-Migrate imports Alembic, and Alembic Mako and Pygments: 11 MB of every worker, which
only the migration commands and the tests that migrate use. ``init_migrations`` gives the
app Flask-Migrate's settings and its ``flask db`` commands as stand-ins that import it on
first use, with the very settings ``Migrate(app, db, directory=...)`` would have given.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 5000
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def configure_engine_options(app: Flask) -> None:
    """Set engine options that suit the configured database."""
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    if uri.startswith("sqlite"):
        options.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a request writes; the busy timeout makes a second
    # writer wait instead of failing; SQLite leaves foreign keys off unless asked.
    # Under WAL, synchronous=NORMAL is SQLite's own recommendation: a commit is durable
    # across a crash of the application (the WAL is written before the commit returns)
    # and the database is never corrupted; only a power cut or an operating system crash
    # may lose the last commits, as the WAL is synced at each checkpoint instead of at
    # each commit. The default (FULL) syncs every commit, which cost a submission half its
    # time waiting on the disk. Production runs PostgreSQL (DESIGN), where this does not
    # apply.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def init_migrations(app: Flask, db: SQLAlchemy) -> None:
    """Give ``app`` Flask-Migrate's settings and ``flask db``, Flask-Migrate still unloaded."""
    app.extensions["migrate"] = _Migrations(app, db)
    app.cli.add_command(_MigrationCommands())


class _Migrations:
    """Stands for Flask-Migrate's settings in ``app.extensions`` until they are first read.

    Reading any of them (``flask_migrate.upgrade()`` does, as does ``migrations/env.py``)
    binds Flask-Migrate to the app, which puts its own settings and commands in place.
    """

    def __init__(self, app: Flask, db: SQLAlchemy) -> None:
        self._app = app
        self._db = db

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # not a setting: copy and pickle probe for these
            raise AttributeError(name)
        from flask_migrate import Migrate

        Migrate(self._app, self._db, directory=str(MIGRATIONS))
        return getattr(self._app.extensions["migrate"], name)


class _MigrationCommands(click.Group):
    """``flask db``: Flask-Migrate's command group, imported when it is run."""

    def __init__(self) -> None:
        super().__init__("db", help="Perform database migrations.")

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        """Hand the command line to Flask-Migrate's own group, which runs it from there."""
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)
