"""A connection the PostgreSQL server closed is never lent to a request: the page still answers.

The pool holds connections between requests; the server may end one meanwhile (a restart,
an administrator's ``pg_terminate_backend``). ``portal.pool_liveness`` finds that out from
the socket when the pool lends it, and the request gets a new connection instead.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text

from portal.extensions import db
from portal.models import Division
from portal.pool_liveness import is_closed_by_server
from tests.probes import probed_portal


def _divisions() -> str:
    return str(db.session.scalar(select(func.count()).select_from(Division)))


def _server_process() -> str:
    return str(db.session.scalar(text("SELECT pg_backend_pid()")))


@pytest.fixture
def probed(database_url: str) -> Iterator[Flask]:
    """Return the portal with a page that reads and one that names its server process."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite runs in the worker's process: no server closes its connections")
    yield from probed_portal(database_url, {"/probe/divisions": _divisions,
                                            "/probe/backend": _server_process})


def _terminate(database_url: str, pid: int) -> None:
    """End the server process ``pid`` from another connection, and wait until it is gone."""
    # Autocommit: the server reads its activity once a transaction, so each look needs its own.
    other = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with other.connect() as conn:
            assert conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            for _ in range(1000):
                if not conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"),
                                   {"p": pid}):
                    return
                time.sleep(0.01)
        raise AssertionError(f"server process {pid} did not end")
    finally:
        other.dispose()


def test_a_page_after_the_server_closed_the_pooled_connection_answers(
        probed: Flask, database_url: str) -> None:
    client = probed.test_client()
    first = client.get("/probe/backend")
    assert first.status_code == 200
    before = int(first.get_data(as_text=True))
    # The next request would be lent the same pooled connection: the server ends it first.
    _terminate(database_url, before)

    answer = client.get("/probe/divisions")

    assert answer.status_code == 200
    assert int(answer.get_data(as_text=True)) >= 0
    after = int(client.get("/probe/backend").get_data(as_text=True))
    assert after != before  # a new connection, to a new server process


def test_an_open_connection_is_kept_and_a_closed_one_is_seen(probed: Flask,
                                                            database_url: str) -> None:
    with probed.app_context():
        pooled = db.engine.raw_connection()
        try:
            dbapi_connection = pooled.dbapi_connection
            assert not is_closed_by_server(dbapi_connection)
            with dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]  # type: ignore[index]
            dbapi_connection.rollback()  # type: ignore[union-attr]
            assert not is_closed_by_server(dbapi_connection)

            _terminate(database_url, pid)

            assert is_closed_by_server(dbapi_connection)
        finally:
            pooled.invalidate()
