"""Read the agreements the City holds as the policy compares them with a request.

The overlap flag and the duplicate notice (through ``services.active_agreements``) and the
review queue's overlap filter all ask here, so they read the registry the same way: an
agreement in force (its derived state, in SQL) with its city, by the linked record or by
the name and country it records.

A worker keeps the whole registry from one request to the next while no agreement or city
changes (``portal.kept_reference``), and each page takes its cities' agreements from it.
Where nothing may be kept (a job, a request that has written), the agreements of the cities
asked are read, and kept in the session until it next writes, commits or rolls back: a page
reads the registry once either way, and a change is always seen.
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
from portal.kept_reference import REGISTRY, kept_or_none
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
    """Return every active agreement in the registry (kept by the worker, or one query).

    An agreement linked to a counterpart city is that city (its name and country); one
    linked to none is matched by the name and country it records. The review queue's
    overlap filter reads agreements the same way (``portal.review.queue``).

    With ``cities`` (each a folded name and a country code), return only the agreements
    that may be with one of them, as the policy matches cities
    (``portal.policy.registry.same_city``): those linked to a city of the same folded name,
    or to none, and then in one of their countries, or in none. The policy
    still decides which are the same city; read from the database, this spares reading the
    rest of the registry, so the cost stays flat as the registry grows.
    """
    today = date.today()
    whole = kept_or_none(REGISTRY, ("active_registry", today), lambda: _Registry(today))
    if whole is not None:
        return whole.near(cities)
    asked = ("all" if cities is None else
             tuple(sorted({(name, code or "") for name, code in cities})))
    return list(remembered(("active_registry", today, asked), lambda: _read(today, cities)))


class _Registry:
    """Every active agreement, found as ``_read`` finds them for the cities asked, kept whole.

    A worker keeps it while no agreement or city changes (``portal.kept_reference``); a page
    then takes its cities' agreements from it, in Python, as the query would have chosen them:
    those linked to a city of one of the folded names, and those linked to none, in one of
    the cities' countries or in none (in any country if a city has none).
    """

    def __init__(self, today: date) -> None:
        self.every: list[RegistryRow] = []
        self.linked: dict[str, list[RegistryRow]] = {}  # by the linked city's folded name
        # By the country recorded, as the query compares it; None: none recorded ("" or NULL).
        self.unlinked: dict[str | None, list[RegistryRow]] = {}
        self.unlinked_all: list[RegistryRow] = []
        for *columns, folded, recorded in rows(_whole(today)):
            found = _registry_row(*columns)
            self.every.append(found)
            if folded is not None:
                self.linked.setdefault(folded, []).append(found)
            else:
                code = recorded.strip().upper() if recorded else None
                self.unlinked.setdefault(code, []).append(found)
                self.unlinked_all.append(found)

    def near(self, cities: Collection[CityName] | None) -> list[RegistryRow]:
        """Return the agreements that may be with one of ``cities`` (all, if None)."""
        if cities is None:
            return list(self.every)
        found = [row for name in {name for name, _code in cities}
                 for row in self.linked.get(name, ())]
        codes = [code for _name, code in cities]
        if all(codes):
            # As the query: recorded with no country ("" or none), or in one of the cities'.
            found += self.unlinked.get(None, ())
            found += [row for code in {code.strip().upper() for code in codes if code}
                      for row in self.unlinked.get(code, ())]
        else:
            found += self.unlinked_all
        return sorted(found, key=_by_agreement)


def _by_agreement(row: RegistryRow) -> int:
    return row.agreement_id


@lru_cache(maxsize=4)
def _whole(today: date) -> Executable:
    """Return the query of every active agreement, then what ``_Registry.near`` chooses by.

    Its first five columns are those of ``_statement``'s query by city (``_registry_row``).
    """
    return (select(Agreement.id, Agreement.request_id,
                   func.coalesce(_LinkedCity.name, Agreement.counterpart_name),
                   func.coalesce(_LinkedCity.country_code, Agreement.country_code),
                   Agreement.category, _LinkedCity.folded_name, Agreement.country_code)
            .outerjoin(_LinkedCity, Agreement.counterpart_city_id == _LinkedCity.id)
            .where(current_condition(today), Agreement.category.is_not(None))
            .order_by(Agreement.id))


def _read(today: date, cities: Collection[CityName] | None) -> list[RegistryRow]:
    if cities is None:
        found = (row[:5] for row in rows(_whole(today)))
    else:
        codes = [code for _name, code in cities]
        # A city without a country matches by name alone, in any country.
        by_country = all(codes)
        params: dict[str, Any] = {"names": sorted({name for name, _code in cities})}
        if by_country:
            params["codes"] = sorted({code.strip().upper() for code in codes if code})
        found = rows(_statement(today, by_country=by_country, arrays=on_postgresql()), params)
    return [_registry_row(*columns) for columns in found]


def _registry_row(aid: int, rid: int | None, name: str, country: str | None,
                  category: str) -> RegistryRow:
    return RegistryRow(aid, rid, ExistingAgreement(name, country, _CATEGORIES[category],
                                                   agreement_id=aid, from_request_id=rid))


# A registry row's category by its stored value: looked up, not called, for each of hundreds.
_CATEGORIES = {category.value: category for category in Category}


@lru_cache(maxsize=16)
def _statement(today: date, *, by_country: bool, arrays: bool) -> Executable:
    """Return the registry's query by city on ``today``, its cities and countries parameters.

    One statement object a day and shape: SQLAlchemy then computes its cache key once,
    where building the query afresh cost as much as running it.
    """
    current = (current_condition(today), Agreement.category.is_not(None))
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
