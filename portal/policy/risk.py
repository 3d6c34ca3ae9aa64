"""Raise the risk flags shown at the top of a request: they are never scored.

Federal consultation is flagged by the counterpart's country against a list an administrator
keeps; ``DEFAULT_CONSULTATION_COUNTRIES`` is only an example drawn from countries under
Canadian sanctions at the time of writing, and is neither complete nor advice. Overlap is
``portal.policy.registry.overlaps``: an active agreement with the same city, whatever its
category, except exactly the one the request renews or promotes and the one made from it.
A reputational concern is whatever a reviewer writes down.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from portal.policy.answers import RequestAnswers
from portal.policy.categories import Category
from portal.policy.phrases import N_, P_, Phrase
from portal.policy.registry import ExistingAgreement, overlaps

DEFAULT_CONSULTATION_COUNTRIES: frozenset[str] = frozenset(
    {"BY", "IR", "KP", "MM", "RU", "SY"}
)
"""Example ISO 3166 alpha-2 codes needing federal consultation; an administrator sets the list."""


class RiskFlag(StrEnum):
    """A concern that reviewers and the signing authority must see first."""

    FEDERAL_CONSULTATION = "federal_consultation"
    OVERLAP = "overlap"
    REPUTATIONAL = "reputational"

    @property
    def label(self) -> Phrase:
        """Return the flag's heading."""
        return RISK_LABELS[self]


RISK_LABELS: dict[RiskFlag, Phrase] = {
    RiskFlag.FEDERAL_CONSULTATION: N_("Consult the federal government"),
    RiskFlag.OVERLAP: N_("Overlaps an existing agreement"),
    RiskFlag.REPUTATIONAL: N_("Reputational concern"),
}


@dataclass(frozen=True)
class RiskNote:
    """One raised flag and why it was raised."""

    flag: RiskFlag
    reason: Phrase


@lru_cache(maxsize=8)
def _listed(countries: frozenset[str]) -> frozenset[str]:
    # A queue page asks for each of its fifty rows with the same list: written the same way
    # once, not per row.
    return frozenset(c.strip().upper() for c in countries)


def _consultation(answers: RequestAnswers, countries: Collection[str]) -> list[RiskNote]:
    code = (answers.country_code or "").strip().upper()
    if not code or code not in _listed(frozenset(countries)):
        return []
    return [RiskNote(RiskFlag.FEDERAL_CONSULTATION, _consultation_reason(code))]


# Each reason is one phrase for each country, agreement or concern, made once (a phrase is
# never changed once made): the queue shows the same ones on every page, and says each once
# (``portal.translation.translate_kept``).

@lru_cache(maxsize=256)
def _consultation_reason(code: str) -> Phrase:
    return P_("The counterpart is in a country (%(code)s) on the City's list for foreign-policy "
              "or sanctions concerns: consult Global Affairs Canada before going further.",
              code=code)


def _overlap(answers: RequestAnswers, held: Iterable[ExistingAgreement]) -> list[RiskNote]:
    return [RiskNote(RiskFlag.OVERLAP, _overlap_reason(a.category, a.counterpart_city))
            for a in held if overlaps(answers, a)]


@lru_cache(maxsize=1024)
def _overlap_reason(category: Category, city: str) -> Phrase:
    return P_("The City already has an active %(category)s agreement with %(city)s.",
              category=category.label, city=city)


def risk_flags(
    answers: RequestAnswers,
    active_agreements: Iterable[ExistingAgreement],
    *,
    sanctioned_countries: Collection[str],
    reputational_concern: str | None,
) -> list[RiskNote]:
    """Return the risk flags raised for ``answers``, federal consultation first."""
    notes = _consultation(answers, sanctioned_countries) + _overlap(answers, active_agreements)
    if reputational_concern and reputational_concern.strip():
        notes.append(RiskNote(RiskFlag.REPUTATIONAL,
                              _reputational_reason(reputational_concern.strip())))
    return notes


@lru_cache(maxsize=1024)
def _reputational_reason(concern: str) -> Phrase:
    return P_("Raised by a reviewer: %(concern)s", concern=concern)
