"""Tune database connections: SQLite in WAL mode with a busy timeout and foreign keys."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 5000


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
