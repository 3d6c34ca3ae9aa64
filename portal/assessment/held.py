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

from sqlalchemy import and_, bindparam, event, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from portal.extensions import db
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
_READ = "active_registry"


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_READ, None)


for _moment in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _moment, _forget)


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
    key = (today, None if cities is None else
           tuple(sorted({(c.folded_name, c.country_code or "") for c in cities})))
    read: dict[Any, list[RegistryRow]] = db.session.info.setdefault(_READ, {})
    if key not in read:
        read[key] = _read(today, cities)
    return list(read[key])


def _read(today: date, cities: Collection[CounterpartCity] | None) -> list[RegistryRow]:
    if cities is None:
        rows = list(db.session.execute(_statement(today, None)))
    else:
        codes = [c.country_code for c in cities]
        by_country = all(codes)  # a city without a country matches by name alone, in any country
        values = {"names": sorted({c.folded_name for c in cities}),
                  "codes": sorted({(code or "").strip().upper() for code in codes})}
        rows = sorted(db.session.execute(_statement(today, by_country), values),
                      key=lambda row: row[0])  # in the registry's order
    return [RegistryRow(aid, rid, ExistingAgreement(name, country, Category(category),
                                                    agreement_id=aid, from_request_id=rid))
            for aid, rid, name, country, category in rows]


@lru_cache(maxsize=4)
def _statement(today: date, by_country: bool | None) -> Any:
    """Return the query of the registry on ``today``: all of it (``None``), or by city.

    Built once a day: SQLAlchemy spends more building it than the database spends running it.
    By city, it takes the cities' folded ``names`` and, ``by_country``, their ``codes``.
    """
    query: Any = (select(Agreement.id, Agreement.request_id,
                         func.coalesce(_LinkedCity.name, Agreement.counterpart_name),
                         func.coalesce(_LinkedCity.country_code, Agreement.country_code),
                         Agreement.category)
                  .outerjoin(_LinkedCity, Agreement.counterpart_city_id == _LinkedCity.id)
                  .where(current_condition(today), Agreement.category.is_not(None)))
    if by_country is None:
        return query
    unlinked: Any = Agreement.counterpart_city_id.is_(None)
    if by_country:
        unlinked = and_(unlinked, or_(
            Agreement.country_code.is_(None), Agreement.country_code == "",
            func.upper(func.trim(Agreement.country_code)).in_(
                bindparam("codes", expanding=True))))
    # Two reads joined, not one with OR: each reaches its few agreements through an index
    # (the linked city's name, the missing link), where the OR made both databases read the
    # whole registry, a cost growing with every agreement signed.
    return union_all(
        query.where(unlinked),
        query.where(_LinkedCity.folded_name.in_(bindparam("names", expanding=True))))
