"""Keep what every page reads and seldom changes in a worker, asking the database each request.

The registry of agreements in force and the reference data (settings, divisions, reviewers'
names, closures) were read afresh on every page: on the review queue, the registry alone was
a seventh of the page's time, and on PostgreSQL each read is a round trip. A worker now keeps
them from one request to the next, each under the number the database gives its last change
(``data_version``, which triggers add one to in the transaction of any write to the tables it
watches; migration d7a3c1e9b5f2 says which). A request reads those numbers once, and a kept
value is used only while its number is the database's: every worker, on every host, sees a
change at the request after it is committed, as when nothing was kept. The database stays
the one place the portal's state lives (DESIGN): what a worker keeps is a copy it checks.

What is kept is read outside any transaction that has written: a request that wrote reads
the numbers its writes gave (not those kept) and reads afresh, and keeps nothing, as its
writes may yet be rolled back. The numbers are read before the values, so a value is never
kept under a number newer than the value. Outside a request (a job, a command) nothing is
kept. A kept value is shared by every request of the worker: callers never change it.

A database is restored with the portal stopped (the README says how), and for this reason
too: the numbers go back to the backup's, and a worker left running could hold a value under
a number the restored database reaches again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from threading import Lock
from typing import Any, TypeVar

from flask import has_request_context
from sqlalchemy import Select, column, select, table

from portal.database import holds_changes, remembered, rows
from portal.extensions import db

T = TypeVar("T")

REGISTRY = "registry"
"""The agreements and the counterpart cities."""
REFERENCE = "reference"
"""The settings, the divisions, the accounts' names, roles and being active, the closures,
the rubric's versions."""

VERSION_TABLE = "data_version"
_versions = table(VERSION_TABLE, column("name"), column("version"))
_READ_VERSIONS = select(_versions.c.name, _versions.c.version)
_NAMES = (REGISTRY, REFERENCE)

# A few values of each name are kept (a day's registry, a range of closures): past this many,
# the older ones are let go.
_MOST_EACH = 64

# (the database's address, a name) -> (its number, {key: value}).
_kept: dict[tuple[str, str], tuple[int, dict[Hashable, Any]]] = {}
_lock = Lock()  # a worker serving requests in threads shares what it keeps


def kept(name: str, key: Hashable, read: Callable[[], T]) -> T:
    """Return ``read()``, kept by this worker under ``(name, key)`` while ``name`` is unchanged.

    ``name`` is one of the numbers the database keeps (``REGISTRY``, ``REFERENCE``): the
    tables ``read`` reads must be among those it watches. Where nothing may be kept, it is
    read afresh, once a request as ``portal.database.remembered`` keeps it.
    """
    def worker_or_fresh() -> T:
        found = kept_or_none(name, key, read)
        return read() if found is None else found

    return remembered(("kept", name, key), worker_or_fresh)


def kept_or_none(name: str, key: Hashable, read: Callable[[], T]) -> T | None:
    """Return what ``kept`` would keep, or None where nothing may be kept (``read`` unread).

    For a value too large to read whole on a request that cannot keep it (the registry): the
    caller then reads only the part it needs, its own way.
    """
    if not has_request_context():
        return None
    session = db.session()
    if holds_changes(session):
        return None  # a read would flush them: a write this request may roll back
    version = remembered(VERSION_TABLE, _read_versions).get(name)
    if version is None:  # a database whose migrations stop short of the numbers
        return None
    place = (str(db.engine.url), name)
    found = _kept.get(place)
    if found is not None and found[0] == version and key in found[1]:
        return found[1][key]  # type: ignore[no-any-return]
    if _has_written():
        return None
    value = read()
    with _lock:
        current = _kept.get(place)
        values = current[1] if current is not None and current[0] == version else {}
        if len(values) >= _MOST_EACH:
            values = {}
        _kept[place] = (version, {**values, key: value})
    return value


def with_versions(statement: Select[Any]) -> Select[Any]:
    """Return ``statement`` reading the database's numbers too, after its own columns.

    For the read that opens a request (the signed-in account's): the numbers then come in
    its round trip rather than in a query of their own, before any value is read, and
    ``note_versions`` keeps them for the request.
    """
    return statement.add_columns(*(
        select(_versions.c.version).where(_versions.c.name == name).scalar_subquery()
        for name in _NAMES))


def note_versions(found: Sequence[Any]) -> None:
    """Keep for this request the numbers a ``with_versions`` statement read into ``found``."""
    numbers = _numbers(zip(_NAMES, found[-len(_NAMES):], strict=True))
    remembered(VERSION_TABLE, lambda: numbers)


def _read_versions() -> dict[str, int]:
    return _numbers(rows(_READ_VERSIONS))


def _numbers(pairs: Iterable[Sequence[Any]]) -> dict[str, int]:
    """Return (name, number) pairs as a dict, leaving out a name the database holds none of."""
    return {name: int(version) for name, version in pairs if version is not None}


def _has_written() -> bool:
    """Return whether the session's connection is inside a transaction (it has written).

    SQLite's driver begins a transaction at the first write; on PostgreSQL
    ``portal.lazy_transactions`` does the same. A connection that began one at its first
    read (another isolation level) reads as one that wrote: nothing is kept from it.
    """
    dbapi_connection = db.session().connection().connection.dbapi_connection
    info = getattr(dbapi_connection, "info", None)  # psycopg's
    if info is not None and hasattr(info, "transaction_status"):
        return info.transaction_status.name != "IDLE"  # type: ignore[no-any-return]
    return bool(getattr(dbapi_connection, "in_transaction", True))
