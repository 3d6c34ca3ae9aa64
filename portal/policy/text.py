"""Keep people's text clean: safe to store, to put in a Word file, a file name or a CSV cell.

Forms clean every answer with ``clean_text`` before it is stored, and docgen cleans again
before it renders, so both sit above this module; it imports only the standard library.
Word stores text as XML 1.0, which cannot hold most control characters, U+FFFE, U+FFFF or
a surrogate; one of them in a city's answer would make the draft unreadable, so they are
removed before anything is rendered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# C0 controls other than tab and newline, lone surrogates, and the two noncharacters XML
# refuses; also DEL and the C1 controls, which XML discourages and no one types on purpose.
# Carriage returns are handled before this runs, as line ends.
_UNWORDABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Latin letters NFKD does not decompose; without these "Łódź" would lose its first letter.
_NO_DECOMPOSITION = str.maketrans({
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "ß": "ss", "Æ": "AE",
    "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d", "ı": "i",
})
_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")


def clean_text(s: str) -> str:
    """Remove the characters Word cannot hold; keep tabs and turn line ends into newlines."""
    # A form posts "\r\n"; a lone "\r" is an old line end, not a character to drop silently.
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _UNWORDABLE.sub("", s)


def one_line(s: str) -> str:
    """Return ``s`` cleaned, on one line, with runs of white space made one space."""
    return " ".join(clean_text(s).split())


def address_line(s: str) -> str:
    """Return a postal address on one line, its lines joined by ", " ("Main St, Toronto ON")."""
    # A trailing comma typed at a line's end would otherwise print as ",,".
    lines = (one_line(line).rstrip(",").strip() for line in clean_text(s).splitlines())
    return ", ".join(line for line in lines if line)


def paragraphs(items: str | Iterable[str]) -> tuple[str, ...]:
    """Return each non-blank line of ``items`` (one text or several) as a cleaned paragraph."""
    if isinstance(items, str):
        items = (items,)
    # splitlines also breaks at U+2028 and the like, which Word would not show as breaks.
    return tuple(
        line.strip()
        for item in items
        for line in clean_text(item).splitlines()
        if line.strip()
    )


def ascii_words(s: str, fallback: str, limit: int = 40) -> str:
    """Return ``s`` as ASCII words joined by hyphens, or ``fallback`` when none are left."""
    decomposed = unicodedata.normalize("NFKD", s.translate(_NO_DECOMPOSITION))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    words = _NOT_WORD.sub("-", ascii_only).strip("-")
    # Cut at a hyphen when the name is long, so no word is left half-written.
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0] if "-" in words[:limit] else words[:limit]
    return words or fallback


FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""What makes a spreadsheet read a cell as a formula (full-width forms too: some
spreadsheets take them as their ASCII counterparts)."""


def spreadsheet_safe(text: str) -> str:
    """Return ``text`` as a CSV cell no spreadsheet runs: a would-be formula gets a quote."""
    # Leading spaces do not stop some spreadsheets from reading " =1+1" as a formula.
    if text[:1] in FORMULA_STARTS or text.lstrip(" ")[:1] in FORMULA_STARTS:
        return "'" + text
    return text
