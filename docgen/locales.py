"""Name languages and write amounts as CLDR (through Babel) says, for the agreements.

The policy says which language a counterpart's version is in (the country's first official
language unless the counterpart chose one) and when money is owed; the names and the
formats come from the Unicode CLDR data Babel carries, never from a table of our own.
"""

from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.core import UnknownLocaleError
from babel.languages import get_official_languages
from babel.numbers import format_currency


def format_money(amount: Decimal) -> str:
    """Return ``amount`` in Canadian dollars as an English Canadian text writes it."""
    return format_currency(amount, "CAD", locale="en_CA")


def language_name(code: str) -> str | None:
    """Return the English name CLDR gives language ``code`` ("pt" is Portuguese), or None."""
    names = Locale("en").languages
    return names.get(code) or names.get(code.split("_")[0])


def counterpart_language(country_code: str | None, chosen: str | None = None) -> str | None:
    """Return the name of the language of the counterpart's version, or None if unknown.

    ``chosen`` (a language code, or a name) is the counterpart's choice and wins; otherwise
    the first official language CLDR lists for the country.
    """
    if chosen and chosen.strip():
        return language_name(chosen.strip()) or chosen.strip()
    if not country_code:
        return None
    try:
        official = get_official_languages(country_code.upper(), de_facto=True)
    except (UnknownLocaleError, ValueError):
        return None
    return next((name for code in official if (name := language_name(code))), None)


def official_languages(country_code: str | None) -> list[tuple[str, str]]:
    """Return the official languages of ``country_code``'s country, as (code, English name).

    CLDR's official languages; only where it lists none (Mexico, the United States) the de
    facto ones, so that a language spoken but not official (Russian in Ukraine) is never
    offered as the language of a city's agreement.
    """
    if not country_code:
        return []
    code = country_code.upper()
    try:
        found = get_official_languages(code) or get_official_languages(code, de_facto=True)
    except (UnknownLocaleError, ValueError):
        return []
    named: dict[str, str] = {}
    for language in found:
        name = language_name(language)
        if name and language not in named:
            named[language] = name
    return list(named.items())
