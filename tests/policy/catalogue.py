"""Check that the policy's sentences can be said in French: phrases the catalogue translates.

``untranslated`` is what each module's phrase tests assert empty: every sentence a rule
returns is a ``Phrase``, and its msgid, and those of the phrases among its values, have a
French translation in ``portal/translations/fr_CA``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.pofile import read_po

from portal.policy.phrases import Phrase

FRENCH = (Path(__file__).resolve().parents[2] / "portal" / "translations" / "fr_CA"
          / "LC_MESSAGES" / "messages.po")

with FRENCH.open("rb") as _handle:
    CATALOGUE = read_po(_handle, locale="fr_CA")


def phrases_in(value: object) -> Iterator[Phrase]:
    """Yield ``value`` if it is a phrase, and every phrase among its values, depth first."""
    if isinstance(value, Phrase):
        yield value
        for inner in value.values.values():
            yield from phrases_in(inner)


def untranslated(sentences: Iterable[object]) -> list[str]:
    """Return each sentence that is not a phrase, and each msgid French does not translate."""
    missing = []
    for sentence in sentences:
        if not isinstance(sentence, Phrase):
            missing.append(f"not a phrase: {sentence!r}")
            continue
        for phrase in phrases_in(sentence):
            key = (phrase.msgid, phrase.plural) if phrase.plural is not None else phrase.msgid
            found = CATALOGUE.get(key)
            strings = () if found is None else (
                found.string if isinstance(found.string, tuple) else (found.string,))
            if not strings or not all(strings):
                missing.append(f"not in French: {phrase.msgid!r}")
    return missing
