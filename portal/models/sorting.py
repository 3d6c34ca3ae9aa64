"""Keep a sort key beside each name that lists are sorted by, and sort by it in SQL.

Neither database can fold "Łódź" to "lodz" itself, so the key (``policy.names.sort_key``)
is computed in Python and stored: on every insert that does not give it (the ORM's and
plain SQL inserts alike) and whenever the ORM sets the name. It is compared code point by
code point on both databases (SQLite's default; ``COLLATE "C"`` on PostgreSQL, whatever
the database's own collation), so SQL lists in the order ``sorted(key=sort_key)`` gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

from portal.policy.names import sort_key


def stored_key(name: str | None, length: int) -> str:
    """Return the sort key of ``name`` as stored in a column of ``length`` characters."""
    return sort_key(name or "")[:length]


def key_of(source: str, length: int) -> Callable[[Any], str]:
    """Return a column default computing the key of the inserted row's ``source`` column."""

    def fill(context: Any) -> str:
        return stored_key(context.get_current_parameters().get(source), length)

    return fill


class CodePointOrder(ColumnElement[str]):
    """A text column compared code point by code point, as Python compares strings."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[str]) -> None:
        """Wrap ``column``."""
        self.column = column
        self.type = column.type


@compiles(CodePointOrder)
def _as_stored(element: CodePointOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)  # SQLite compares code points already


@compiles(CodePointOrder, "postgresql")
def _in_c_collation(element: CodePointOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return f'{compiler.process(element.column, **kw)} COLLATE "C"'


def by_key(column: Any) -> CodePointOrder:
    """Return ``column`` (a stored sort key) to order by, the same on every database."""
    return CodePointOrder(column)
