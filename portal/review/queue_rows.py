"""Read the rows of a queue page: each request's own columns and the names joined to it.

A row shows a dozen values of a request, its city, its sponsor, its assignee and its
current score. They are read as plain columns, not as ORM objects: fifty requests with
their city, division, assignee and assessment made two hundred objects a page, each with
its identity and change tracking, for values only printed. The rows are read by the ids
``portal.review.queue`` chose (narrowed to what the user may see, filtered, sorted and
paged). Ageing and risk flags are the policy's, computed for the page's rows only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import aliased

from portal import calendar
from portal.assessment import settings
from portal.assessment.held import RegistryRow, active_registry
from portal.database import on_postgresql, one_of, rows
from portal.models import Assessment, CounterpartCity, Division, EngagementRequest, User
from portal.models.requests import title_or_city
from portal.policy.answers import RequestAnswers
from portal.policy.categories import Category, parse_category
from portal.policy.lifecycle import Status
from portal.policy.registry import city_key
from portal.policy.risk import RiskNote, risk_flags
from portal.policy.scoring import Band
from portal.policy.service_targets import is_ageing

CurrentAssessment = aliased(Assessment)
Assignee = aliased(User)


# Not frozen, as no code changes them: a frozen dataclass sets each field through
# object.__setattr__, ten times the cost of a plain one's (2.8 µs against 0.25 for nineteen
# fields), and a page makes fifty of each of these.
@dataclass(slots=True)
class QueuedRequest:
    """A request as its queue row reads it, with the names of what it is tied to."""

    id: int
    reference: str | None
    title: str
    status: str
    origin: str
    requested_category: str | None
    renews_agreement_id: int | None
    promotes_agreement_id: int | None
    reputational_concern: str
    status_changed_at: datetime
    submitted_at: datetime | None
    city_name: str | None
    folded_name: str | None  # the city's, as the registry matches names
    country_code: str | None
    division_name: str | None
    division_code: str | None
    assignee_name: str | None
    score_percent: float | None  # the current assessment's total, if scored
    band: str | None

    @property
    def display_title(self) -> str:
        """Return a name for the request that is never empty (as the request's own)."""
        return title_or_city(self.title, self.city_name)

    @property
    def category(self) -> Category | None:
        """Return the category asked for, or None when not yet chosen or not sure."""
        return parse_category(self.requested_category)

    @property
    def status_enum(self) -> Status:
        """Return where the request stands."""
        return Status(self.status)

    @property
    def band_enum(self) -> Band | None:
        """Return the band of the current score, if scored."""
        return Band(self.band) if self.band else None


# The columns in QueuedRequest's order.
_COLUMNS = (EngagementRequest.id, EngagementRequest.reference, EngagementRequest.title,
            EngagementRequest.status, EngagementRequest.origin,
            EngagementRequest.requested_category, EngagementRequest.renews_agreement_id,
            EngagementRequest.promotes_agreement_id, EngagementRequest.reputational_concern,
            EngagementRequest.status_changed_at, EngagementRequest.submitted_at,
            CounterpartCity.name, CounterpartCity.folded_name, CounterpartCity.country_code,
            Division.name, Division.code, Assignee.name, CurrentAssessment.total_percent,
            CurrentAssessment.band)


@dataclass(slots=True)  # not frozen, for QueuedRequest's reason
class QueueRow:
    """One request as the queue shows it."""

    request: QueuedRequest
    risks: list[RiskNote]
    days_waiting: int
    ageing: bool


def with_city(query: Select[Any]) -> Select[Any]:
    """Return ``query`` with each request's counterpart city joined, if it has one."""
    return query.outerjoin(CounterpartCity,
                           EngagementRequest.counterpart_city_id == CounterpartCity.id)


def with_assessment(query: Select[Any]) -> Select[Any]:
    """Return ``query`` with each request's current assessment joined, if scored."""
    return query.outerjoin(CurrentAssessment, and_(
        CurrentAssessment.request_id == EngagementRequest.id,
        CurrentAssessment.is_current.is_(True)))


def with_division(query: Select[Any]) -> Select[Any]:
    """Return ``query`` with each request's sponsoring division joined, if it has one."""
    return query.outerjoin(Division, EngagementRequest.sponsoring_division_id == Division.id)


def with_assignee(query: Select[Any]) -> Select[Any]:
    """Return ``query`` with each request's assignee joined, if assigned."""
    return query.outerjoin(Assignee, EngagementRequest.assignee_id == Assignee.id)


@lru_cache(maxsize=2)
def _by_ids(arrays: bool) -> Select[Any]:
    # The page's rows by their ids: one statement object (per database), so SQLAlchemy
    # builds and keys it once.
    return with_assessment(with_assignee(with_division(with_city(select(*_COLUMNS))))).where(
        one_of(EngagementRequest.id, "ids", arrays=arrays))


# A download of the whole queue asks for every id: read in lists no database refuses
# (SQLite, given a parameter an id, takes 32,766 a statement unless built otherwise).
_IDS_AT_ONCE = 1_000


def read_rows(ids: Select[Any]) -> list[QueuedRequest]:
    """Return the requests whose ids ``ids`` selects, in its order.

    ``ids`` is the page's query (``portal.review.queue``), already narrowed to what the
    user may see; its fifty ids are read first, then their rows by one statement built
    once. Built afresh around each page's query, the row statement cost SQLAlchemy more
    (building it, its cache key, matching its columns to the cached form) than the database
    spent running it.
    """
    page = [request_id for (request_id,) in rows(ids)]
    if not page:
        return []
    found: dict[int, QueuedRequest] = {}
    by_ids = _by_ids(on_postgresql())
    for start in range(0, len(page), _IDS_AT_ONCE):
        found.update((row[0], QueuedRequest(*row))
                     for row in rows(by_ids, {"ids": page[start:start + _IDS_AT_ONCE]}))
    return [found[request_id] for request_id in page if request_id in found]


def queue_rows(requests: list[QueuedRequest], today: date) -> list[QueueRow]:
    """Return each request with its risk flags, its days waiting and whether it is ageing."""
    countries = settings.consultation_countries()
    targets = settings.service_targets()
    # The days the City was closed since the longest-waiting row: read once for the page.
    closed = calendar.closed_days(min((req.status_changed_at.date() for req in requests),
                                      default=today), today)
    # Only the agreements that may be with the page's cities are read, and each row is
    # compared with those of its own city's name only (the policy matches names first).
    registry: dict[str, list[RegistryRow]] = defaultdict(list)
    cities = {(req.folded_name, req.country_code) for req in requests
              if req.folded_name is not None}
    for found in active_registry(cities=cities):
        registry[city_key(found.agreement.counterpart_city)].append(found)
    shown = []
    for req in requests:
        # The fields the risk rules read, the request's own ids among them, as the request's
        # page gives them (``assessment.answers_of``).
        answers = RequestAnswers(
            category=req.category, country_code=req.country_code,
            counterpart_city=req.city_name or "", request_id=req.id,
            renews_agreement_id=req.renews_agreement_id,
            promotes_agreement_id=req.promotes_agreement_id,
            promotes_agreement=req.promotes_agreement_id is not None)
        nearby = registry.get(city_key(req.city_name), []) if req.city_name is not None else []
        notes = risk_flags(answers, [row.agreement for row in nearby],
                           sanctioned_countries=countries,
                           reputational_concern=req.reputational_concern)
        since = req.status_changed_at.date()
        shown.append(QueueRow(req, notes, (today - since).days,
                              is_ageing(req.status_enum, since, today, targets, closed)))
    return shown
