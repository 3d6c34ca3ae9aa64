"""Say the policy's phrases in the reader's language, on pages, in flashes, emails and exports.

``portal.policy.phrases`` writes each sentence in English and keeps its msgid and values;
``translate`` looks the msgid up in the current language's catalogue (Flask-Babel's, so the
page's or, inside ``languages.in_language_of``, the recipient's) and fills in the values in
that language's formats. Templates need nothing: every ``{{ ... }}`` that prints a phrase is
translated on its way out (the environment's ``finalize``), and ``_()`` given a phrase
translates it too; both are escaped like any value. A phrase that cannot be said (one read
back from the database malformed) is said in its English text and logged, never raised.

A page asks for hundreds of words, so the current language's catalogue is looked up once per
request (``catalogue``) rather than through Flask-Babel's chain of lookups on every word;
``in_language_of`` forgets it while it writes in another language. Flask-Babel's lazy text
(forms' labels and hints, lists of labels) is said through that catalogue too when a
template prints it, and each number Babel writes is remembered by language and pattern,
Babel taking tens of microseconds for each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import flask_babel
from babel import Locale, localedata, numbers
from babel.numbers import format_currency
from babel.support import NullTranslations
from flask import Flask, g
from flask.globals import _cv_app
from flask_babel import (
    force_locale,
    format_date,
    format_datetime,
    get_locale,
    get_translations,
    to_user_timezone,
)
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from portal.policy.phrases import KeptPhrase, Money, Phrase

_log = logging.getLogger(__name__)
_CATALOGUE = "_iap_catalogue"


def catalogue() -> NullTranslations:
    """Return the current language's catalogue, found once per request (or app context)."""
    found = _on_g(_CATALOGUE)
    if found is None:
        found = get_translations()
        setattr(g, _CATALOGUE, found)
    return found  # type: ignore[no-any-return]


def page_locale() -> Locale | None:
    """Return Flask-Babel's ``get_locale()``, without its chain of lookups once it is chosen.

    Flask-Babel keeps the chosen (or forced) locale on ``g._flask_babel``; a page writes
    dozens of numbers and dates, each asking for it.
    """
    locale = _babel_kept("babel_locale")
    return locale if locale is not None else get_locale()


def _user_timezone(value: datetime) -> datetime:
    # Flask-Babel's ``to_user_timezone``, its zone found as ``page_locale`` finds the locale.
    zone = _babel_kept("babel_tzinfo")
    if zone is None:
        return to_user_timezone(value)  # type: ignore[no-any-return]
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return zone.normalize(value.astimezone(zone))  # type: ignore[no-any-return]


def _babel_kept(name: str) -> Any:
    kept = _on_g("_flask_babel")
    return None if kept is None else kept.__dict__.get(name)


def _on_g(name: str) -> Any:
    # Through the app context's own variable, not the ``g`` proxy: a page asks hundreds of
    # times, and the proxy's lookup cost more than what it finds.
    app_context = _cv_app.get(None)
    return None if app_context is None else app_context.g.__dict__.get(name)


@contextmanager
def forced_language(language: str) -> Iterator[None]:
    """Say everything inside in ``language``, then go back to the page's language."""
    kept = g.pop(_CATALOGUE, None)
    try:
        with force_locale(language):
            yield
    finally:
        g.pop(_CATALOGUE, None)
        if kept is not None:
            setattr(g, _CATALOGUE, kept)


def say(value: Any) -> Any:
    """Return ``value`` in the current language's words and formats if it is a phrase or a figure.

    Text that is not a phrase is returned as it is: a city's name, an answer, a reference.
    """
    if isinstance(value, Phrase):
        return _translated(value)
    if isinstance(value, Money):
        return _money(value.amount)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    return value


_FIGURES: dict[tuple[Any, ...], str] = {}
_MOST_FIGURES = 4096


