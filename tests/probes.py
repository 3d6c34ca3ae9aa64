"""A second portal on the test database, as another worker would be, with probe pages.

A test of what a worker does between requests (its transactions, what it keeps) serves its
own small pages from a second app on the committed database, beside the test's own app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from flask import Flask

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
