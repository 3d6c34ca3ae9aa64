"""Find requests by the words a reviewer types: the database's full-text index, not a scan.

The index holds each request's reference, its title in English and in French, and its
counterpart city's name; triggers keep it whatever writes the rows (migration c8e5a1f3b7d2
says how). SQLite keeps it in the FTS5 table ``request_search`` (rowid: the request's id);
PostgreSQL in the column ``engagement_request.search_document`` with a GIN index.

Each word typed must begin a word of the request ("lyo" finds Lyon, "IAP-2026-00" the
references of 2026, "2026-0042" one of them), accents and case aside; the words are read
between spaces, and the letters and digits of one word must follow one another in the
request ("IAP-2026-0042" is a reference, not three words anywhere). Punctuation only
separates: nothing typed is read as the query language's syntax (quotes, ``OR``, ``*``,
``:`` are punctuation or plain words), and text with no letter or digit searches nothing,
so the queue shows every request, as it did when every request held the punctuation typed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table

from portal.database import on_postgresql
from portal.models import EngagementRequest

SEARCH_TABLE = "request_search"
SEARCH_COLUMN = "search_document"
SEARCH_INDEX = "ix_request_search"

_fts = table(SEARCH_TABLE, column("rowid"), column(SEARCH_TABLE))
# Named outright: a table() of its own would be a second FROM beside the requests.
_DOCUMENT = literal_column(f"{EngagementRequest.__tablename__}.{SEARCH_COLUMN}")
_SIMPLE = literal_column("'simple'::regconfig")


def _runs(chunk: str) -> tuple[str, ...]:
    """Return the runs of letters and digits of ``chunk``: the words an index holds."""
    return tuple("".join(ch if ch.isalnum() else " " for ch in chunk).split())


def _folded(chunk: str) -> str:
    """Return ``chunk`` folded as PostgreSQL's index folds (``city_key``'s way, in SQL)."""
    decomposed = unicodedata.normalize("NFKD", chunk)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def fts5_query(text: str) -> str:
    """Return SQLite FTS5's query for ``text``: each word a quoted phrase, its end a prefix.

    Between double quotes (a quote typed doubled) FTS5 reads nothing as syntax: the text
    goes to the tokenizer that indexed the requests, which cuts and folds it alike.
    """
    words = (chunk.replace('"', '""') for chunk in text.split() if _runs(chunk))
    return " AND ".join(f'"{word}" *' for word in words)


def tsquery(text: str) -> str:
    """Return PostgreSQL's ``to_tsquery`` text for ``text``: each word a phrase, its end a prefix.

    The words are folded here as the index's function folds its text; only letters and
    digits reach ``to_tsquery``, between operators written here.
    """
    words = (_runs(_folded(chunk)) for chunk in text.split())
    return " & ".join(" <-> ".join(runs) + ":*" for runs in words if runs)


def matching(text: str, *, walk: bool = False) -> ColumnElement[bool] | None:
    """Return the condition that a request holds every word of ``text``; None if it has none.

    ``walk``: on SQLite, the id is read as an expression (``id + 0``), so the matches are
    not looked up one by one by id but tested as the query walks another index.
    """
    if on_postgresql():
        query = tsquery(text)
        if not query:
            return None
        return _DOCUMENT.bool_op("@@")(func.to_tsquery(_SIMPLE, query))
    query = fts5_query(text)
    if not query:
        return None
    request_id = (EngagementRequest.id + 0) if walk else EngagementRequest.id
    return request_id.in_(select(_fts.c.rowid).where(_fts.c[SEARCH_TABLE].match(query)))


# The queue's best-first indexes: the models give SQLite's form; on PostgreSQL they are
# made by hand with NULLS FIRST (migration f3c7a9e2d4b6), which SQLite cannot say.
SCORE_INDEXES = ("ix_request_category_score", "ix_request_score")


def walks() -> bool:
    """Return whether ``narrowed`` may walk the sort's index: SQLite's way, not PostgreSQL's."""
    return not on_postgresql()


def narrowed(query: Select[Any], text: str, *, walk: bool = False) -> Select[Any]:
    """Return ``query`` of requests narrowed to those holding every word of ``text``.

    Unchanged if ``text`` has no word; PostgreSQL plans by its own statistics. On SQLite
    the matches are joined by id: counted by status, each one's status is then read from
    the narrow index ``ix_request_id_status`` (which its migration has SQLite measure),
    not from its wide row, three times cheaper. ``walk`` asks instead that SQLite walk the
    index of the query's order and test each request against the matches, stopping at a
    page: cheaper when the matches are many (a word in one title of twelve), far dearer
    when they are few, so the caller decides.
    """
    if not walks() or walk:
        found = matching(text, walk=walk)
        return query if found is None else query.where(found)
    fts = fts5_query(text)
    if not fts:
        return query
    return query.join(_fts, _fts.c.rowid == EngagementRequest.id).where(
        _fts.c[SEARCH_TABLE].match(fts))


def include_name(name: str | None, type_: str, parent_names: Mapping[str, Any]) -> bool:
    """Tell Alembic's comparison to leave the search index alone: no model describes it.

    SQLite's FTS5 table comes with tables of its own (``request_search_data`` and the
    like); PostgreSQL's index is a column of the requests and its GIN index. The queue's
    score indexes differ by database in a way no model can say (``SCORE_INDEXES``).
    """
    if type_ == "table":
        return not (name == SEARCH_TABLE or (name or "").startswith(SEARCH_TABLE + "_"))
    if type_ == "column":
        return not (name == SEARCH_COLUMN
                    and parent_names.get("table_name") == EngagementRequest.__tablename__)
    if type_ == "index":
        return name != SEARCH_INDEX and name not in SCORE_INDEXES
    return True
