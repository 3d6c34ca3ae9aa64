"""A second portal on the test database, as another worker would be, with probe pages.

A test of what a worker does between requests (its transactions, what it keeps) serves its
own small pages from a second app on the committed database, beside the test's own app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
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
