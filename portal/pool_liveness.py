"""Lend a pooled PostgreSQL connection only if the server has not closed it, at no round trip.

SQLAlchemy's ``pool_pre_ping`` sends ``SELECT 1`` each time the pool lends a connection:
one round trip to the server on every request, beside the reviewer's queue's own four
statements. In process at 100,000 requests, the queue page took 0.3 to 0.5 ms less without
it, of about 6 ms.

A server that ends a connection says so: at a restart or shutdown, on
``pg_terminate_backend``, past ``idle_session_timeout``, it sends an error message and
closes the socket, and when its process dies the operating system closes the socket for
it. Either way the idle connection's socket becomes readable. An idle connection the pool
holds has nothing else to read (the portal neither LISTENs nor leaves a query running), so
a readable socket when the pool lends it means it is gone. Asking the socket is a system
call, not a round trip. The pool then drops that connection and opens another
(``DisconnectionError``), so the request never sees the closed one.

A link cut without a word (a cable pulled, a firewall forgetting an idle flow) goes
unseen here, as it does by a ping, which would wait on it just as a query does. A message
the server sends an idle connection of its own accord while it stays open (a setting's new
value, after the administrator reloads the configuration) has the pool open a new
connection it did not need: once, and harmless.
SQLite runs in the worker's own process: there is no server to close a connection.
"""

from __future__ import annotations

import select
import sqlite3
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.pool import ConnectionPoolEntry, Pool, PoolProxiedConnection

_GONE = select.POLLIN | select.POLLERR | select.POLLHUP | select.POLLNVAL


def is_closed_by_server(dbapi_connection: Any) -> bool:
    """Return whether the idle psycopg connection was closed, by the server or the client."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    try:
        socket = dbapi_connection.pgconn.socket
    except Exception:  # psycopg refuses the socket of a connection it knows is bad: gone
        return True
    poller = select.poll()
    poller.register(socket, _GONE)
    return bool(poller.poll(0))


@event.listens_for(Pool, "checkout")
def _lend_only_open(dbapi_connection: Any, _record: ConnectionPoolEntry,
                    _proxy: PoolProxiedConnection) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        return
    if is_closed_by_server(dbapi_connection):
        # The pool discards this connection and lends a new one (up to three tries).
        raise exc.DisconnectionError("the server closed the pooled connection")
