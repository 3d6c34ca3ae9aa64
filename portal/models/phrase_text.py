"""Store a policy phrase in a text column so that it can still be said in the reader's language.

A sentence the policy writes once and a page shows later (a proposed score's explanation)
is stored; stored as its English text, it could only ever be read in English. ``dump`` writes
a phrase as JSON holding its msgid and its values (each a text, a whole number, a date, an
amount in dollars or another phrase), and ``load`` rebuilds the phrase. Text that is not a
phrase, and every row written before phrases were stored, is kept and read as it is.
``PhraseText`` is the column type that does both.

What people type is never read back as a phrase: a stored phrase's msgid is looked up in the
catalogue and its placeholders filled in, so a person able to store one could make every page
showing it fail. Text that begins as stored JSON does (``{"``) is therefore stored wrapped,
as ``{"text": ...}``, and unwrapped when read. Rows a person wrote before this wrapping may
still read as a phrase; ``portal.translation`` says a malformed one in its English text.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from portal.policy.phrases import KeptPhrase, Money, Phrase

_MARK = '{"msgid": '
"""How a stored phrase begins; no English sentence does."""

_WRAPPED = '{"text": '
"""How plain text that could be taken for stored JSON begins once stored."""


def _value(value: Any) -> Any:
    if isinstance(value, Phrase):
        return {"phrase": _parts(value)}
    if isinstance(value, Money):
        return {"money": str(value.amount)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(value)  # text, or anything else said as its English text


def _parts(phrase: Phrase) -> dict[str, Any]:
    return {"msgid": phrase.msgid, "plural": phrase.plural, "count": phrase.count,
            "values": {name: _value(value) for name, value in phrase.values.items()}}


# One encoder for every phrase: ``json.dumps`` with an option builds a new one each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def dump(text: str) -> str:
    """Return ``text`` as it is stored: a phrase as JSON, anything else as it reads.

    Plain text that begins as stored JSON does is wrapped, so that ``load`` returns it as
    text: a person cannot store a phrase by typing one.
    """
    if isinstance(text, Phrase):
        return _ENCODER.encode(_parts(text))
    if text.startswith('{"'):
        return _ENCODER.encode({"text": text})
    return text


def _loaded_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "phrase" in value:
            return _phrase(value["phrase"])
        if "money" in value:
            return Money(Decimal(value["money"]))
        if "date" in value:
            return date.fromisoformat(value["date"])
    return value


def _phrase(parts: dict[str, Any], kind: type[Phrase] = Phrase) -> Phrase:
    values = {name: _loaded_value(v) for name, v in parts.get("values", {}).items()}
    return kind(parts["msgid"], values, parts.get("plural"), parts.get("count"))


# The phrases read back, by their stored text: the same ones (a score's explanation, a
# timeline note) are read page after page. A phrase is never changed once made, so each is
# shared, and said once for each language (``KeptPhrase``). An explanation nests phrases
# five deep, about 7 KB with its stored text: a thousand are kept, some 8 MB at most (the
# bench's 100,000 requests hold 82 distinct explanations).
_LOADED: dict[str, str] = {}
_MOST_LOADED = 1024


def load(stored: str) -> str:
    """Return what ``dump`` stored: the phrase again, or the text as it was written."""
    if stored.startswith(_WRAPPED):
        return _unwrapped(stored)
    if not stored.startswith(_MARK):
        return stored
    loaded = _LOADED.get(stored)
    if loaded is None:
        if len(_LOADED) >= _MOST_LOADED:
            _LOADED.clear()
        loaded = _LOADED[stored] = _read_phrase(stored)
    return loaded


def _read_phrase(stored: str) -> str:
    try:
        return _phrase(json.loads(stored), KeptPhrase)
    except Exception:  # any malformed part: a bad amount (not a ValueError), a placeholder
        # Not a phrase after all: a person's text from before wrapping that looks like one.
        return stored


def _unwrapped(stored: str) -> str:
    try:
        wrapped = json.loads(stored)
    except ValueError:
        return stored
    if isinstance(wrapped, dict) and set(wrapped) == {"text"} and isinstance(wrapped["text"], str):
        return wrapped["text"]
    return stored


class PhraseText(TypeDecorator[str]):
    """Text that keeps a policy phrase translatable: stored with its msgid, read back as one.

    Plain text is stored and read as it is, so rows written before keep their English.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Store a phrase as its msgid and values, anything else as it is."""
        return value if value is None else dump(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """Read a stored phrase back as a phrase, anything else as it is."""
        return value if value is None else load(value)
