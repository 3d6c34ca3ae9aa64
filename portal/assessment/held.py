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

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from portal.database import remembered, rows
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


def active_registry(cities: Collection[CounterpartCity] | None = None) -> list[RegistryRow]:
    """Return every active agreement in the registry (one query).

    An agreement linked to a counterpart city is that city (its name and country); one
    linked to none is matched by the name and country it records. The review queue's
    overlap filter reads agreements the same way (``portal.review.queue``).

    With ``cities``, return only the agreements that may be with one of them, as the policy
    matches cities (``portal.policy.registry.same_city``): those linked to a city of the
    same folded name, or to none, and then in one of their countries, or in none. The policy
    still decides which are the same city; this spares reading the rest of the registry, so
    the cost stays flat as the registry grows.
    """
    today = date.today()
    asked = ("all" if cities is None else
             tuple(sorted({(c.folded_name, c.country_code or "") for c in cities})))
    return list(remembered(("active_registry", today, asked), lambda: _read(today, cities)))


def _read(today: date, cities: Collection[CounterpartCity] | None) -> list[RegistryRow]:
    if cities is None:
        found = rows(_statement(today, by_city=False, by_country=False))
    else:
        codes = [c.country_code for c in cities]
        # A city without a country matches by name alone, in any country.
        by_country = all(codes)
        params: dict[str, Any] = {"names": sorted({c.folded_name for c in cities})}
        if by_country:
            params["codes"] = sorted({code.strip().upper() for code in codes if code})
        found = rows(_statement(today, by_city=True, by_country=by_country), params)
    return [RegistryRow(aid, rid, ExistingAgreement(name, country, Category(category),
                                                    agreement_id=aid, from_request_id=rid))
            for aid, rid, name, country, category in found]


@lru_cache(maxsize=8)
def _statement(today: date, *, by_city: bool, by_country: bool) -> Select[Any]:
    """Return the registry's query on ``today``, its cities and countries left as parameters.

    One statement object a day and shape: SQLAlchemy then computes its cache key once,
    where building the query afresh cost as much as running it.
    """
    query = (select(Agreement.id, Agreement.request_id,
                    func.coalesce(_LinkedCity.name, Agreement.counterpart_name),
                    func.coalesce(_LinkedCity.country_code, Agreement.country_code),
                    Agreement.category)
             .outerjoin(_LinkedCity, Agreement.counterpart_city_id == _LinkedCity.id)
             .where(current_condition(today), Agreement.category.is_not(None)))
    if not by_city:
        return query
    unlinked: Any = Agreement.counterpart_city_id.is_(None)
    if by_country:
        unlinked = and_(unlinked, or_(
            Agreement.country_code.is_(None), Agreement.country_code == "",
            func.upper(func.trim(Agreement.country_code)).in_(
                bindparam("codes", expanding=True))))
    # The linked cities are named through their ids, not the joined row, so that both
    # databases read the agreements of those cities and the unlinked ones by the index on
    # counterpart_city_id: the cost stays flat as the registry grows (scanning every
    # agreement took 6 ms a request at 100,000 requests on SQLite).
    linked = Agreement.counterpart_city_id.in_(
        select(CounterpartCity.id).where(
            CounterpartCity.folded_name.in_(bindparam("names", expanding=True))))
    return query.where(or_(unlinked, linked))
