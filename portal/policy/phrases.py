"""Write the policy's sentences once, in English, so that each page can say them in its language.

The policy imports no Flask, so it cannot translate; yet its sentences (why a gate failed,
who signs and why, why an action is refused) are read on French pages too. Each such
sentence is a ``Phrase``: a ``str`` that *is* its English text, as before (tests, logs, the
audit trail and the Word draft read it as text), and that also keeps its catalogue entry
(the msgid, with ``%(name)s`` placeholders) and its values. ``portal.translation`` looks the
msgid up in the page's catalogue and fills the values in, each in the page's language too:
a value that is itself a ``Phrase`` is translated, a ``date`` written in the page's format,
``Money`` in the page's currency format, an ``int`` with the page's digit grouping.

``pybabel extract`` finds the msgids by three markers, passed to it as keywords (the
Makefile's ``translations`` target, ``tests/test_catalogue.py``):

- ``N_("Municipality")``: a fixed sentence or label;
- ``P_("A letter of intent from %(who)s is attached.", who=name)``: a sentence with values;
- ``NP_("%(num)s consultation is open.", "%(num)s consultations are open.", count)``: one
  whose wording depends on a count, given to the sentence as ``num``.

A ``Phrase`` is lost by ``str`` methods (``.lower()``, slicing, concatenation and f-strings
return plain text); give the lower-case wording its own msgid instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Money:
    """An amount in Canadian dollars, written "$1,234.00" in English and "1 234,00 $" in French."""

    amount: Decimal

    def __str__(self) -> str:
        # An absurd amount (surely a typo) would otherwise become a page of digits.
        if abs(self.amount) >= Decimal("1e15"):
            return f"${self.amount:.3E}"
        return f"${self.amount:,.2f}"


def english(value: object) -> str:
    """Return ``value`` as the English text of a phrase writes it (a date as 2027-03-03)."""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class Phrase(str):
    """A sentence for people: its English text, and what a catalogue needs to translate it."""

    msgid: str
    plural: str | None
    count: int | None
    values: Mapping[str, Any]

    def __new__(cls, msgid: str, values: Mapping[str, Any] | None = None,
                plural: str | None = None, count: int | None = None) -> Phrase:
        """Return the phrase of ``msgid`` (and ``plural``) with ``values`` filled in, in English."""
        values = dict(values or {})
        if plural is not None:
            values.setdefault("num", count)
        wording = plural if plural is not None and count != 1 else msgid
        text = wording % {k: english(v) for k, v in values.items()} if values else wording
        phrase = super().__new__(cls, text)
        phrase.msgid, phrase.plural, phrase.count, phrase.values = msgid, plural, count, values
        return phrase

    def __reduce__(self) -> tuple[Any, ...]:
        # copy and pickle rebuild it from its parts, not from its English text.
        return (Phrase, (self.msgid, dict(self.values), self.plural, self.count))


class KeptPhrase(Phrase):
    """A phrase shared, never changed, by every page that shows it: read back from storage.

    The same stored phrase is shown again and again (a score's explanation, a timeline
    note), so the worker reads it once and says it once for each language
    (``portal.translation.translate_kept``) rather than on every page.
    """


def N_(message: str) -> Phrase:
    """Mark a fixed sentence or label for the catalogue; it reads as ``message`` in English."""
    return Phrase(message)


def P_(message: str, **values: Any) -> Phrase:
    """Mark a sentence with ``%(name)s`` placeholders, and give it its values."""
    return Phrase(message, values)


def NP_(singular: str, plural: str, count: int, **values: Any) -> Phrase:
    """Mark a sentence whose wording depends on ``count`` (its ``%(num)s``)."""
    return Phrase(singular, values, plural, count)


def join(parts: list[Phrase] | tuple[Phrase, ...], conjunction: Phrase) -> Phrase:
    """Join phrases as a list is read: "a, b or c" (``conjunction`` is "or" or "and")."""
    if not parts:
        return Phrase("")
    if len(parts) == 1:
        return parts[0]
    # Two msgids rather than one built of commas: languages place the conjunction differently.
    if len(parts) == 2:
        return P_("%(first)s %(conjunction)s %(last)s", first=parts[0], conjunction=conjunction,
                  last=parts[1])
    return P_("%(first)s, %(rest)s", first=parts[0], rest=join(parts[1:], conjunction))
