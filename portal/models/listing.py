"""Read a list's page from the URL and fetch it: the queue, the registry and admin lists.

Each list keeps its own filters (a frozen dataclass read by ``pick``) and its own query; what
they share is here: a page number or id typed in an address is read strictly (ASCII digits,
within the database's integer), a page past the last one is capped, and a page is fetched
with ``db.paginate`` (one count, one page of rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from portal.extensions import db

MAX_ID = 2**31 - 1
"""The databases' integer: a larger number names nothing (and PostgreSQL refuses it)."""

MAX_PAGE = 100_000
"""The last page an address may ask for: a larger one would overflow the database's offset."""


def positive_int(value: object, maximum: int = MAX_ID) -> int | None:
    """Return ``value`` as a whole number from 1 to ``maximum``, or None for anything else.

    ``str.isdigit`` alone also takes "²", which ``int`` then refuses: only ASCII digits count.
    """
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and 0 < int(text) <= maximum:
        return int(text)
    return None


def page_number(args: Mapping[str, str]) -> int:
    """Return the page the URL asks for: 1 unless a positive number, at most ``MAX_PAGE``."""
    return min(positive_int(args.get("page", "")) or 1, MAX_PAGE)


def pick(args: Mapping[str, str], name: str, allowed: Iterable[str]) -> str:
    """Return URL argument ``name`` if it is one of ``allowed``, else "" (no filter)."""
    value = args.get(name, "")
    return value if value in set(allowed) else ""


def page_count(total: int, per_page: int) -> int:
    """Return how many pages ``total`` rows fill, at least one (an empty list is a page)."""
    return max(1, -(-total // per_page))


def paginate(query: Select[Any], page: int, per_page: int) -> Pagination:
    """Return page ``page`` of ``query``'s rows and their total (an empty page past the end)."""
    return db.paginate(query, page=page, per_page=per_page, max_per_page=None,
                       error_out=False)
