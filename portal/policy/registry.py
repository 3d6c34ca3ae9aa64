"""Describe the active agreements in the registry and find those with the same city.

City names are matched as people write them: case, accents, punctuation and spacing are
ignored, so "São Paulo" and "sao-paulo" are one city. When either side lacks a country code
the names alone decide, because a missed duplicate costs the City more than a question a
reviewer answers in a minute.

``overlaps`` is the one rule of what overlaps a request (the risk flag, on the request's
page and in the review queue's filter alike): an active agreement, of any category, with the
same city, except exactly the agreement the request renews or promotes (it replaces that
one) and the agreement made from the request itself. Any category, because the flag is for
the reviewer to see every relationship already held with the city; the same-category
duplicate is the eligibility gate's own rule. The review queue's SQL is written to match
this function, and a test table holds the two to it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from portal.policy.agreements import AgreementStatus
from portal.policy.answers import RequestAnswers
from portal.policy.categories import Category


@dataclass(frozen=True)
class ExistingAgreement:
    """An agreement the City holds with a city, as the registry records it.

    ``agreement_id`` and ``from_request_id`` (the request it was made from) identify it, so
    that a request is never told it overlaps the agreement it renews, promotes or made.
    """

    counterpart_city: str
    country_code: str | None
    category: Category
    agreement_id: int | None = None
    from_request_id: int | None = None
    status: AgreementStatus = AgreementStatus.ACTIVE


@lru_cache(maxsize=4096)
def city_key(name: str) -> str:
    """Return ``name`` folded so that spellings of one city compare equal.

    Kept for the names seen last: a queue page compares each row's city with each agreement
    of that name, folding the same few names hundreds of times.
    """
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


def is_replaced_by(answers: RequestAnswers, agreement: ExistingAgreement) -> bool:
    """Return whether ``agreement`` is the one ``answers`` renews, promotes or was made from.

    Only the agreement named by id is replaced: a promotion leaves every other International
    Project with the same city an overlap.
    """
    if agreement.agreement_id is not None and agreement.agreement_id in (
            answers.renews_agreement_id, answers.promotes_agreement_id):
        return True
    return (agreement.from_request_id is not None
            and agreement.from_request_id == answers.request_id)


def overlaps(answers: RequestAnswers, agreement: ExistingAgreement) -> bool:
    """Return whether ``agreement`` overlaps the request ``answers`` describe (see above)."""
    return (agreement.status is AgreementStatus.ACTIVE
            and same_city(answers.counterpart_city, answers.country_code,
                          agreement.counterpart_city, agreement.country_code)
            and not is_replaced_by(answers, agreement))
