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
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterable, Mapping
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, has_request_context, request
from sqlalchemy import Select, bindparam, event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from portal.extensions import db

T = TypeVar("T")
R = TypeVar("R")

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
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


_REMEMBERED = "remembered"


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_REMEMBERED, None)


for _moment in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _moment, _forget)


def remembered(key: Hashable, read: Callable[[], T]) -> T:
    """Return ``read()``, read once per request under ``key`` while the session does not write.

    What was read is forgotten when the session flushes, commits or rolls back, and at the
    end of the request; while the session holds changes not yet flushed it is read afresh
    (the query would have flushed them first). Outside a request nothing is kept: a job or
    a command reads as it always did. ``read`` must return a value its callers never change.
    A key holding None (a request not yet stored has no id) is read afresh.
    """
    if not has_request_context() or (isinstance(key, tuple) and None in key):
        return read()
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return read()
    # Tests keep one session across their requests: what is kept belongs to one request.
    owner = request._get_current_object()  # type: ignore[attr-defined]
    kept = session.info.get(_REMEMBERED)
    if kept is None or kept[0] is not owner:
        kept = session.info[_REMEMBERED] = (owner, {})
    values: dict[Hashable, Any] = kept[1]
    if key not in values:
        values[key] = read()
    return values[key]  # type: ignore[no-any-return]



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
