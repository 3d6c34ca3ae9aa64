"""List agreements: the staff registry (filtered, sorted, counted) and the public registry.

Where an agreement stands is derived from its dates (``policy.agreement_states.status_on``);
so that the staff registry still filters, sorts, counts and pages in SQL (one query a page
however many agreements there are) it reads the same rule as SQL, ``state_sql`` beside the
model in ``portal.models.agreements``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import joinedload

from portal.access import speaks_for
from portal.extensions import db
from portal.models import Agreement, Division, User
from portal.models.agreements import current_condition, review_due_condition, state_sql
from portal.models.cities import country_name, local_country_name
from portal.models.listing import page_count, page_number, paginate, pick
from portal.models.sorting import by_key
from portal.policy.agreement_states import (
    CURRENT_STATES,
    STATE_LABELS,
    AgreementState,
    is_review_due,
)
from portal.policy.agreements import DEFAULT_REVIEW_WINDOW_DAYS
from portal.policy.categories import Category
from portal.policy.open_data import FIELD_NAMES, public_status

REVIEW_DUE = "review_due"
"""The registry filter of agreements ending soon on which nothing is decided yet."""

PER_PAGE = 50
SORTS = ("city", "category", "status", "end_date", "established")


# The staff registry ---------------------------------------------------------------------

@dataclass(frozen=True)
class RegistryFilters:
    """What the staff registry shows; every field comes from the URL, so views bookmark."""

    status: str = ""
    category: str = ""
    kind: str = ""  # "city" (city-to-city) or "other"
    sort: str = "city"
    direction: str = "asc"
    page: int = 1

    @property
    def narrowed(self) -> bool:
        """Return whether a filter beyond the status is set."""
        return bool(self.category or self.kind)

    def args(self, **changes: Any) -> dict[str, Any]:
        """Return the URL arguments of these filters with ``changes``, empty ones left out."""
        values = {**self.__dict__, **changes}
        defaults = {"sort": "city", "direction": "asc", "page": 1}
        return {k: v for k, v in values.items()
                if v not in ("", None) and defaults.get(k) != v}


STATUS_FILTERS = (*(s.value for s in AgreementState), REVIEW_DUE)
STATUS_FILTER_LABELS = {**{s.value: label for s, label in STATE_LABELS.items()},
                        REVIEW_DUE: "Review due"}
CATEGORY_FILTERS = (*(c.value for c in Category), "none")


def parse_filters(args: Mapping[str, str]) -> RegistryFilters:
    """Read the filters from URL arguments, ignoring any value that is not one of ours."""
    return RegistryFilters(
        status=pick(args, "status", STATUS_FILTERS),
        category=pick(args, "category", CATEGORY_FILTERS),
        kind=pick(args, "kind", ("city", "other")),
        sort=pick(args, "sort", SORTS) or "city",
        direction="desc" if args.get("direction") == "desc" else "asc",
        page=page_number(args),
    )


def _status_condition(status: str, today: date, window_days: int) -> Any:
    if status == REVIEW_DUE:
        return review_due_condition(today, window_days)
    return state_sql(today, window_days) == status


def _filtered(query: Select[Any], filters: RegistryFilters, today: date,
              window_days: int) -> Select[Any]:
    if filters.status:
        query = query.where(_status_condition(filters.status, today, window_days))
    if filters.category == "none":
        query = query.where(Agreement.category.is_(None))
    elif filters.category:
        query = query.where(Agreement.category == filters.category)
    if filters.kind:
        query = query.where(Agreement.is_city_to_city.is_(filters.kind == "city"))
    return query


def _ordered(query: Select[Any], filters: RegistryFilters, today: date,
             window_days: int) -> Select[Any]:
    name = by_key(Agreement.counterpart_sort_name)
    # States sort in the order of the lifecycle (signed first, historical last), not by name.
    lifecycle = case({s.value: i for i, s in enumerate(AgreementState)},
                     value=state_sql(today, window_days))
    column = {"city": name, "category": Agreement.category,
              "status": lifecycle, "end_date": Agreement.end_date,
              "established": Agreement.established_year}[filters.sort]
    ordered = column.desc() if filters.direction == "desc" else column.asc()
    return query.order_by(ordered.nulls_last(), name, Agreement.id)


@dataclass(frozen=True)
class RegistryRow:
    """One agreement as the staff registry shows it."""

    agreement: Agreement
    state: AgreementState
    review_due: bool

    @property
    def standing(self) -> str:
        """Return the state's value (the registry's filter name for it)."""
        return self.state.value

    @property
    def country(self) -> str:
        """Return the counterpart's country, by name, in the page's language."""
        return local_country_name(self.agreement.country_code)


@dataclass
class RegistryPage:
    """A page of the staff registry, with the count under each state."""

    filters: RegistryFilters
    rows: list[RegistryRow]
    total: int
    counts: dict[str, int] = field(default_factory=dict)

    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        """Return how many pages the matching agreements fill."""
        return page_count(self.total, self.per_page)


def registry_page(filters: RegistryFilters, today: date,
                  window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> RegistryPage:
    """Return the agreements matching ``filters``, one page of them, sorted as asked."""
    query = (_ordered(_filtered(select(Agreement), filters, today, window_days), filters, today,
                      window_days).options(joinedload(Agreement.lead_division)))
    found = paginate(query, filters.page, PER_PAGE)
    rows = [row_for(a, today, window_days) for a in found.items]
    return RegistryPage(filters, rows, found.total or 0, status_counts(today, window_days))


def row_for(agreement: Agreement, today: date, window_days: int) -> RegistryRow:
    """Return ``agreement`` with its state as the registry shows it on ``today``."""
    return RegistryRow(agreement, agreement.state_on(today, window_days),
                       is_review_due(agreement.dates, today, window_days))


def status_counts(today: date, window_days: int) -> dict[str, int]:
    """Return how many agreements are in each state, and how many are due for review."""
    counts = {s: 0 for s in STATUS_FILTERS}
    state = state_sql(today, window_days)
    for value, number in db.session.execute(select(state, func.count()).group_by(state)):
        counts[value] = number
    counts[REVIEW_DUE] = db.session.scalar(select(func.count(Agreement.id)).where(
        review_due_condition(today, window_days))) or 0
    counts["all"] = sum(counts[s.value] for s in AgreementState)
    return counts
# The public registry ----------------------------------------------------------------------

@dataclass(frozen=True)
class PublicEntry:
    """What the public may know of one agreement: no notes, people, requests or copies."""

    public_id: str
    name: str
    country: str
    country_code: str | None
    category: str | None
    status: str
    city_to_city: bool
    established_year: int | None
    start_date: date | None
    end_date: date | None
    lead_division: str | None

    @property
    def category_label(self) -> str | None:
        """Return the category's name, if the agreement has one."""
        return Category(self.category).label if self.category else None

    @property
    def status_label(self) -> str:
        """Return the state's name; a signed agreement says when it comes into force."""
        return public_status(AgreementState(self.status), self.start_date)

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as JSON values, the open data's fields in their order.

        The fields ``policy.open_data`` describes; dates not recorded are null.
        """
        values = {
            "id": self.public_id, "name": self.name, "country": self.country,
            "country_code": self.country_code, "category": self.category_label,
            "category_code": self.category, "status": self.status_label,
            "status_code": self.status, "city_to_city": self.city_to_city,
            "established_year": self.established_year,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "lead_division": self.lead_division,
        }
        return {name: values[name] for name in FIELD_NAMES}


@dataclass(frozen=True)
class PublicRegistry:
    """The registry as anyone may read it: current agreements by category, then the past."""

    partnership_cities: list[PublicEntry]
    international_projects: list[PublicEntry]
    historical: list[PublicEntry]

    def to_dict(self) -> dict[str, Any]:
        """Return the registry as JSON values."""
        return {"partnership_cities": [e.to_dict() for e in self.partnership_cities],
                "international_projects": [e.to_dict() for e in self.international_projects],
                "historical": [e.to_dict() for e in self.historical]}

    @property
    def entries(self) -> list[PublicEntry]:
        """Return every entry, in the order the page and the JSON list them."""
        return [*self.partnership_cities, *self.international_projects, *self.historical]


def _public_columns(today: date) -> tuple[Any, ...]:
    """Return what the public registry reads of each agreement on ``today``, in ``_public``'s order.

    Its columns and its state (``state_sql``: the policy's ``status_on`` in SQL), not the
    whole record: a registry of thousands of agreements made as many ORM objects (with their
    divisions) only to copy a few values out of each.
    """
    return (Agreement.public_id, Agreement.counterpart_name, Agreement.country_code,
            Agreement.category, state_sql(today), Agreement.is_city_to_city,
            Agreement.established_year, Agreement.start_date, Agreement.end_date,
            Division.name)


def _public(row: Any) -> PublicEntry:
    public_id, name, code, category, state, city_to_city, established, start, end, division = row
    return PublicEntry(
        public_id=public_id, name=name, country=country_name(code), country_code=code,
        category=category, status=state, city_to_city=city_to_city,
        established_year=established, start_date=start, end_date=end, lead_division=division)


def public_registry(today: date | None = None) -> PublicRegistry:
    """Return the public registry: agreements the City holds by category, and every past one.

    An agreement signed but not yet in force is held: it is listed with the current ones,
    saying when it comes into force.
    """
    today = today or date.today()
    found = db.session.execute(
        select(*_public_columns(today))
        .outerjoin(Division, Agreement.lead_division_id == Division.id)
        .order_by(by_key(Agreement.counterpart_sort_name), Agreement.id))
    entries = [_public(row) for row in found]
    held = {s.value for s in CURRENT_STATES}
    current = [e for e in entries if e.status in held]
    return PublicRegistry(
        partnership_cities=[e for e in current
                            if e.category == Category.PARTNERSHIP_CITY.value],
        international_projects=[e for e in current
                                if e.category == Category.INTERNATIONAL_PROJECT.value],
        historical=[e for e in entries if e.status not in held])


def own_city_agreements(user: User, today: date | None = None) -> list[Agreement]:
    """Return the agreements a verified representative's own city holds."""
    if not speaks_for(user, user.city_id):
        return []
    return list(db.session.scalars(select(Agreement).where(
        Agreement.counterpart_city_id == user.city_id,
        current_condition(today or date.today())).order_by(Agreement.id)))
