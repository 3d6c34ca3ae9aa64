"""Read the agreements the City holds as the policy compares them with a request.

The overlap flag and the duplicate notice (through ``services.active_agreements``) and the
review queue's overlap filter all ask here, so they read the registry the same way: an
agreement in force (its derived state, in SQL) with its city, by the linked record or by
the name and country it records.

A page asks several rules about one request (eligibility, risks, the gate, the actions), each
reading the same agreements: the answer is kept in the session until it next writes, commits
or rolls back, so a page reads the registry once and a change is always seen.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Executable,
    String,
    func,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from portal.database import on_postgresql, one_of, remembered, rows
from portal.models import Agreement, CounterpartCity
from portal.models.agreements import current_condition
from portal.policy.categories import Category
from portal.policy.registry import ExistingAgreement


@dataclass(frozen=True)
class RegistryRow:
    """An active agreement as the policy sees it, with the records it is tied to."""

    agreement_id: int
    request_id: int | None
    agreement: ExistingAgreement


_LinkedCity = aliased(CounterpartCity)


CityName = tuple[str, str | None]
"""A city as the registry is searched for it: its folded name and its country's code."""


def city_name_of(city: CounterpartCity) -> CityName:
    """Return ``city`` as ``active_registry`` searches for it."""
    return city.folded_name, city.country_code


def active_registry(cities: Collection[CityName] | None = None) -> list[RegistryRow]:
    """Return every active agreement in the registry (one query).

    An agreement linked to a counterpart city is that city (its name and country); one
    linked to none is matched by the name and country it records. The review queue's
    overlap filter reads agreements the same way (``portal.review.queue``).

    With ``cities`` (each a folded name and a country code), return only the agreements
    that may be with one of them, as the policy matches cities
    (``portal.policy.registry.same_city``): those linked to a city of the same folded name,
    or to none, and then in one of their countries, or in none. The policy
    still decides which are the same city; this spares reading the rest of the registry, so
    the cost stays flat as the registry grows.
    """
    today = date.today()
    asked = ("all" if cities is None else
             tuple(sorted({(name, code or "") for name, code in cities})))
    return list(remembered(("active_registry", today, asked), lambda: _read(today, cities)))


def _read(today: date, cities: Collection[CityName] | None) -> list[RegistryRow]:
    if cities is None:
        found = rows(_statement(today, by_city=False, by_country=False, arrays=False))
    else:
        codes = [code for _name, code in cities]
        # A city without a country matches by name alone, in any country.
        by_country = all(codes)
        params: dict[str, Any] = {"names": sorted({name for name, _code in cities})}
        if by_country:
            params["codes"] = sorted({code.strip().upper() for code in codes if code})
        found = rows(_statement(today, by_city=True, by_country=by_country,
                                arrays=on_postgresql()), params)
    return [RegistryRow(aid, rid, ExistingAgreement(name, country, _CATEGORIES[category],
                                                    agreement_id=aid, from_request_id=rid))
            for aid, rid, name, country, category in found]


# A registry row's category by its stored value: looked up, not called, for each of hundreds.
_CATEGORIES = {category.value: category for category in Category}


@lru_cache(maxsize=16)
def _statement(today: date, *, by_city: bool, by_country: bool, arrays: bool) -> Executable:
    """Return the registry's query on ``today``, its cities and countries left as parameters.

    One statement object a day and shape: SQLAlchemy then computes its cache key once,
    where building the query afresh cost as much as running it.
    """
    current = (current_condition(today), Agreement.category.is_not(None))
    if not by_city:
        return (select(Agreement.id, Agreement.request_id,
                       func.coalesce(_LinkedCity.name, Agreement.counterpart_name),
                       func.coalesce(_LinkedCity.country_code, Agreement.country_code),
                       Agreement.category)
                .outerjoin(_LinkedCity, Agreement.counterpart_city_id == _LinkedCity.id)
                .where(*current))
    # Two reads, each by an index on both databases, so the cost stays flat as the registry
    # grows: the agreements linked to a city of one of the names (the cities by their
    # folded name, then their agreements by counterpart_city_id), and those linked to none
    # (by the same index). One query with an OR of the two scanned every agreement on
    # PostgreSQL (8 ms at 100,000 requests), as it once did on SQLite.
    linked = (select(Agreement.id.label("agreement_id"), Agreement.request_id,
                     _LinkedCity.name,
                     func.coalesce(_LinkedCity.country_code, Agreement.country_code),
                     Agreement.category)
              .join(_LinkedCity, Agreement.counterpart_city_id == _LinkedCity.id)
              .where(*current, one_of(_LinkedCity.folded_name, "names", arrays=arrays)))
    unlinked: list[Any] = [Agreement.counterpart_city_id.is_(None)]
    if by_country:
        unlinked.append(or_(
            Agreement.country_code.is_(None), Agreement.country_code == "",
            one_of(func.upper(func.trim(Agreement.country_code)), "codes", arrays=arrays,
                   item_type=String())))
    named = (select(Agreement.id, Agreement.request_id, Agreement.counterpart_name,
                    Agreement.country_code, Agreement.category)
             .where(*current, *unlinked))
    # In the agreements' order, whichever read found them.
    return union_all(linked, named).order_by(literal_column("agreement_id"))
