"""Tune database connections (SQLite in WAL mode, a busy timeout, foreign keys); read less.

A page asks several rules about one request, and each rule reads what it needs: the
signing settings, the request's open consultations, its draft versions. ``remembered``
keeps such a read for the rest of the request while the session does not write, so the
page reads each once and a change is always seen.

Reading is cheap on SQLite; what costs is SQLAlchemy's work around each query: building
and keying a statement (so a statement a page runs every time is built once, at import,
with ``bindparam`` for its values) and loading relationships one record at a time.
``read_into_session`` reads the records many rows name (their authors) in one query, and
``fill`` gives an object a collection read by such a prebuilt statement.

Flask-Migrate imports Alembic, and Alembic Mako and Pygments: 11 MB of every worker, which
only the migration commands and the tests that migrate use. ``init_migrations`` gives the
app Flask-Migrate's settings and its ``flask db`` commands as stand-ins that import it on
first use, with the very settings ``Migrate(app, db, directory=...)`` would have given.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterable, Mapping
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from flask import Flask, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ARRAY, Select, any_, bindparam, event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from portal.extensions import db

T = TypeVar("T")
R = TypeVar("R")

SQLITE_BUSY_TIMEOUT_MS = 5000
# Fold the write-ahead log back into the database once it holds this many pages (4 KiB
# each), not SQLite's 1,000: see ``_tune_sqlite``.
SQLITE_CHECKPOINT_PAGES = 10_000
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
    # A submission writes about 58 pages to the log (the request's indexes, its scores,
    # its message). Past SQLite's checkpoint mark of 1,000 pages every commit tries to fold
    # the log back, syncing the disk; with two workers one is nearly always reading, so the
    # log cannot start over and the tries repeat, commit after commit. At 10,000 pages
    # (a log of up to about 40 MB) they start ten times later: 10,000 submissions by two
    # workers ran 7.5% faster (400 -> 430 a second).
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}")
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


_REMEMBERED = "remembered"


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_REMEMBERED, None)


for _moment in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _moment, _forget)


def on_postgresql() -> bool:
    """Return whether the session's database is PostgreSQL (else SQLite)."""
    return db.session.get_bind().dialect.name == "postgresql"


def one_of(column: Any, name: str, *, arrays: bool, item_type: Any = None) -> Any:
    """Return the condition that ``column`` is one of the list given as parameter ``name``.

    ``arrays`` (on PostgreSQL): the list is given as one array of ``item_type`` (the
    column's type unless given), so the statement's text is the same whatever the list's
    length; psycopg then prepares it once and PostgreSQL plans it once per connection
    (planning it took longer than running it). SQLite has no arrays: the list is written
    out, a parameter an item.
    """
    if arrays:
        return column == any_(bindparam(name, type_=ARRAY(item_type or column.type)))
    return column.in_(bindparam(name, expanding=True))


def holds_changes(session: Session) -> bool:
    """Return whether ``session`` holds changes not yet flushed (a query would flush them)."""
    return bool(session.new or session.dirty or session.deleted)


def rows(statement: Any, params: Mapping[str, Any] | None = None) -> Any:
    """Run a query of plain columns and return its result, through the session's connection.

    The session's ORM layer around such a query cost more than running it (a third more
    for the registry's). While the session holds changes not yet flushed, it runs through
    the session, which flushes them first as any query does.
    """
    session = db.session()
    if holds_changes(session):
        return session.execute(statement, params)
    return session.connection().execute(statement, params)


def write(statement: Any, params: Any = None) -> Any:
    """Run a Core insert or update through the session's connection, in its transaction.

    The session's own ``execute`` adds its ORM layer around a statement that needs none
    (neither flushes the session for a Core statement).
    """
    return db.session.connection().execute(statement, params)


def forget_reads() -> None:
    """Forget what ``remembered`` keeps, after writing through Core (which flushes nothing)."""
    _forget(db.session())


def remembered(key: Hashable, read: Callable[[], T]) -> T:
    """Return ``read()``, read once per request under ``key`` while the session does not write.

    What was read is forgotten when the session flushes, commits or rolls back, and at the
    end of the request; while the session holds changes not yet flushed it is read afresh
    (the query would have flushed them first). Outside a request nothing is kept: a job or
    a command reads as it always did. ``read`` must return a value its callers never change.
    A key holding None (a request not yet stored has no id) is read afresh.
    """
    values = _kept_reads(key)
    if values is None:
        return read()
    if key not in values:
        values[key] = read()
    return values[key]  # type: ignore[no-any-return]


def remember_each(name: str, ids: Iterable[int], records: Iterable[Any],
                  owner: Callable[[Any], int]) -> None:
    """Keep, for each of ``ids``, what ``remembered((name, id), ...)`` would read: its records.

    For a page that reads for many records at once what ``remembered`` would read one
    record at a time. ``records`` come in the order each one's own read gives them, and
    ``owner`` says whose each is; an id owning none keeps an empty tuple. Where
    ``remembered`` would read afresh, nothing is kept.
    """
    owned: dict[int, list[Any]] = {i: [] for i in ids}
    for record in records:
        owned[owner(record)].append(record)
    for i, found in owned.items():
        values = _kept_reads((name, i))
        if values is not None:
            values[name, i] = tuple(found)


def _kept_reads(key: Hashable) -> dict[Hashable, Any] | None:
    """Return what this request keeps read, or None where ``key`` is to be read afresh."""
    if not has_request_context() or (isinstance(key, tuple) and None in key):
        return None
    session = db.session()
    if holds_changes(session):
        return None
    # Tests keep one session across their requests: what is kept belongs to one request.
    owner = request._get_current_object()  # type: ignore[attr-defined]
    kept = session.info.get(_REMEMBERED)
    if kept is None or kept[0] is not owner:
        kept = session.info[_REMEMBERED] = (owner, {})
    return kept[1]  # type: ignore[no-any-return]


def once_a_request(read: Callable[[R], T]) -> Callable[[R], T]:
    """Make ``read`` of one stored record (a request) keep its answer as ``remembered`` does.

    Several rules on a page ask the same of the same request. A list is returned as a copy,
    so that no caller changes what the next one reads.
    """
    name = f"{read.__module__}.{read.__qualname__}"

    @wraps(read)
    def kept(record: R) -> T:
        found = remembered((name, getattr(record, "id", None)), lambda: read(record))
        return list(found) if isinstance(found, list) else found  # type: ignore[return-value]

    return kept


_BY_IDS: dict[type[Any], Select[Any]] = {}


def read_into_session(model: type[Any], ids: Iterable[int | None]) -> list[Any]:
    """Read the records of ``model`` among ``ids`` that the session does not hold, at once.

    The relationships naming them (a timeline entry's author) then find them in the session
    instead of each reading its own, one query per record, for as long as the caller keeps
    the list returned: the session forgets a record nothing refers to.
    """
    session = db.session()
    wanted = sorted({i for i in ids if i is not None
                     and identity_key(model, i) not in session.identity_map})
    if not wanted:
        return []
    statement = _BY_IDS.get(model)
    if statement is None:
        statement = _BY_IDS[model] = select(model).where(
            model.id.in_(bindparam("ids", expanding=True)))
    return list(session.scalars(statement, {"ids": wanted}))


def fill(instance: Any, collection: str, statement: Select[Any],
         values: Mapping[str, Any]) -> None:
    """Give ``instance`` its ``collection``, read by ``statement``, unless it holds it already.

    ``statement`` must read the relationship's records in the relationship's order.
    """
    if collection in inspect(instance).unloaded:
        set_committed_value(instance, collection, db.session.scalars(statement, values).all())
