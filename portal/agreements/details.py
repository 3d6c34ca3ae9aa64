"""Gather an agreement's terms: what the request says, and what the reviewer confirmed.

Before a draft is generated, the reviewer confirms or corrects on one form the Parties'
legal names, both signatories, both coordinators, the start date and the agreement's own
words, in English and, for a bilingual agreement, in French
(``policy.parties.CONFIRMED_DETAILS``). What they confirm is stored with the version, in
its terms, and the next version's form starts from it; a request's answers fill only what
no version has confirmed yet.
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
from portal.policy.agreement_language import french_area_names
from portal.policy.areas import area_labels
from portal.policy.clauses import CITY_LEGAL_NAME, authority_recital
from portal.policy.clauses_fr import authority_recital_fr
from portal.policy.parties import CONFIRMED_DETAILS as CONFIRMED
from portal.policy.parties import CONTACT, COORDINATOR_ADDRESSES, proposed_details
from portal.policy.phrases import N_, P_
from portal.policy.refusals import Refused
from portal.policy.signatories import Signatory


class DetailsMissing(Refused):
    """The request lacks what any agreement needs (its category, dates, or a signatory)."""


# Answers the intake stores under the same names as the terms.
_ASKED = (
    "counterpart_legal_name", "counterpart_signatory_name", "counterpart_signatory_title",
    "counterpart_signatory_authority", "counterpart_coordinator_name",
    "counterpart_coordinator_title", "counterpart_coordinator_email",
    "counterpart_coordinator_address", "city_coordinator_name", "city_coordinator_title",
    "city_coordinator_email", "city_coordinator_address",
)


def terms_for(req: EngagementRequest, version: int,
              confirmed: Mapping[str, Any] | None = None) -> docgen.AgreementTerms:
    """Return the terms of ``req``'s agreement as version ``version`` of its draft.

    ``confirmed`` holds what the reviewer confirmed (names from ``CONFIRMED``); without it,
    the terms are the request's answers and the policy's signatory.
    """
    if req.category is None:
        raise DetailsMissing(N_("Settle the request's category before drafting its agreement."))
    if req.start_date is None or req.term_years is None:
        raise DetailsMissing(N_("The request needs a start date and a term."))
    answer = assessment.signatory(req)
    if answer.signatory is None:
        raise DetailsMissing(P_("No signing authority can be named: %(reason)s",
                                reason=answer.unknown_reason))
    city = req.counterpart_city
    language = req.draft_language
    areas = area_labels(req.areas or [])
    # The French version's words, only when the draft has one (policy.agreement_language).
    french: dict[str, Any] = dict(
        title_fr=req.title_fr, objectives_fr=req.objectives_fr,
        activities_fr=req.activities_fr, outcomes_fr=req.outcomes_fr,
        areas_fr=french_area_names(areas),
        authority_recital_fr=authority_recital_fr(answer.signatory.office),
    ) if language.has_french else {}
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
        # The terms keep each line of an answer as a paragraph (policy.text.paragraphs).
        objectives=req.objectives,
        activities=req.activities,
        areas=areas,
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
        draft_language=language.value,
        **french,
    )
    if confirmed:
        terms = replace(terms, **{name: confirmed[name] for name in CONFIRMED
                                  if name in confirmed})
    return terms


def signatory_of(req: EngagementRequest) -> Signatory | None:
    """Return who signs for the City as the policy names them, or None if it cannot."""
    return assessment.signatory(req).signatory


def proposed(req: EngagementRequest,
             newest: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return what the details form shows first (``policy.parties.proposed_details``).

    ``newest`` is the newest version's stored terms, or None before the first.
    """
    current = terms_for(req, 1).to_dict()
    asked = {name: getattr(req, name) for name in (*COORDINATOR_ADDRESSES, *CONTACT)}
    values = proposed_details(current, asked, newest)
    if isinstance(values["start_date"], str):
        values["start_date"] = date.fromisoformat(values["start_date"])
    # A list of paragraphs is shown one a line, as the form asks for it.
    for name in ("objectives", "activities", "outcomes", "objectives_fr", "activities_fr",
                 "outcomes_fr"):
        values[name] = "\n".join(values[name] or [])
    return values
