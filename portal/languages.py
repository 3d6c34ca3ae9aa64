"""Put each page and each message in its reader's language, among the languages offered.

``policy.languages`` holds the rule (the account's choice, the browser's cookie, its
``Accept-Language``, the default); this module reads them from the request and the account,
names each language in its own words for the header, and writes a message under its
recipient's language (``in_language_of``) whoever's request sends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from babel import Locale
from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.models import User
from portal.policy.languages import (
    LANGUAGE_COOKIE,
    LANGUAGE_COOKIE_MAX_AGE,
    choose_language,
    language_to_keep,
    offered_choice,
    offered_languages,
    tag,
)
from portal.translation import forced_language


@dataclass(frozen=True)
class LanguageChoice:
    """A language a person may switch to, named in its own words ("Français")."""

    code: str  # Babel's, "fr_CA": what the form posts
    name: str
    tag: str  # BCP 47, "fr-CA": the button's lang and hreflang


def default_language() -> str:
    """Return the portal's default language (``BABEL_DEFAULT_LOCALE``)."""
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def offered() -> tuple[str, ...]:
    """Return the languages the portal offers (``LANGUAGES``), the default first."""
    return offered_languages(current_app.config.get("LANGUAGES"), default_language())


def select_locale() -> str | None:
    """Return the language of this request's page (Flask-Babel's locale selector)."""
    if not has_request_context():  # a command or a scheduled job: the default
        return None
    languages = offered()
    return choose_language(
        languages, default_language(),
        account=getattr(current_user, "language", None),
        cookie=request.cookies.get(LANGUAGE_COOKIE),
        accepted=request.accept_languages.best_match(languages))


def registering_language() -> str | None:
    """Return the language a person registering now keeps on their new account, if any."""
    return language_to_keep(str(get_locale() or default_language()), default_language())


def language_of(recipient: User | str | None) -> str:
    """Return the language to write to ``recipient`` in: their account's choice, if offered.

    An address without an account (a string) is written to in the default language.
    """
    chosen = recipient.language if isinstance(recipient, User) else None
    return offered_choice(chosen, offered()) or default_language()


@contextmanager
def in_language_of(recipient: User | str | None) -> Iterator[None]:
    """Render what is inside (subject, body, dates) in ``recipient``'s language."""
    with forced_language(language_of(recipient)):
        yield


def language_name(code: str) -> str:
    """Return a language's name in that language, as a button names it: "Français"."""
    name = Locale.parse(code).get_language_name(code) or code
    return name[:1].upper() + name[1:]


def page_language() -> str:
    """Return the BCP 47 tag of the page's language, for ``<html lang>``."""
    return tag(str(get_locale() or default_language()))


def other_languages() -> list[LanguageChoice]:
    """Return the offered languages but the page's: none when only one is offered."""
    current = str(get_locale() or default_language())
    return [LanguageChoice(code, language_name(code), tag(code))
            for code in offered() if code != current]


def current_path() -> str:
    """Return the page's path with its query, where choosing a language returns to."""
    query = request.query_string.decode("utf-8", "replace")
    return f"{request.path}?{query}" if query else request.path


def remember_language(response: Response, code: str) -> None:
    """Keep ``code`` in the browser for a year, so a visitor chooses only once."""
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=LANGUAGE_COOKIE_MAX_AGE,
                        samesite="Lax", httponly=True,
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))


def init_app(app: Flask) -> None:
    """Give templates the page's language and the languages to switch to."""
    app.jinja_env.globals.update(page_language=page_language,
                                 other_languages=other_languages, current_path=current_path)
