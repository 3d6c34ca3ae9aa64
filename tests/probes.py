"""Watch what the portal sends the database: the test app's statements, or a second worker's.

A test of what a worker does between requests (its transactions, what it keeps) serves its
own small pages from a second app on the committed database, beside the test's own app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event

from portal import create_app
from portal.extensions import db


def probed_portal(database_url: str,
                  pages: Mapping[str, Callable[[], Any]]) -> Iterator[Flask]:
    """Yield a portal on ``database_url`` serving each of ``pages`` at its path."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "test-secret"})
    for path, page in pages.items():
        app.add_url_rule(path, page.__name__, page)
    yield app
    with app.app_context():
        db.engine.dispose()


def statements_reading(worker: Flask, table: str) -> Callable[[], int]:
    """Count, from now on, the worker's statements that read ``table``."""
    seen: list[str] = []
    with worker.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def note(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if f"FROM {table}" in statement or f"JOIN {table}" in statement:
            seen.append(statement)

    return lambda: len(seen)


def outside_savepoints(statement: str, _context: Any) -> bool:
    """Keep the page's own statements: not the savepoints the tests wrap each commit in.

    The tests' rolled-back transaction makes them; production sends none.
    """
    return "SAVEPOINT" not in statement


@contextmanager
def statements(keep: Callable[[str, Any], bool] | None = None) -> Iterator[list[str]]:
    """Collect the SQL statements the test app runs inside the block, those ``keep`` keeps.

    ``keep`` is given each statement and its SQLAlchemy execution context.
    """
    seen: list[str] = []

    def collect(_conn, _cursor, statement, _params, context, _many):  # type: ignore[no-untyped-def]
        if keep is None or keep(statement, context):
            seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", collect)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", collect)
