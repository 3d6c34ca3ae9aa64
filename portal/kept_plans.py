"""On PostgreSQL, end a request that only read with COMMIT, so its prepared statements stay.

psycopg prepares a statement on the server once it has run it five times on a connection,
and the server then skips parsing and, mostly, planning it. But psycopg deallocates every
prepared statement on each ROLLBACK, and SQLAlchemy ends every request with one (the
session's close, then the pool's reset): on PostgreSQL the portal planned every statement
of every page afresh, about 0.7 ms for the queue's rows alone.

For a transaction that wrote nothing, COMMIT and ROLLBACK leave the database alike, and
after a COMMIT the closing ROLLBACK finds no transaction and is never sent. So, when a
request ends without an error, with nothing unflushed, and no statement but a select
built with SQLAlchemy ran since its transaction began, its transaction is committed.
Anything else (an INSERT flushed and then abandoned, any SQL written by hand) keeps the
ROLLBACK it had: the test for a write errs towards rolling back. (A select of a function
that writes would count as a read; the portal calls none.) SQLite keeps no such cache and
is left as it was.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, ExecutionContext
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction

from portal.database import holds_changes
from portal.extensions import db

log = logging.getLogger(__name__)

_WROTE = "portal_wrote"  # in the pooled connection's info: a statement other than SELECT ran
_READ_ON = "portal_read_on"  # in the session's info: the connection its transaction holds


def keep_plans(app: Flask) -> None:
    """On PostgreSQL, commit the transactions of requests that only read (module docstring)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return
    event.listen(engine, "begin", _begun)
    event.listen(engine, "before_cursor_execute", _note_writes)
    # Sessions are not the engine's: this listens to every session of the process, so it is
    # put in place only once a PostgreSQL app needs it (SQLite apps never pay for it).
    if not event.contains(Session, "after_begin", _remember_connection):
        event.listen(Session, "after_begin", _remember_connection)
    # Flask calls teardowns in reverse: this one runs before Flask-SQLAlchemy's, which
    # closes the session (and rolls back what is still open).
    app.teardown_appcontext(_end_reads)


def _begun(connection: Connection) -> None:
    connection.info[_WROTE] = False


def _note_writes(connection: Connection, _cursor: Any, _statement: str, _parameters: Any,
                 context: ExecutionContext | None, _executemany: bool) -> None:
    # Only a select built with SQLAlchemy counts as a read: SQL written by hand, even one
    # that begins with SELECT, counts as a write.
    compiled = context.compiled if context is not None else None
    if compiled is None or not getattr(compiled.statement, "is_select", False):
        connection.info[_WROTE] = True


def _remember_connection(session: Session, _transaction: SessionTransaction,
                         connection: Connection) -> None:
    session.info[_READ_ON] = connection


def _end_reads(error: BaseException | None) -> None:
    if error is not None or not db.session.registry.has():
        return
    session = db.session()
    connection = session.info.pop(_READ_ON, None)
    if (connection is None or not session.in_transaction() or connection.closed
            or connection.info.get(_WROTE, True) or holds_changes(session)):
        return
    # What was read stays readable, as the rollback left it: code that keeps a record past
    # its app context (a command, a test) reads it after the session has let it go.
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    except SQLAlchemyError:  # nothing was written: the closing rollback is all that is left
        log.warning("could not end a read-only transaction with COMMIT", exc_info=True)
    finally:
        session.expire_on_commit = expiring
