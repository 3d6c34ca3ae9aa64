"""Gather an agreement's terms: what the request says, and what the reviewer confirmed.

Before a draft is generated, the reviewer confirms or corrects on one form the Parties'
legal names, both signatories, both coordinators, the start date and the objectives'
wording (``policy.parties.CONFIRMED_DETAILS``). What they confirm is stored with the
version, in its terms, and the next version's form starts from it; a request's answers
fill only what no version has confirmed yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import docgen
from portal.assessment import services as assessment
from portal.models import EngagementRequest
from portal.models.cities import country_name
from portal.policy.areas import area_labels
from portal.policy.clauses import CITY_LEGAL_NAME, authority_recital
from portal.policy.parties import CONFIRMED_DETAILS as CONFIRMED
from portal.policy.refusals import Refused


class DetailsMissing(Refused):
    """The request lacks what any agreement needs (its category, dates, or a signatory)."""


_CITY_SIGNATORY = ("signatory_name", "signatory_title")
# Answers the intake stores under the same names as the terms.
_ASKED = (
    "counterpart_legal_name", "counterpart_signatory_name", "counterpart_signatory_title",
    "counterpart_signatory_authority", "counterpart_coordinator_name",
    "counterpart_coordinator_title", "counterpart_coordinator_email",
    "counterpart_coordinator_address", "city_coordinator_name", "city_coordinator_title",
    "city_coordinator_email", "city_coordinator_address",
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def terms_for(req: EngagementRequest, version: int,
              confirmed: Mapping[str, Any] | None = None) -> docgen.AgreementTerms:
    """Return the terms of ``req``'s agreement as version ``version`` of its draft.

    ``confirmed`` holds what the reviewer confirmed (names from ``CONFIRMED``); without it,
    the terms are the request's answers and the policy's signatory.
    """
    if req.category is None:
        raise DetailsMissing("Settle the request's category before drafting its agreement.")
    if req.start_date is None or req.term_years is None:
        raise DetailsMissing("The request needs a start date and a term.")
    answer = assessment.signatory(req)
    if answer.signatory is None:
        raise DetailsMissing(f"No signing authority can be named: {answer.unknown_reason}")
    city = req.counterpart_city
    terms = docgen.AgreementTerms(
        reference=req.reference or "",
        version=version,
        category=req.category.value,
        counterpart_city=city.name if city else "",
        counterpart_country=country_name(city.country_code) if city else "",
        counterpart_country_code=city.country_code if city else "",
        counterpart_language=req.counterpart_language,
        start_date=req.start_date,
        term_years=req.term_years,
        title=req.title,
        objectives=_lines(req.objectives),
        activities=_lines(req.activities),
        areas=area_labels(req.areas or []),
        outcomes=[f"{o.outcome}: {o.indicator}, target {o.target}" for o in req.outcomes],
        city_legal_name=CITY_LEGAL_NAME,
        signatory_name=answer.signatory.name,
        signatory_title=answer.signatory.title,
        lead_division=req.sponsoring_division.name if req.sponsoring_division else None,
        authority_recital=authority_recital(answer.signatory.office),
        anticipated_cost="" if req.anticipated_cost is None else str(req.anticipated_cost),
        funding_source=req.funding_source,
        counterpart_contribution=req.counterpart_commitment,
        **{name: getattr(req, name) for name in _ASKED},
    )
    if confirmed:
        terms = replace(terms, **{name: confirmed[name] for name in CONFIRMED
                                  if name in confirmed})
    return terms


def signatory_of(req: EngagementRequest) -> Any:
    """Return who signs for the City as the policy names them, or None if it cannot."""
    return assessment.signatory(req).signatory


def proposed(req: EngagementRequest,
             newest: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return what the details form shows first: the newest version's, else the request's.

    ``newest`` is the newest version's stored terms. The City's signatory is taken from it
    only while the same office signs (its recital is unchanged): a reviewer who changed who
    signs a Partnership gets the new signatory, not the old one's name.
    """
    current = terms_for(req, 1).to_dict()
    values = {name: current[name] for name in CONFIRMED}
    if newest:
        same_office = newest.get("authority_recital") == current["authority_recital"]
        for name in CONFIRMED:
            if name in _CITY_SIGNATORY and not same_office:
                continue
            if newest.get(name):
                values[name] = newest[name]
    # The request's addresses as typed, a line each; a version's are one line already.
    for name in ("city_coordinator_address", "counterpart_coordinator_address"):
        if not (newest and newest.get(name)):
            values[name] = getattr(req, name)
    if isinstance(values["start_date"], str):
        values["start_date"] = date.fromisoformat(values["start_date"])
    values["objectives"] = "\n".join(values["objectives"] or [])
    # A counterpart's official contact is the likeliest coordinator, never its signatory.
    if not values["counterpart_coordinator_name"] and not newest:
        values.update(counterpart_coordinator_name=req.contact_name,
                      counterpart_coordinator_title=req.contact_title,
                      counterpart_coordinator_email=req.contact_email)
    return values
