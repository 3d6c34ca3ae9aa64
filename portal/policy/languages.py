"""Decide which language a page or a message is written in, among the languages offered.

Languages are Babel locale codes (``en``, ``fr_CA``); ``<html lang>`` and ``hreflang`` want
BCP 47 tags (``fr-CA``), which ``tag`` gives. The order of preference is the person's own
choice (kept on their account), then the one their browser remembers (a cookie), then what
their browser asks for (``Accept-Language``), then the portal's default: a choice the
portal no longer offers is passed over, never obeyed.
"""

from __future__ import annotations

from collections.abc import Iterable

LANGUAGE_COOKIE = "language"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600  # a year: a visitor chooses once
LANGUAGE_CODE_LENGTH = 16  # the longest code an account keeps (User.language)


def offered_languages(setting: str | Iterable[str] | None, default: str) -> tuple[str, ...]:
    """Return the languages the ``LANGUAGES`` setting offers, the default first if missing.

    The setting is a list, or from the environment a comma-separated string
    (``PORTAL_LANGUAGES=en,fr_CA``); codes are given as Babel writes them (``fr_CA``), and
    ``fr-CA`` is read as the same.
    """
    items = setting.split(",") if isinstance(setting, str) else list(setting or ())
    codes = [code.strip().replace("-", "_") for code in items if code and code.strip()]
    if default not in codes:
        codes.insert(0, default)
    return tuple(dict.fromkeys(codes))


def tag(code: str) -> str:
    """Return the BCP 47 tag of a locale code: ``fr_CA`` is ``fr-CA``."""
    return code.replace("_", "-")


def offered_choice(choice: str | None, offered: Iterable[str]) -> str | None:
    """Return ``choice`` if it names an offered language, else None."""
    if not choice:
        return None
    normal = choice.strip().replace("-", "_")
    return normal if normal in tuple(offered) else None


def choose_language(offered: tuple[str, ...], default: str, *, account: str | None = None,
                    cookie: str | None = None, accepted: str | None = None) -> str:
    """Return the language to write in: the account's, the cookie's, the browser's, the default.

    ``accepted`` is the browser's best match among ``offered`` (``Accept-Language``).
    """
    for choice in (account, cookie, accepted):
        found = offered_choice(choice, offered)
        if found is not None:
            return found
    return default


def language_to_keep(page_language: str, default: str) -> str | None:
    """Return the language a new account keeps: the one its holder registered in.

    A visitor who read the registration pages in French is written to in French from the
    first message on (the confirmation link); one who read them in the default language
    keeps no choice, so that the account follows the portal's default if it changes.
    """
    return None if page_language == default else page_language


def local_path(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site, else None (no open redirect).

    An absolute address (``https://evil.example/``), a scheme-relative one (``//evil``) or
    one a browser reads as such (a backslash after the slash) would send the person to
    another site.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    # Starting with one slash, it has no scheme or host; a backslash or a control character
    # could still be read as one by a browser, or split the Location header.
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    return target