def format_number(value: Any, pattern: str | None = None) -> str:
    """Return ``value`` as Flask-Babel's ``format_decimal`` writes it in the page's language."""
    return _figure(numbers.format_decimal, value, pattern)


def format_percentage(value: Any, pattern: str | None = None) -> str:
    """Return ``value`` as Flask-Babel's ``format_percent`` writes it in the page's language."""
    return _figure(numbers.format_percent, value, pattern)


def _figure(write: Any, value: Any, pattern: str | None) -> str:
    locale = page_locale()
    # By its type and text too: 1, 1.0 and Decimal("1.00") are equal keys of a dict.
    return _kept((write, _locale_key(locale), pattern, type(value), str(value)),
                 lambda: write(value, format=pattern, locale=locale))


def _money(amount: Any) -> str:
    # Babel took about 26 µs an amount, and a request page writes about five.
    locale = page_locale()
    return _kept((format_currency, _locale_key(locale), type(amount), str(amount)),
                 lambda: format_currency(amount, "CAD", locale=_canadian(locale)))


def _locale_key(locale: Locale | None) -> tuple[str | None, ...] | None:
    # What makes two locales equal, as Babel compares them: a request's locale is a new
    # object, and Babel's own hash and comparison (Python, five attributes each time) cost
    # more than the rest of a figure's lookup.
    if locale is None:
        return None
    return (locale.language, locale.territory, locale.script, locale.variant, locale.modifier)


def _kept(key: tuple[Any, ...], write: Callable[[], str]) -> str:
    """Return what ``write`` writes for ``key``, written once for each (a few thousand kept)."""
    said = _FIGURES.get(key)
    if said is None:
        if len(_FIGURES) >= _MOST_FIGURES:
            _FIGURES.clear()
        said = _FIGURES[key] = write()
    return said


def long_date(value: date) -> str:
    """Write a date as the page's language does: 3 March 2027, 1er mars 2027 (and a time)."""
    # French writes the first of a month as an ordinal, "1er"; Babel's patterns do not. The
    # day is the one the page shows: a moment's, in the page's zone (02:00 UTC on the first
    # of March is still 28 February in Toronto).
    locale = page_locale()
    shown = _user_timezone(value) if isinstance(value, datetime) else value
    first = shown.day == 1 and getattr(locale, "language", "en") == "fr"
    if locale is not None:
        # Babel's pattern below written out, as Babel applies it (the time in the page's
        # zone, the month's name in its "format" context): Babel took ~30 µs a date.
        clock = f", {shown.hour:02d}:{shown.minute:02d}" if isinstance(shown, datetime) else ""
        month = locale.months["format"]["wide"][shown.month]
        return f"{shown.day}{'er' if first else ''} {month} {shown.year}{clock}"
    day = "d'er'" if first else "d"
    if isinstance(value, datetime):
        return format_datetime(value, f"{day} MMMM y, HH:mm")
    return format_date(value, f"{day} MMMM y")


def _canadian(locale: Locale | None) -> Locale | str:
    # Amounts are the City's, in Canadian dollars: written as Canadians write them in the
    # page's language ("$20,000.00", "20 000,00 $"), not "CA$" as elsewhere in English.
    if locale is None:
        return "en_CA"
    candidate = f"{locale.language}_CA"
    return candidate if localedata.exists(candidate) else locale


def translate(value: Any) -> str:
    """Return ``value`` as text in the current language (a phrase translated, data as it is)."""
    said = say(value)
    return said if isinstance(said, str) else str(said)


def translate_kept(phrase: Phrase) -> str:
    """Return ``phrase`` in the current language, said once by this worker for each language.

    For a phrase made once and kept (a risk flag's reason, one per agreement, country or
    concern; a ``KeptPhrase`` read back from storage), which pages print again and again.
    Kept by the phrase object itself: a phrase made anew on each page would only fill the
    store. By the catalogue and the locale: the words are the one's, the figures the other's.
    """
    return _kept((_said, catalogue(), _locale_key(page_locale()), id(phrase), phrase),
                 lambda: _translated(phrase))


