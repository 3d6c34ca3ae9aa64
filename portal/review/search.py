"""Find requests by the words a reviewer types: the database's full-text index, not a scan.

The index holds each request's reference, its title in English and in French, and its
counterpart city's name; triggers keep it whatever writes the rows (migration c8e5a1f3b7d2
says how). SQLite keeps it in the FTS5 table ``request_search`` (rowid: the request's id);
PostgreSQL in the column ``engagement_request.search_document`` with a GIN index. Both keep
the words again in the B-tree ``request_word``, where a word's first matches are read
without finding all of them (``word_matches``, ``word_page``; migration b9f4d2e7a1c6).

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

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    column,
    func,
    literal_column,
    select,
    table,
    union,
)
from sqlalchemy import text as sql_text

from portal.database import on_postgresql, remembered
from portal.extensions import db
from portal.models import EngagementRequest

SEARCH_TABLE = "request_search"
SEARCH_COLUMN = "search_document"
SEARCH_INDEX = "ix_request_search"
WORD_TABLE = "request_word"

_fts = table(SEARCH_TABLE, column("rowid"), column(SEARCH_TABLE))
# Named outright: a table() of its own would be a second FROM beside the requests.
_DOCUMENT = literal_column(f"{EngagementRequest.__tablename__}.{SEARCH_COLUMN}")
_SIMPLE = literal_column("'simple'::regconfig")
_words = table(WORD_TABLE, column("word"), column("request_id"), column("status"),
               column("submitted_at"))
WORD_STATUS = _words.c.status
WORD_SUBMITTED = _words.c.submitted_at


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


# A prefix that begins more of the index's words than this is searched in the documents,
# as several words are: reading a thousand rows of each costs more than GIN's bitmap ("a"
# begins thousands of words).
MOST_WORDS = 8

# The index's words from ``:low`` up to ``:high``, one probe of the key each (a skip scan,
# which neither database does of itself): never reading the rows of the words between.
# Its columns said, it is a SELECT to SQLAlchemy, and to ``portal.lazy_transactions``
# a plain read: as bare text it would begin a transaction on PostgreSQL.
_WORDS_BETWEEN = sql_text(f"""
    WITH RECURSIVE found(word) AS (
        SELECT (SELECT word FROM {WORD_TABLE} WHERE word >= :low AND word < :high
                ORDER BY word LIMIT 1)
        UNION ALL
        SELECT (SELECT w.word FROM {WORD_TABLE} w WHERE w.word > found.word AND w.word < :high
                ORDER BY w.word LIMIT 1)
        FROM found WHERE found.word IS NOT NULL
    )
    SELECT word FROM found WHERE word IS NOT NULL LIMIT :most""").columns(column("word"))


def _one_word(text: str) -> str | None:
    """Return the one word ``text`` types, as the index holds it; None for several.

    PostgreSQL's index folds as ``_folded`` does. SQLite's tokenizer (FTS5's unicode61)
    drops accents and case alike, but keeps what only compatibility folds ("ﬁ", "２"): a
    word is looked up there only where the two folds agree, in plain letters and digits.
    """
    typed = [(chunk, runs) for chunk in text.split() if (runs := _runs(_folded(chunk)))]
    if len(typed) != 1 or len(typed[0][1]) != 1:
        return None
    (chunk, (word,)), = typed
    if on_postgresql():
        return word
    canonical = unicodedata.normalize("NFD", chunk)
    plain = "".join(ch for ch in canonical if not unicodedata.combining(ch)).lower()
    return word if word.isascii() and _runs(plain) == (word,) else None


def _past(prefix: str) -> str | None:
    """Return the least text after every text that begins with ``prefix`` (bytes' order)."""
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates are no characters UTF-8 can hold
        following = 0xE000
    return prefix[:-1] + chr(following) if following <= 0x10FFFF else None


def _words_begun(text: str) -> list[str] | None:
    """Return the words of ``request_word`` that the one word ``text`` types begins.

    None where the index of words cannot say: when more than one word is typed (or a word
    of several runs, as a reference; ``_one_word``), or when it begins more than
    ``MOST_WORDS`` words. A word that begins none is returned alone: it finds nothing.
    """
    word = _one_word(text)
    high = _past(word) if word else None
    if word is None or high is None:
        return None
    # The page's count and its rows both ask: one probe a request, not one each.
    words = remembered(("words_begun", word), lambda: tuple(db.session.scalars(
        _WORDS_BETWEEN, {"low": word, "high": high, "most": MOST_WORDS + 1})))
    return None if len(words) > MOST_WORDS else (list(words) or [word])


def _each(branches: list[Select[Any]]) -> list[Select[Any]]:
    """Return ``branches`` as members of a UNION: SQLite takes no LIMIT on a bare member."""
    return [select(*found.c) for found in (branch.subquery() for branch in branches)]


def word_matches(text: str, limit: int, *where: ColumnElement[bool]) -> Subquery | None:
    """Return up to ``limit`` requests (id, status) holding a word that ``text`` begins.

    From ``request_word``, ``where`` being conditions on its columns (``WORD_STATUS``).
    Each word's rows are read to ``limit`` and no further, whatever the matches' number:
    if a word has as many, so has the search; if none has, every match was read and the
    requests are exact, each once. None where the matches must be found as ``matching``
    finds them (``_words_begun``).
    """
    words = _words_begun(text)
    if words is None:
        return None
    each = [select(_words.c.request_id, _words.c.status).where(_words.c.word == word, *where)
            .limit(limit) for word in words]
    if len(each) == 1:
        return each[0].subquery()
    # A request holding two of the words is one match: UNION keeps it once.
    merged = union(*_each(each)).subquery()
    return select(merged.c.request_id, merged.c.status).limit(limit).subquery()


def word_page(text: str, per_page: int, offset: int, *where: ColumnElement[bool],
              newest_first: bool = True) -> Select[Any] | None:
    """Return the ids of a page of the requests holding a word ``text`` begins, by submission.

    The queue's order by submission time (the id, newest first, between equals), from
    ``request_word``'s index: each word's rows are read in that order to the page's end and
    no further. None where ``word_matches`` is. ``where``: as ``word_matches``.
    """
    words = _words_begun(text)
    if words is None:
        return None
    submitted = WORD_SUBMITTED.desc() if newest_first else WORD_SUBMITTED.asc()
    each = [select(_words.c.request_id, WORD_SUBMITTED).where(_words.c.word == word, *where)
            .order_by(submitted, _words.c.request_id.desc()) for word in words]
    if len(each) == 1:
        return each[0].with_only_columns(_words.c.request_id).limit(per_page).offset(offset)
    # The page's requests are among each word's first (offset + per_page): no other word's
    # request can come before them.
    merged = union(*_each([branch.limit(offset + per_page) for branch in each])).subquery()
    submitted = merged.c.submitted_at.desc() if newest_first else merged.c.submitted_at.asc()
    return (select(merged.c.request_id).order_by(submitted, merged.c.request_id.desc())
            .limit(per_page).offset(offset))


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

    SQLite's FTS5 tables come with tables of their own (``request_search_data`` and the
    like); PostgreSQL's index is a column of the requests and its GIN index; both keep the
    table of words. The queue's score indexes differ by database in a way no model can say
    (``SCORE_INDEXES``).
    """
    if type_ == "table":
        return not any(name == kept or (name or "").startswith(kept + "_")
                       for kept in (SEARCH_TABLE, WORD_TABLE))
    if type_ == "column":
        return not (name == SEARCH_COLUMN
                    and parent_names.get("table_name") == EngagementRequest.__tablename__)
    if type_ == "index":
        return name != SEARCH_INDEX and name not in SCORE_INDEXES
    return True
