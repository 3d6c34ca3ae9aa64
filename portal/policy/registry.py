"""Describe the active agreements in the registry and find those with the same city.

City names are matched as people write them: case, accents, punctuation and spacing are
ignored, so "São Paulo" and "sao-paulo" are one city. When either side lacks a country code
the names alone decide, because a missed duplicate costs the City more than a question a
reviewer answers in a minute. The International Project that a request promotes to a
Partnership City is the one agreement with the same city that never counts against it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from portal.policy.answers import RequestAnswers
from portal.policy.categories import Category


@dataclass(frozen=True)
class ExistingAgreement:
    """An active agreement the City already holds with a city."""

    counterpart_city: str
    country_code: str | None
    category: Category


def city_key(name: str) -> str:
    """Return ``name`` folded so that spellings of one city compare equal."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    return " ".join(letters.casefold().split())


def same_city(
    name: str, country_code: str | None, other_name: str, other_country_code: str | None
) -> bool:
    """Return whether two (city, country) pairs name the same city."""
    key = city_key(name)
    if not key or key != city_key(other_name):
        return False
    if country_code and other_country_code:
        return country_code.strip().upper() == other_country_code.strip().upper()
    return True


def agreements_with(
    city: str, country_code: str | None, agreements: Iterable[ExistingAgreement]
) -> list[ExistingAgreement]:
    """Return the agreements held with ``city``, in the order given."""
    return [
        a for a in agreements
        if same_city(city, country_code, a.counterpart_city, a.country_code)
    ]


def is_promoted_by(answers: RequestAnswers, agreement: ExistingAgreement) -> bool:
    """Return whether ``agreement`` is the International Project ``answers`` promotes."""
    return (
        answers.promotes_agreement
        and answers.category is not Category.INTERNATIONAL_PROJECT
        and agreement.category is Category.INTERNATIONAL_PROJECT
    )
