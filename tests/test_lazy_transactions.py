"""On PostgreSQL a request reads outside any transaction, which begins at its first write.

``portal.lazy_transactions`` hands connections out in autocommit mode and turns it off
before the first statement that is not a plain read: the tests hold it to rolling back
every write left uncommitted (flushed by the ORM or written by hand, on either database),
to beginning the transaction before a row lock is taken, to leaving a connection asked for
autocommit as it is, and to keeping the statements psycopg prepared.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from portal.extensions import db
from portal.models import Division
from tests.probes import probed_portal

ABANDONED = "Division of Abandoned Writes"
# The abandoned division, inserted by SQL written by hand (which counts as a write).
INSERT_BY_HAND = text("insert into division (name, code, head_title) "
                      "values (:name, 'ABND', 'Director')")


@pytest.fixture
def probed(database_url: str) -> Iterator[Flask]:
    """Return the portal with pages that read, or write and leave without committing."""
    yield from probed_portal(database_url, {
        "/probe/read": _read, "/probe/flush": _flush_and_leave,
        "/probe/by-hand": _write_by_hand_and_leave, "/probe/read-state": _state_after_reading,
        "/probe/lock-state": _state_after_locking})


def _read() -> str:
    return str(db.session.scalar(select(func.count()).select_from(Division)))


def _flush_and_leave() -> str:
    db.session.add(Division(name=ABANDONED, code="ABND", head_title="Director"))
    db.session.flush()
    return _read()  # a read after the write: the request ends having only read, lately


def _write_by_hand_and_leave() -> str:
    db.session.execute(INSERT_BY_HAND, {"name": ABANDONED})
    return _read()


def _transaction_state(connection: Connection) -> str:
    """Return psycopg's state of the connection: IDLE outside a transaction, INTRANS in one."""
    return str(connection.connection.dbapi_connection.info.transaction_status.name)  # type: ignore


def _state_after_reading() -> str:
    _read()
    return _transaction_state(db.session.connection())


def _state_after_locking() -> str:
    db.session.scalars(select(Division.id).limit(1).with_for_update()).all()
    return _transaction_state(db.session.connection())


def _on_postgresql(app: Flask, why: str = "SQLite's transactions are left as they were",
                   ) -> None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip(why)


def _abandoned_rows(app: Flask) -> int:
    with app.app_context():
        found = db.session.scalar(
            select(func.count()).select_from(Division).where(Division.name == ABANDONED))
        db.session.rollback()
        return int(found or 0)


@pytest.mark.parametrize("path", ["/probe/flush", "/probe/by-hand"])
def test_a_write_left_uncommitted_is_rolled_back(probed: Flask, path: str) -> None:
    """Whatever follows the write, the request that never committed it leaves no row."""
    client = probed.test_client()
    before = int(client.get("/probe/read").get_data(as_text=True))
    answer = client.get(path)
    assert answer.status_code == 200
    assert int(answer.get_data(as_text=True)) == before + 1  # the request saw its own row
    assert _abandoned_rows(probed) == 0
    assert int(client.get("/probe/read").get_data(as_text=True)) == before


def test_a_request_that_only_read_keeps_its_prepared_statements(probed: Flask) -> None:
    """A statement run five times is prepared, and the next requests find it prepared."""
    _on_postgresql(probed, "only PostgreSQL prepares statements across requests")
    client = probed.test_client()
    for _ in range(7):
        assert client.get("/probe/read").status_code == 200
    with probed.app_context():
        prepared = db.session.scalars(text("SELECT statement FROM pg_prepared_statements")).all()
        db.session.rollback()
    assert any("FROM division" in statement for statement in prepared), prepared


def test_a_request_that_only_read_is_in_no_transaction(probed: Flask) -> None:
    """Neither BEGIN nor COMMIT: after its reads, the request's connection is idle."""
    _on_postgresql(probed)
    client = probed.test_client()
    assert client.get("/probe/read-state").get_data(as_text=True) == "IDLE"


def test_a_row_lock_begins_the_transaction(probed: Flask) -> None:
    """SELECT ... FOR UPDATE holds its lock to the transaction's end: so it begins one."""
    _on_postgresql(probed)
    client = probed.test_client()
    assert client.get("/probe/lock-state").get_data(as_text=True) == "INTRANS"


def test_a_connection_asked_for_autocommit_keeps_it(probed: Flask) -> None:
    """Its user asked that each statement commit on its own: a write does not change that."""
    _on_postgresql(probed)
    with probed.app_context():
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(INSERT_BY_HAND, {"name": ABANDONED})
            assert _transaction_state(conn) == "IDLE"
        try:
            assert _abandoned_rows(probed) == 1  # committed, though nobody said COMMIT
        finally:
            with db.engine.begin() as conn:
                conn.execute(text("delete from division where name = :name"),
                             {"name": ABANDONED})
