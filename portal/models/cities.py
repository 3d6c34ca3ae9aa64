"""Store counterpart cities: one record per city, shared by every request about it."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale
from flask import has_app_context
from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from portal.extensions import db
from portal.models.sorting import key_of, stored_key
from portal.policy.names import sort_key
from portal.policy.registry import city_key

NAME_LENGTH = 120


def fold_name(name: str) -> str:
    """Return ``name`` folded for matching, as the policy matches cities."""
    return city_key(name)


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str:
    """Return the common name of the ISO 3166 country ``code``.

    Kept for the codes seen: a registry page or export names the country of each of
    thousands of agreements, from a few hundred codes.
    """
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def _page_locale() -> Locale | None:
    if not has_app_context():
        return None
    from flask_babel import get_locale

    return get_locale()


def local_country_name(code: str | None, locale: Locale | None = None) -> str:
    """Return the country's name in the page's language: CLDR's name through Babel.

    English keeps pycountry's common names, which the agreements and exports use too.
    ``locale`` is the page's, when the caller has it at hand: a registry page names the
    countries of thousands of agreements, and Flask-Babel's lookup cost more than the name.
    """
    locale = locale or _page_locale()
    if code and locale is not None and locale.language != "en":
        name = locale.territories.get(code.upper())
        if name:
            return name
    return country_name(code)


def local_language_name(code: str, english: str) -> str:
    """Return language ``code``'s name in the page's language (CLDR's), else ``english``.

    The agreement names the counterpart's language in English (``docgen.locales``); a page
    names it in its reader's words: "finnois" on a French page.
    """
    locale = _page_locale()
    if locale is None or locale.language == "en":
        return english
    return locale.languages.get(code) or locale.languages.get(code.split("_")[0]) or english


class CounterpartCity(db.Model):  # type: ignore[name-defined]
    """A local government abroad that the City works with, or may."""

    __table_args__ = (UniqueConstraint("folded_name", "country_code", name="uq_city_country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    folded_name: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    # What lists of cities sort by (``policy.names.sort_key``), kept with the name.
    sort_name: Mapped[str] = mapped_column(String(NAME_LENGTH), server_default="",
                                           default=key_of("name", NAME_LENGTH))
    country_code: Mapped[str] = mapped_column(String(2))

    @validates("name")
    def _keep_sort_name(self, _key: str, name: str) -> str:
        self.sort_name = stored_key(name, NAME_LENGTH)
        return name

    @property
    def country(self) -> str:
        """Return the city's country, by name, in the page's language."""
        return local_country_name(self.country_code)

    def __repr__(self) -> str:
        return f"<CounterpartCity {self.name}, {self.country_code}>"


def country_choices() -> list[tuple[str, str]]:
    """Return (ISO code, name) for every country, sorted by name, for a select box."""
    names = {c.alpha_2: local_country_name(c.alpha_2) for c in pycountry.countries}
    return sorted(names.items(), key=lambda item: sort_key(item[1]))
