"""Say in what order names of places are listed: as a reader looks them up, letter by letter.

A list of cities is read as an index: "São Paulo" comes between "Santiago" and "Seoul",
"Łódź" among the L's and "Šiauliai" among the S's, whatever the accents and the case. The
key folds each name to plain Latin letters where a letter has a plain reading (accents
dropped; Ł, Ø, Đ, Æ, ß and a few others spelled out, as Unicode does not decompose them),
keeps the words apart, and leaves other scripts as they are (after the Latin names).

The databases sort a stored copy of this key, compared code point by code point; the
stored copy is written with every name (``portal.models``), so a list sorted in SQL and a
list sorted here agree.
"""

from __future__ import annotations

import unicodedata

_SPELLED_OUT = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ẞ": "Ss",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "n", "Ŋ": "N", "ĸ": "k",
})
"""Latin letters with no decomposition into a base letter and a mark."""


def sort_key(name: str) -> str:
    """Return the key ``name`` is listed by: case, accents and punctuation set aside."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_SPELLED_OUT))
    letters = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    return " ".join(letters.casefold().split())
