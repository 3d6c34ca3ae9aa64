"""Build ready-made requests and agreements for the policy tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from portal.policy.answers import Origin, Outcome, RequestAnswers
from portal.policy.categories import Category
from portal.policy.counterparts import GovernmentKind
from portal.policy.registry import ExistingAgreement

COMPLETE_PROJECT = RequestAnswers(
    origin=Origin.DIVISION,
    government_kind=GovernmentKind.CITY,
    category=Category.INTERNATIONAL_PROJECT,
    term_years=2,
    start_date=date(2025, 4, 1),
    title="Lisbon-Toronto cool streets",
    purpose="Share how each city cools its streets in heat waves.",
    objectives="Pilot shade and water measures on two streets in each city.",
    activities=(
        "Two study visits, a joint workshop with residents, pilots on two streets in each "
        "city and a shared report to both councils."
    ),
    outcomes=(
        Outcome("Cooler streets", "Surface temperature", "3 degrees lower by 2026"),
        Outcome("Residents involved", "Workshop attendance", "200 residents"),
        Outcome("Shared report", "Report published", "By March 2027"),
    ),
    areas=("climate", "public_health"),
    alignment=(
        "Supports TransformTO and the Heat Relief Strategy by testing street cooling measures "
        "the City plans to roll out."
    ),
    community_ties="Toronto has a large Portuguese community in Little Portugal.",
    relationship_since=2019,
    past_projects="Lisbon-Toronto heat mapping\n",
    anticipated_cost=Decimal("40000"),
    funding_source="Environment, Climate and Forestry operating budget",
    staff_time="Two staff, one day a week for two years.",
    counterpart_commitment="Lisbon hosts the study visits and funds its own pilots.",
    has_letter_of_intent=True,
    interest_confirmed=True,
    sponsoring_division="Environment, Climate and Forestry",
    country_code="PT",
    counterpart_city="Lisbon",
)
"""A division's complete project request that passes every gate."""


def project(**changes: Any) -> RequestAnswers:
    """Return the complete project request with ``changes``."""
    return replace(COMPLETE_PROJECT, **changes)


def partnership(**changes: Any) -> RequestAnswers:
    """Return a complete Partnership City request from a city, with ``changes``."""
    base = replace(
        COMPLETE_PROJECT,
        origin=Origin.CITY,
        category=Category.PARTNERSHIP_CITY,
        term_years=5,
        sponsoring_division=None,
    )
    return replace(base, **changes)


def agreement(
    city: str = "Lisbon",
    country: str | None = "PT",
    category: Category = Category.INTERNATIONAL_PROJECT,
) -> ExistingAgreement:
    """Return an active agreement with ``city``."""
    return ExistingAgreement(city, country, category)