def _translated(phrase: Phrase) -> str:
    """Return ``phrase`` in the current language, or in English if it cannot be said."""
    try:
        return _said(phrase)
    except Exception:  # a stored phrase that is malformed: a missing value, a bad placeholder
        # One bad row must not fail every page that shows it: say its English, and tell the
        # operator which phrase it was.
        _log.warning("Could not translate the phrase %r", phrase.msgid, exc_info=True)
        return str(phrase)


def _said(phrase: Phrase) -> str:
    if not phrase.msgid:  # gettext("") is the catalogue's header, never a sentence
        return ""
    # Most values are a city's name or a person's words: text, said as it is, asked first.
    values = {name: value if type(value) is str
              else _translated(value) if isinstance(value, Phrase) else translate(value)
              for name, value in phrase.values.items()}
    if phrase.plural is not None:
        # Flask-Babel's ngettext would put the bare count in %(num)s; this one is formatted.
        wording = catalogue().ungettext(phrase.msgid, phrase.plural, phrase.count or 0)
        return wording % values
    wording = catalogue().ugettext(phrase.msgid)
    return wording % values if values else wording


def _finalize(value: Any) -> Any:
    # Only phrases and lazy text: a number or date printed raw keeps its template's own
    # formatting.
    if type(value) is KeptPhrase:
        return translate_kept(value)
    if isinstance(value, Phrase):
        return _translated(value)
    if type(value) is LazyString:
        return _lazy_said(value)
    return value


def _lazy_said(text: LazyString) -> Any:
    """Return Flask-Babel's lazy text as it would print itself, said through ``catalogue``.

    It prints itself as safe text (its ``__html__``), so it is returned as ``Markup``; any
    other kind of lazy text prints itself as before.
    """
    func = getattr(text, "_func", None)
    args, variables = getattr(text, "_args", ()), getattr(text, "_kwargs", {})
    if func is flask_babel.gettext and len(args) == 1:
        said = catalogue().ugettext(args[0])
        return Markup(said % variables if variables else said)
    if func is flask_babel.ngettext and len(args) == 3:
        singular, plural, num = args
        return Markup(catalogue().ungettext(singular, plural, num) % {"num": num, **variables})
    return text


def init_app(app: Flask) -> None:
    """Translate the phrases templates print, and those given to ``_()``."""
    environment = app.jinja_env
    environment.finalize = _finalize

    # As Jinja's own "newstyle" gettext does: the translation is safe text in an escaped
    # template, the values put into it are escaped, and it is always a format string.
    # Only the evaluation context is asked for (is the output escaped?): a function given
    # the whole context is handed, inside a loop or a block that sets variables, a copy of
    # every variable of the page's, made anew on each call.
    @pass_eval_context
    def template_gettext(context: EvalContext, string: Any, **variables: Any) -> Any:
        if isinstance(string, Phrase):
            # Plain text, escaped on output like any value: a phrase holds cities' own words.
            return _translated(string)
        said = catalogue().ugettext(string)
        if not variables and "%" not in said:  # nothing to fill in: formatting returns it as is
            return Markup(said) if context.autoescape else said
        return (Markup(said) if context.autoescape else said) % variables

    @pass_eval_context
    def template_ngettext(context: EvalContext, singular: str, plural: str, num: int,
                          **variables: Any) -> Any:
        said = catalogue().ungettext(singular, plural, num)
        variables.setdefault("num", num)
        return (Markup(said) if context.autoescape else said) % variables

    environment.globals["gettext"] = environment.globals["_"] = template_gettext
    environment.globals["ngettext"] = template_ngettext
    # Lazy text said as it prints, for a template to test before printing it ("is there a
    # hint?"): its own truth is Flask-Babel's whole chain of lookups, once more each time.
    environment.filters["said"] = _finalize
