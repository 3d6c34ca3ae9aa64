"""Hold the registry of agreements the City held before the portal, and add what is missing.

The entries come from the 2024 program review (item 2024.EC13.5 and its presentation to the
Economic and Community Development Committee) and from ``seed/program-facts.md``: the ten
Partnership Cities, the two International Projects and the Historical agreements. The
sources give the year each current relationship was established, never the dates of a
term, so start and end dates stay empty ("not recorded") rather than invented, and no lead
division is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.geography import find_or_create_city
from portal.models import Agreement
from portal.policy.agreements import AgreementStatus
from portal.policy.categories import Category
from portal.policy.registry import city_key

REVIEW_SOURCE = ("Listed in the 2024 program review (item 2024.EC13.5, presentation of "
                 "29 May 2024).")
CURRENT_SOURCE = (f"{REVIEW_SOURCE} Year established: the City's International Alliance "
                  "Program page and the Wikipedia article \"Sister cities of Toronto\" (2024). "
                  "Term dates are not recorded in these sources.")
WIKIPEDIA_SOURCE = ("Historical relationship listed in the Wikipedia article \"Sister cities "
                    "of Toronto\" (2024 revision), beside those of the 2024 program review.")


@dataclass(frozen=True)
class SeedAgreement:
    """One agreement of the registry as the sources describe it."""

    name: str
    country_code: str
    status: AgreementStatus
    category: Category | None = None
    established_year: int | None = None
    is_city_to_city: bool = True
    note: str = ""


def _current(name: str, country: str, category: Category, year: int) -> SeedAgreement:
    return SeedAgreement(name, country, AgreementStatus.ACTIVE, category, year,
                         note=CURRENT_SOURCE)


def _historical(name: str, country: str, not_city: str = "",
                source: str = REVIEW_SOURCE) -> SeedAgreement:
    note = f"Not city-to-city: {not_city}. {source}" if not_city else source
    return SeedAgreement(name, country, AgreementStatus.HISTORICAL,
                         is_city_to_city=not not_city, note=note)


P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT

PARTNERSHIP_CITIES: tuple[SeedAgreement, ...] = (
    _current("Chicago", "US", P, 1991),
    _current("Chongqing", "CN", P, 1986),
    _current("Frankfurt", "DE", P, 1989),
    _current("Ho Chi Minh City", "VN", P, 2006),
    _current("Kyiv", "UA", P, 1991),
    _current("Milan", "IT", P, 2003),
    _current("Quito", "EC", P, 2006),
    _current("Rio de Janeiro", "BR", P, 2015),
    _current("Sagamihara", "JP", P, 1991),
    _current("Warsaw", "PL", P, 1990),
)

INTERNATIONAL_PROJECTS: tuple[SeedAgreement, ...] = (
    _current("Lisbon", "PT", IP, 2019),
    _current("Matera", "IT", IP, 2019),
)

HISTORICAL: tuple[SeedAgreement, ...] = (
    _historical("Dubai Investment Development Agency", "AE", "an investment agency"),
    _historical("COMCE Noreste (Monterrey)", "MX",
                "a business council for foreign trade"),
    _historical("Dunedin", "US"),
    _historical("Federation of Indian Chambers of Commerce and Industry (New Delhi)", "IN",
                "a federation of chambers of commerce"),
    _historical("Hong Kong Chamber of Commerce", "CN", "a chamber of commerce"),
    _historical("Hong Kong Trade Development Council", "CN", "a trade promotion agency"),
    _historical("Invest Sao Paulo", "BR", "an investment agency"),
    _historical("Jaffna", "LK"),
    _historical("Mexico City", "MX"),
    _historical("PanCanada Chamber of Commerce (Panama City)", "PA", "a chamber of commerce"),
    _historical("Portugal (Country)", "PT", "a country"),
    _historical("Shenzhen", "CN"),
    _historical("State of Maharashtra", "IN", "a state"),
    _historical("Thrace Regional Development Agency", "TR", "a regional development agency"),
    _historical("Uruguay XXI (Montevideo)", "UY", "an investment and export agency"),
    _historical("Wuxi", "CN"),
    _historical("Amsterdam", "NL", source=WIKIPEDIA_SOURCE),
    _historical("New York City", "US", source=WIKIPEDIA_SOURCE),
    _historical("Indianapolis", "US", source=WIKIPEDIA_SOURCE),
    _historical("São Paulo", "BR", source=WIKIPEDIA_SOURCE),
)

REGISTRY: tuple[SeedAgreement, ...] = (*PARTNERSHIP_CITIES, *INTERNATIONAL_PROJECTS,
                                       *HISTORICAL)


def ensure_registry() -> int:
    """Add the registry's entries that are missing, matched by counterpart name; return how many.

    Current agreements are linked to their counterpart city, so that the city's
    representatives find them and the duplicate-agreement gate sees them.
    """
    known = {city_key(name) for name in db.session.scalars(select(Agreement.counterpart_name))}
    added = 0
    for entry in REGISTRY:
        if city_key(entry.name) in known:
            continue
        city = (find_or_create_city(entry.name, entry.country_code)
                if entry.status is AgreementStatus.ACTIVE else None)
        db.session.add(Agreement(
            counterpart_name=entry.name, counterpart_city=city, country_code=entry.country_code,
            category=entry.category.value if entry.category else None,
            status=entry.status.value, is_city_to_city=entry.is_city_to_city,
            established_year=entry.established_year, start_date=None, end_date=None,
            note=entry.note))
        known.add(city_key(entry.name))
        added += 1
    db.session.flush()
    return added
