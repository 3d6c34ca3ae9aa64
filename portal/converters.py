"""Read whole numbers in URLs only within the range a database id can hold.

An id such as 99999999999999999999999 is a valid Python int, but PostgreSQL refuses it
(an ``integer`` column holds 32 bits: "integer out of range") and SQLite's driver raises
OverflowError past 64 bits, so a route that looks it up would answer 500. Replacing
Werkzeug's ``int`` converter for the whole app makes every ``<int:...>`` variable, in every
blueprint, today's and tomorrow's, match only 1 to 2**31 - 1, the range of the ``Integer``
columns that hold our ids on both databases: anything else matches no route and is a plain
404 before any view runs.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

LARGEST_ID = 2**31 - 1
"""The largest id an ``Integer`` column holds on PostgreSQL (a signed 32-bit integer)."""


class IdConverter(IntegerConverter):
    """Werkzeug's ``int`` converter bounded to 1..2**31 - 1 unless a route says otherwise."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        """Default the bounds to what a database id can be; a route may still narrow them."""
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Make ``int`` in every route mean a database-sized whole number; call before routes."""
    app.url_map.converters["int"] = IdConverter
