"""Build the CCO's review queue: filters from the URL, sorting, paging and counts.

One query fetches a page of rows with everything a row shows (city, division, assignee,
current score) joined in, so the number of statements does not grow with the rows shown;
it sorts and pages the ids alone first, in a subquery that joins only what the filters and
the sort read, then reads those rows whole. One more reads the count of each status, and
the total is one of those counts. Unfiltered or narrowed to a category only, the counts
are those the database keeps up to date (``RequestStatusCount``); filtered otherwise, they
count the matches, joining only what the filters read. Ageing and risk flags are computed
by the policy for the rows on the page only, against the days the City was closed (read
once) and the active agreements of the page's cities only, so the page's cost does not
grow with the years of requests behind it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import aliased, contains_eager, load_only

from portal import calendar
from portal.access import ROLES_SEEING_ALL_SUBMITTED, visible_requests
from portal.assessment import settings
from portal.assessment.held import RegistryRow, active_registry
from portal.extensions import db
from portal.models import (
    Assessment,
    CounterpartCity,
    Division,
    EngagementRequest,
    RequestStatusCount,
    User,
)
from portal.models.listing import page_count, page_number, pick, positive_int
from portal.models.sorting import by_key
from portal.policy.answers import Origin, RequestAnswers
from portal.policy.categories import NOT_SURE, Category
from portal.policy.lifecycle import Status
from portal.policy.registry import city_key
from portal.policy.risk import RiskFlag, RiskNote, risk_flags
from portal.policy.scoring import Band
from portal.policy.service_targets import is_ageing
from portal.policy.text import clean_text
from portal.review import search
from portal.review.overlap_sql import overlaps_condition

PER_PAGE = 50
SORTS = ("submitted", "reference", "city", "country", "category", "origin", "division",
         "score", "status", "assignee", "waiting")


@dataclass(frozen=True)
class QueueFilters:
    """What the reviewer asked to see; every field comes from the URL, so views bookmark."""

    status: str = ""
    category: str = ""
    origin: str = ""
    band: str = ""
    assignee: str = ""  # "mine", "unassigned" or a user id
    risk: str = ""
    division: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    q: str = ""
    sort: str = "submitted"
    direction: str = "desc"
    page: int = 1

    @property
    def narrowed(self) -> bool:
        """Return whether any filter or search beyond the status is set."""
        return any((self.category, self.origin, self.band, self.assignee, self.risk,
                    self.division, self.submitted_from, self.submitted_to, self.q))

    def args(self, **changes: Any) -> dict[str, Any]:
        """Return the URL arguments of these filters with ``changes``, empty ones left out."""
        values = {**self.__dict__, **changes}
        return {k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in values.items() if v not in ("", None) and not (k == "page" and v == 1)}


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse_filters(args: Mapping[str, str]) -> QueueFilters:
    """Read the filters from URL arguments, ignoring any value that is not one of ours."""
    # An id is kept as the number it reads as: "1\x1f" passes positive_int's strip(), which
    # int() itself would refuse later.
    assignee = args.get("assignee", "")
    if assignee not in ("mine", "unassigned"):
        assignee = str(positive_int(assignee) or "")
    division = str(positive_int(args.get("division", "")) or "")
    return QueueFilters(
        status=pick(args, "status", (s.value for s in Status if s is not Status.DRAFT)),
        category=pick(args, "category", [*(c.value for c in Category), NOT_SURE]),
        origin=pick(args, "origin", (o.value for o in Origin)),
        band=pick(args, "band", (b.value for b in Band)),
        assignee=assignee,
        risk=pick(args, "risk", (r.value for r in RiskFlag)),
        division=division,
        submitted_from=_date(args.get("submitted_from")),
        submitted_to=_date(args.get("submitted_to")),
        # Typed text: cleaned as every form's text is (PostgreSQL refuses a NUL byte).
        q=clean_text(args.get("q", ""))[:100],
        sort=pick(args, "sort", SORTS) or "submitted",
        direction="asc" if args.get("direction") == "asc" else "desc",
        page=page_number(args),
    )


@dataclass(frozen=True)
class QueueRow:
    """One request as the queue shows it."""

    request: EngagementRequest
    assessment: Assessment | None
    risks: list[RiskNote]
    days_waiting: int
    ageing: bool


@dataclass(frozen=True)
class QueuePage:
    """A page of the queue, with the totals the reviewer sees beside it."""

    rows: list[QueueRow]
    total: int
    counts: dict[Status, int]
    filters: QueueFilters
    per_page: int = PER_PAGE
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages", page_count(self.total, self.per_page))


_CurrentAssessment = aliased(Assessment)
_Assignee = aliased(User)


def _with_city(query: Select[Any]) -> Select[Any]:
    return query.outerjoin(EngagementRequest.counterpart_city)


def _with_assessment(query: Select[Any]) -> Select[Any]:
    return query.outerjoin(_CurrentAssessment, and_(
        _CurrentAssessment.request_id == EngagementRequest.id,
        _CurrentAssessment.is_current.is_(True)))


def _with_division(query: Select[Any]) -> Select[Any]:
    return query.outerjoin(EngagementRequest.sponsoring_division)


def _with_assignee(query: Select[Any]) -> Select[Any]:
    return query.outerjoin(_Assignee, EngagementRequest.assignee_id == _Assignee.id)


def _base(user: User) -> Select[Any]:
    query = _with_assessment(_with_assignee(_with_division(_with_city(
        select(EngagementRequest)))))
    return visible_requests(user, query)


def _page_ids(user: User, f: QueueFilters, per_page: int, walk: bool = False,
              ) -> Select[Any]:
    """Return the ids of the page's requests, in order, joining only what is read.

    Sorting and paging ids alone (with the one column sorted on) is much lighter than
    sorting whole rows with everything joined to them; the page's rows are then read by id.
    """
    query = select(EngagementRequest.id)
    if f.risk == RiskFlag.FEDERAL_CONSULTATION.value or f.sort in ("city", "country"):
        query = _with_city(query)
    if f.sort == "division":
        query = _with_division(query)
    if f.sort == "assignee":
        query = _with_assignee(query)
    if f.band:
        query = _with_assessment(query)
    query = _filtered(visible_requests(user, query), f, user, walk=walk)
    if f.sort == "submitted" and user.role_enum in ROLES_SEEING_ALL_SUBMITTED:
        # These see submitted requests only, and only those have a submission time (a CHECK
        # constraint holds it): said outright, it lets the submission-time index skip the
        # drafts, which PostgreSQL sorts first when the newest are asked for.
        query = query.where(EngagementRequest.submitted_at.is_not(None))
    if f.status:
        query = query.where(EngagementRequest.status == f.status)
    return _ordered(query, f).limit(per_page).offset((f.page - 1) * per_page)


def _status_counts(user: User, f: QueueFilters) -> dict[Status, int]:
    """Return how many requests ``f`` matches in each status (the status filter aside).

    A reviewer who sees every submitted request and narrows nothing but the category sees
    the counts the database keeps (``RequestStatusCount``, by status and category); any
    other view counts its matches.
    """
    if replace(f, category="").narrowed or user.role_enum not in ROLES_SEEING_ALL_SUBMITTED:
        return {Status(s): n for s, n in db.session.execute(_counted(user, f))}
    requests = func.sum(RequestStatusCount.requests)
    kept = select(RequestStatusCount.status, requests).where(
        RequestStatusCount.status != Status.DRAFT.value)
    if f.category:
        kept = kept.where(RequestStatusCount.category == f.category)
    kept = kept.group_by(RequestStatusCount.status).having(requests > 0)
    return {Status(s): int(n) for s, n in db.session.execute(kept)}


def _counted(user: User, f: QueueFilters) -> Select[Any]:
    """Return the count of each status among the requests ``f`` matches (any status).

    Each join the page needs leads to at most one row, so only the joins the filters read
    are made: counting then reads the requests' own index, not every joined table.
    """
    query = select(EngagementRequest.status, func.count(EngagementRequest.id))
    if f.risk == RiskFlag.FEDERAL_CONSULTATION.value:
        query = _with_city(query)
    if f.band:
        query = _with_assessment(query)
    return _filtered(visible_requests(user, query), f, user).group_by(EngagementRequest.status)


def _filtered(query: Select[Any], f: QueueFilters, user: User, walk: bool = False,
              ) -> Select[Any]:
    where: list[Any] = []
    if f.category:
        where.append(EngagementRequest.requested_category == f.category)
    if f.origin:
        where.append(EngagementRequest.origin == f.origin)
    if f.band:
        where.append(_CurrentAssessment.band == f.band)
    if f.assignee == "mine":
        where.append(EngagementRequest.assignee_id == user.id)
    elif f.assignee == "unassigned":
        where.append(EngagementRequest.assignee_id.is_(None))
    elif f.assignee:
        where.append(EngagementRequest.assignee_id == int(f.assignee))
    if f.division:
        where.append(EngagementRequest.sponsoring_division_id == int(f.division))
    if f.submitted_from:
        where.append(EngagementRequest.submitted_at >= datetime.combine(f.submitted_from,
                                                                        datetime.min.time()))
    if f.submitted_to:
        where.append(EngagementRequest.submitted_at < datetime.combine(
            f.submitted_to + timedelta(days=1), datetime.min.time()))
    if f.risk == RiskFlag.FEDERAL_CONSULTATION.value:
        where.append(CounterpartCity.country_code.in_(sorted(settings.consultation_countries())))
    elif f.risk == RiskFlag.REPUTATIONAL.value:
        where.append(EngagementRequest.reputational_concern != "")
    elif f.risk == RiskFlag.OVERLAP.value:
        where.append(overlaps_condition())
    if f.q:
        query = search.narrowed(query, f.q, walk=walk)
    return query.where(*where)


# The sorts read from an index of the requests' own, which a search's page may walk.
_WALKED = ("submitted", "reference", "score", "status", "waiting")


def _walks(user: User, f: QueueFilters, total: int, per_page: int) -> bool:
    """Return whether the search's page should walk the sort's index (``search.narrowed``).

    Walking reads about (page * per_page) * requests / matches index entries; looking the
    matches up reads each match's row, at about four times an entry's cost. The requests a
    reviewer sees are the kept counts' sum (of the status asked for, if any).
    """
    if (not f.q or f.sort not in _WALKED or total == 0 or not search.walks()
            or user.role_enum not in ROLES_SEEING_ALL_SUBMITTED):
        return False
    kept = select(func.sum(RequestStatusCount.requests)).where(
        RequestStatusCount.status != Status.DRAFT.value)
    if f.status:
        kept = kept.where(RequestStatusCount.status == f.status)
    requests = db.session.scalar(kept) or 0
    return f.page * per_page * requests <= 4 * total * total




_SORT_COLUMNS: dict[str, Any] = {
    "submitted": EngagementRequest.submitted_at,
    "reference": EngagementRequest.reference,
    "city": by_key(CounterpartCity.sort_name),
    "country": CounterpartCity.country_code,
    "category": EngagementRequest.requested_category,
    "origin": EngagementRequest.origin,
    "division": Division.name,
    "score": EngagementRequest.score_percent,  # the current assessment's, kept on the request
    "status": EngagementRequest.status,
    "assignee": _Assignee.name,
    "waiting": EngagementRequest.status_changed_at,
}


def _ordered(query: Select[Any], f: QueueFilters) -> Select[Any]:
    column = _SORT_COLUMNS[f.sort]
    # "Waiting longest" is the oldest change first, so its natural order is reversed.
    descending = (f.direction == "desc") != (f.sort == "waiting")
    primary = column.desc() if descending else column.asc()
    if f.sort == "score":
        # Requests not yet scored come last best-first and first worst-first, on either
        # database (PostgreSQL would put them first best-first); the index has them so.
        primary = primary.nulls_last() if descending else primary.nulls_first()
    return query.order_by(primary, EngagementRequest.id.desc())


def _rows(requests: list[tuple[EngagementRequest, Assessment | None]], today: date,
          ) -> list[QueueRow]:
    countries = settings.consultation_countries()
    targets = settings.service_targets()
    # The days the City was closed since the longest-waiting row: read once for the page.
    closed = calendar.closed_days(min((req.status_changed_at.date() for req, _ in requests),
                                      default=today), today)
    # Only the agreements that may be with the page's cities are read, and each row is
    # compared with those of its own city's name only (the policy matches names first).
    registry: dict[str, list[RegistryRow]] = defaultdict(list)
    for found in active_registry(cities=[req.counterpart_city for req, _ in requests
                                         if req.counterpart_city]):
        registry[city_key(found.agreement.counterpart_city)].append(found)
    rows = []
    for req, scored in requests:
        city = req.counterpart_city
        # The fields the risk rules read, the request's own ids among them, as the request's
        # page gives them (``assessment.answers_of``), without loading the rest of it.
        answers = RequestAnswers(
            category=req.category, country_code=city.country_code if city else None,
            counterpart_city=city.name if city else "", request_id=req.id,
            renews_agreement_id=req.renews_agreement_id,
            promotes_agreement_id=req.promotes_agreement_id,
            promotes_agreement=req.promotes_agreement_id is not None)
        nearby = registry.get(city_key(city.name), []) if city else []
        notes = risk_flags(answers, [row.agreement for row in nearby],
                           sanctioned_countries=countries,
                           reputational_concern=req.reputational_concern)
        since = req.status_changed_at.date()
        rows.append(QueueRow(req, scored, notes, (today - since).days,
                             is_ageing(req.status_enum, since, today, targets, closed)))
    return rows


# What a row shows, exports and gives the API, and what its risk flags read: a request has
# sixty columns, most of them long answers no row shows. Another one read from a row's
# request is loaded when asked, as any attribute is.
_SHOWN = (EngagementRequest.id, EngagementRequest.reference, EngagementRequest.title,
          EngagementRequest.status, EngagementRequest.origin,
          EngagementRequest.requested_category, EngagementRequest.counterpart_city_id,
          EngagementRequest.sponsoring_division_id, EngagementRequest.assignee_id,
          EngagementRequest.renews_agreement_id, EngagementRequest.promotes_agreement_id,
          EngagementRequest.reputational_concern, EngagementRequest.status_changed_at,
          EngagementRequest.submitted_at, EngagementRequest.version)


def queue_page(user: User, f: QueueFilters, today: date | None = None,
               per_page: int = PER_PAGE) -> QueuePage:
    """Return the page of the queue ``f`` asks for, as ``user`` may see it."""
    today = today or date.today()
    counts = _status_counts(user, f)
    # The matches of the status asked for are one of the counts: no second count is run.
    total = counts.get(Status(f.status), 0) if f.status else sum(counts.values())
    f = replace(f, page=min(f.page, page_count(total, per_page)))
    ids = _page_ids(user, f, per_page, _walks(user, f, total, per_page))
    page_query = (
        _ordered(_base(user).where(EngagementRequest.id.in_(ids)), f)
        .add_columns(_CurrentAssessment)
        .options(load_only(*_SHOWN), contains_eager(EngagementRequest.counterpart_city),
                 contains_eager(EngagementRequest.sponsoring_division),
                 contains_eager(EngagementRequest.assignee.of_type(_Assignee))
                 .load_only(_Assignee.name))
    )
    found = [(r, a) for r, a in db.session.execute(page_query).unique()]
    return QueuePage(_rows(found, today), total, counts, f, per_page)
