"""Read whole numbers in URLs only within the range a database id can hold.

An id such as 99999999999999999999999 is a valid Python int, but PostgreSQL refuses it
(an ``integer`` column holds 32 bits: "integer out of range") and SQLite's driver raises
OverflowError past 64 bits, so a route that looks it up would answer 500. Replacing
Werkzeug's ``int`` converter for the whole app makes every ``<int:...>`` variable, in every
blueprint, today's and tomorrow's, match only 1 to 2**31 - 1, the range of the ``Integer``
columns that hold our ids on both databases: anything else matches no route and is a plain
404 before any view runs.

``<page_action:name>`` reads the name of an action on a request's staff page
(``policy.page_actions.PageAction``): the view receives the enum, and a name that is no
action matches no route.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import BaseConverter, IntegerConverter, Map, ValidationError

from portal.policy.page_actions import PageAction

LARGEST_ID = 2**31 - 1
"""The largest id an ``Integer`` column holds on PostgreSQL (a signed 32-bit integer)."""


class IdConverter(IntegerConverter):
    """Werkzeug's ``int`` converter bounded to 1..2**31 - 1 unless a route says otherwise."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        """Default the bounds to what a database id can be; a route may still narrow them."""
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


class PageActionConverter(BaseConverter):
    """A request page's action in a URL: its name there, a ``PageAction`` in the view."""

    def to_python(self, value: str) -> PageAction:
        """Return the action named ``value``; no action by that name matches no route."""
        try:
            return PageAction(value)
        except ValueError:
            raise ValidationError() from None

    def to_url(self, value: Any) -> str:
        """Write the action's name, as the page's ids and form prefixes spell it."""
        return super().to_url(PageAction(value).value)


def init_app(app: Flask) -> None:
    """Register the converters (``int`` bounded, ``page_action``); call before routes."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["page_action"] = PageActionConverter
