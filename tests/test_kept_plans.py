"""A request that only read ends with COMMIT on PostgreSQL; one that wrote still rolls back.

``portal.kept_plans`` commits a read-only transaction so that psycopg keeps the statements
it prepared: the tests hold it to rolling back every write left uncommitted, flushed by the
ORM or written by hand, on either database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from portal import create_app
from portal.extensions import db
from portal.models import Division

ABANDONED = "Division of Abandoned Writes"


@pytest.fixture
def probed(database_url: str) -> Iterator[Flask]:
    """Return the portal with pages that read, or write and leave without committing."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "test-secret"})
    app.add_url_rule("/probe/read", "read", _read)
    app.add_url_rule("/probe/flush", "flush", _flush_and_leave)
    app.add_url_rule("/probe/by-hand", "by_hand", _write_by_hand_and_leave)
    yield app
    with app.app_context():
        db.engine.dispose()


def _read() -> str:
    return str(db.session.scalar(select(func.count()).select_from(Division)))


def _flush_and_leave() -> str:
    db.session.add(Division(name=ABANDONED, code="ABND", head_title="Director"))
    db.session.flush()
    return _read()  # a read after the write: the request ends having only read, lately


def _write_by_hand_and_leave() -> str:
    db.session.execute(text("insert into division (name, code, head_title) "
                            "values (:name, 'ABND', 'Director')"), {"name": ABANDONED})
    return _read()


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
    with probed.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("only PostgreSQL prepares statements across requests")
    client = probed.test_client()
    for _ in range(7):
        assert client.get("/probe/read").status_code == 200
    with probed.app_context():
        prepared = db.session.scalars(text("SELECT statement FROM pg_prepared_statements")).all()
        db.session.rollback()
    assert any("FROM division" in statement for statement in prepared), prepared
