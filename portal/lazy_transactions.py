"""On PostgreSQL, begin a connection's transaction at its first write, not at its first read.

Outside autocommit, psycopg sends BEGIN before a connection's first statement, and the
request then ends with COMMIT or ROLLBACK: two round trips to the server on every page,
most of which only read, and a ROLLBACK also makes psycopg deallocate every statement it
had prepared (it prepares one once it has run it five times on a connection, and the
server then skips parsing and planning it).

Under READ COMMITTED, PostgreSQL's default and the portal's, every statement reads its own
snapshot, inside a transaction as outside one: a transaction adds nothing to what a read
sees. So a connection is handed out in autocommit mode, and the first statement that is
not a plain read turns autocommit off just before it runs: psycopg begins the transaction
there, and everything after it, up to the commit or rollback, is one transaction as
before. A plain read is a SELECT built with SQLAlchemy, without FOR UPDATE or FOR SHARE
(whose row locks must last to the end of a transaction) and without a server-side cursor
(which needs one); anything else (an INSERT, an UPDATE, a SAVEPOINT, any SQL written by
hand) begins the transaction: the test for a write errs towards beginning one. (A select
of a function that writes would count as a read; the portal calls none.) A request that
only read then sends neither BEGIN nor COMMIT nor ROLLBACK (psycopg sends none on an idle
connection), and its prepared statements stay prepared.

A connection given another isolation level (by the engine's options or the server's
default), or asked for autocommit by its user, is left as it was. SQLite runs in the
worker's own process, where a BEGIN costs no round trip, and is left as it was too.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, ExecutionContext
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from portal.extensions import db

_READ_COMMITTED = "READ COMMITTED"
_READING = "portal_reading"  # in the pooled connection's info: autocommit, nothing written yet
# Row locks a SELECT may take, as SQLAlchemy writes them: they last until the transaction
# ends, so it must have begun.
_LOCKING = re.compile(r" FOR (?:NO KEY UPDATE|UPDATE|KEY SHARE|SHARE)\b")


def begin_at_first_write(app: Flask) -> None:
    """On PostgreSQL, read outside any transaction until a connection first writes."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return

    def read_without_transaction(dbapi_connection: Any, _record: ConnectionPoolEntry,
                                 proxy: PoolProxiedConnection) -> None:
        _hand_out(engine, dbapi_connection, proxy)

    event.listen(engine, "checkout", read_without_transaction)
    event.listen(engine, "before_cursor_execute", _begin_before_writing)


def _hand_out(engine: Engine, dbapi_connection: Any, proxy: PoolProxiedConnection) -> None:
    # The pool hands a connection out idle (it rolled back whatever it held when it came
    # back). The engine learnt the server's default level on its first connection; psycopg
    # holds the level the engine's options set, if any (None: the server's).
    level = dbapi_connection.isolation_level
    reads_alone = (engine.dialect.default_isolation_level == _READ_COMMITTED
                   and (level is None or level.name == "READ_COMMITTED")
                   and dbapi_connection.info.transaction_status.name == "IDLE")
    proxy.info[_READING] = reads_alone
    if reads_alone:
        dbapi_connection.autocommit = True


def _begin_before_writing(connection: Connection, _cursor: Any, statement: str,
                          _parameters: Any, context: ExecutionContext | None,
                          _executemany: bool) -> None:
    info = connection.connection.info
    if not info.get(_READING) or plain_read(statement, context):
        return
    info[_READING] = False
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return  # its user asked for autocommit: each statement commits on its own
    connection.connection.dbapi_connection.autocommit = False  # type: ignore[union-attr]


def plain_read(statement: str, context: ExecutionContext | None) -> bool:
    """Return whether ``statement`` may run outside a transaction: the module says which."""
    compiled = context.compiled if context is not None else None
    return (compiled is not None and getattr(compiled.statement, "is_select", False)
            and not context.execution_options.get("stream_results")  # type: ignore[union-attr]
            and _LOCKING.search(statement) is None)
