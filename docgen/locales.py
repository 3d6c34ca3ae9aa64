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
    # "pt-BR" as a browser writes it, or "FR" as someone types it, is still a code.
    key = code.strip().replace("-", "_")
    return names.get(key) or names.get(key.split("_")[0].lower())


def _cldr_languages(country_code: str, *, de_facto: bool) -> tuple[str, ...]:
    try:
        return get_official_languages(country_code, de_facto=de_facto)
    except (UnknownLocaleError, ValueError):
        return ()


def official_languages(country_code: str | None) -> list[tuple[str, str]]:
    """Return the country's official languages as (code, English name), in CLDR's order.

    When CLDR records no official language (Mexico, the United States), the languages
    official in fact; never those when official ones exist (Ukraine's include Russian,
    Switzerland's Swiss German). A language CLDR gives no English name is left out, and a
    language listed in two scripts is given once. Empty for an unknown or empty country.
    """
    code = (country_code or "").strip().upper()
    if not code:
        return []
    found = (_cldr_languages(code, de_facto=False)
             or _cldr_languages(code, de_facto=True))
    languages: dict[str, str] = {}  # name: code, in CLDR's order
    for language in found:
        name = language_name(language)
        if not name:
            continue  # CLDR has no English name for it, so no clause could name it
        # Serbian is listed in two scripts ("sr_Latn", "sr"): one entry, by its plain code.
        if name not in languages or "_" not in language:
            languages[name] = language
    return [(language, name) for name, language in languages.items()]


def counterpart_language(country_code: str | None, chosen: str | None = None) -> str | None:
    """Return the name of the language of the counterpart's version, or None if unknown.

    ``chosen`` (any CLDR language code, or a name) is the counterpart's choice and wins;
    otherwise the first of the country's ``official_languages``.
    """
    if chosen and chosen.strip():
        return language_name(chosen.strip()) or chosen.strip()
    languages = official_languages(country_code)
    return languages[0][1] if languages else None


def format_money_fr(amount: Decimal) -> str:
    """Return ``amount`` in Canadian dollars as a Canadian French text writes it: "1 234,00 $"."""
    return format_currency(amount, "CAD", locale="fr_CA")


def language_name_fr(name_or_code: str) -> str:
    """Return the French name of a language given by code or English name ("French": "français")."""
    english = Locale("en").languages
    key = name_or_code.strip().replace("-", "_")
    code = key if key in english else next(
        (c for c, n in english.items() if n.casefold() == key.casefold()), key.split("_")[0])
    return Locale("fr", "CA").languages.get(code) or name_or_code.strip()


def country_name_fr(country_code: str | None, fallback: str) -> str:
    """Return the French name CLDR gives the country ``country_code``, else ``fallback``."""
    code = (country_code or "").strip().upper()
    return Locale("fr", "CA").territories.get(code, fallback) if code else fallback


def counterpart_language_code(country_code: str | None, chosen: str | None = None) -> str | None:
    """Return the code of the counterpart's language: the one chosen, else its country's first.

    ``chosen`` may be a name (older terms); it is returned as given, and the policy reads it.
    """
    if chosen and chosen.strip():
        return chosen.strip()
    languages = official_languages(country_code)
    return languages[0][0] if languages else None
