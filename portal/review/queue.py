"""Build the CCO's review queue: filters from the URL, sorting, paging and counts.

The page's ids are read first, sorted and paged by a query that joins only what the
filters and the sort read; then those rows with everything a row shows (city, division,
assignee, current score), by one statement built once (``portal.review.queue_rows``), so
the number of statements does not grow with the rows shown. One more
reads the count of each status, and the total is one of those counts. Unfiltered or
narrowed to a category only, the counts are those the database keeps up to date
(``RequestStatusCount``); filtered otherwise, they count the matches, joining only what the
filters read, and on the reviewer's page stop past a limit (``policy.queue_counts``), so a
common word's thousands of matches are not counted one by one. Ageing and risk flags are
the policy's, for the rows on the page only, so the page's cost does not grow with the
years of requests behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, Subquery, bindparam, func, select

from portal.access import ROLES_SEEING_ALL_SUBMITTED, submitted, visible_requests
from portal.assessment import settings
from portal.database import rows
from portal.extensions import db
from portal.models import CounterpartCity, Division, EngagementRequest, RequestStatusCount, User
from portal.models.listing import page_count, page_number, pick, positive_int
from portal.models.sorting import by_key
from portal.policy import queue_counts
from portal.policy.answers import Origin
from portal.policy.categories import NOT_SURE, Category
from portal.policy.lifecycle import Status
from portal.policy.queue_counts import Tally
from portal.policy.risk import RiskFlag
from portal.policy.scoring import Band
from portal.policy.text import clean_text
from portal.review import search
from portal.review.overlap_sql import overlaps_condition
from portal.review.queue_rows import (
    Assignee,
    CurrentAssessment,
    QueueRow,
    queue_rows,
    read_rows,
    with_assessment,
    with_assignee,
    with_city,
    with_division,
)

__all__ = ["QueueFilters", "QueuePage", "QueueRow", "parse_filters", "queue_page"]

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
class QueuePage:
    """A page of the queue, with the counts the reviewer sees beside it (``tally``)."""

    rows: list[QueueRow]
    tally: Tally
    filters: QueueFilters
    per_page: int = PER_PAGE
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages", page_count(self.tally.listed, self.per_page))

    @property
    def total(self) -> int:
        """Return how many requests the view holds (only the limit passed, if ``more``)."""
        return self.tally.total

    @property
    def counts(self) -> Mapping[Status, int]:
        """Return the count of each status the view holds, where counted."""
        return self.tally.by_status


def _page_ids(user: User, f: QueueFilters, per_page: int, walk: bool = False,
              ) -> Select[Any]:
    """Return the ids of the page's requests, in order, joining only what is read.

    Sorting and paging ids alone (with the one column sorted on) is much lighter than
    sorting whole rows with everything joined to them; the page's rows are then read by id.
    """
    from_words = _word_page(user, f, per_page)
    if from_words is not None:
        return from_words
    query = select(EngagementRequest.id)
    if f.risk == RiskFlag.FEDERAL_CONSULTATION.value or f.sort in ("city", "country"):
        query = with_city(query)
    if f.sort == "division":
        query = with_division(query)
    if f.sort == "assignee":
        query = with_assignee(query)
    if f.band:
        query = with_assessment(query)
    query = _filtered(visible_requests(user, query), f, user, walk=walk)
    if f.sort == "submitted" and user.role_enum in ROLES_SEEING_ALL_SUBMITTED:
        # These see submitted requests only, and only those have a submission time (a CHECK
        # constraint holds it): said outright, it lets the submission-time index skip the
        # drafts, which PostgreSQL sorts first when the newest are asked for.
        query = query.where(EngagementRequest.submitted_at.is_not(None))
    if f.status:
        query = query.where(EngagementRequest.status == f.status)
    return _ordered(query, f).limit(per_page).offset((f.page - 1) * per_page)


def _status_counts(user: User, f: QueueFilters, limit: int | None) -> Tally:
    """Return how many requests ``f`` matches in each status (the status filter aside).

    A reviewer who sees every submitted request and narrows nothing but the category sees
    the counts the database keeps (``RequestStatusCount``, by status and category); any
    other view counts its matches, up to ``limit`` (``policy.queue_counts``) if one is given.
    """
    status = Status(f.status) if f.status else None
    if replace(f, category="").narrowed or user.role_enum not in ROLES_SEEING_ALL_SUBMITTED:
        found = {Status(s): n for s, n in rows(_counted(user, f, limit))}
        of_status = None
        if status and limit is not None and sum(found.values()) > limit:
            of_status = db.session.scalar(_counted_of(user, f, limit))
        return queue_counts.counted(found, limit, status, of_status)
    if f.category:
        kept = {Status(s): int(n) for s, n in rows(_KEPT_OF_CATEGORY, {"category": f.category})}
    else:
        kept = {Status(s): int(n) for s, n in rows(_KEPT)}
    return queue_counts.counted(kept, None, status)


def _kept_counts(*where: Any) -> Select[Any]:
    requests = func.sum(RequestStatusCount.requests)
    return (select(RequestStatusCount.status, requests)
            .where(submitted(RequestStatusCount.status), *where)
            .group_by(RequestStatusCount.status).having(requests > 0))


# Built once: the unfiltered queue's counts are read on every page, and SQLAlchemy spent
# more building and keying the statement than the database spent summing a dozen rows.
_KEPT = _kept_counts()
_KEPT_OF_CATEGORY = _kept_counts(RequestStatusCount.category == bindparam("category"))


def _matches(user: User, f: QueueFilters, *columns: Any) -> Select[Any]:
    """Return ``columns`` of the requests ``f`` matches (any status).

    Each join the page needs leads to at most one row, so only the joins the filters read
    are made: counting then reads the requests' own index, not every joined table.
    """
    query = select(*columns)
    if f.risk == RiskFlag.FEDERAL_CONSULTATION.value:
        query = with_city(query)
    if f.band:
        query = with_assessment(query)
    return _filtered(visible_requests(user, query), f, user)


def _searched_alone(user: User, f: QueueFilters) -> bool:
    """Return whether the index of words may serve ``f``: a search and nothing else.

    The status aside, and for a user who sees every submitted request, as the kept counts
    are: the index of words knows no sponsor, no consultation, no owner.
    """
    return (bool(f.q) and not replace(f, q="").narrowed
            and user.role_enum in ROLES_SEEING_ALL_SUBMITTED)


# Those who search alone see every request but the drafts (``access.visible_requests``).
_SUBMITTED_WORDS = submitted(search.WORD_STATUS)


def _word_matches(user: User, f: QueueFilters, limit: int | None,
                  *where: Any) -> Subquery | None:
    """Return the first ``limit + 1`` matches of a search alone from its words' index.

    None where the view is not a search alone, or the index of words cannot say
    (``search.word_matches``).
    """
    if limit is None or not _searched_alone(user, f):
        return None
    return search.word_matches(f.q, limit + 1, _SUBMITTED_WORDS, *where)


def _word_page(user: User, f: QueueFilters, per_page: int) -> Select[Any] | None:
    """Return the page's ids of a search alone in the order of submission, from its words.

    None where the view is not one, or the index of words cannot say (``search.word_page``).
    """
    if f.sort != "submitted" or not _searched_alone(user, f):
        return None
    of_status = [search.WORD_STATUS == f.status] if f.status else []
    return search.word_page(f.q, per_page, (f.page - 1) * per_page, _SUBMITTED_WORDS,
                            search.WORD_SUBMITTED.is_not(None), *of_status,
                            newest_first=f.direction == "desc")


def _counted(user: User, f: QueueFilters, limit: int | None) -> Select[Any]:
    """Return the count of each status among the requests ``f`` matches, to ``limit + 1``.

    With a limit, the first ``limit + 1`` matches found are counted: as many says the view
    has more than ``limit``, and the database stops looking there.
    """
    found = _word_matches(user, f, limit)
    if found is None:
        matches = _matches(user, f, EngagementRequest.status)
        found = (matches if limit is None else matches.limit(limit + 1)).subquery()
    return select(found.c.status, func.count()).group_by(found.c.status)


def _counted_of(user: User, f: QueueFilters, limit: int) -> Select[Any]:
    """Return how many requests ``f`` matches in its status, to ``limit + 1``."""
    found = _word_matches(user, f, limit, search.WORD_STATUS == f.status)
    if found is None:
        found = _matches(user, f, EngagementRequest.id).where(
            EngagementRequest.status == f.status).limit(limit + 1).subquery()
    return select(func.count()).select_from(found)


def _filtered(query: Select[Any], f: QueueFilters, user: User, walk: bool = False,
              ) -> Select[Any]:
    where: list[Any] = []
    if f.category:
        where.append(EngagementRequest.requested_category == f.category)
    if f.origin:
        where.append(EngagementRequest.origin == f.origin)
    if f.band:
        where.append(CurrentAssessment.band == f.band)
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


def _walks(user: User, f: QueueFilters, tally: Tally, per_page: int) -> bool:
    """Return whether the search's page should walk the sort's index (``search.narrowed``).

    Walking reads about (page * per_page) * requests / matches index entries; looking the
    matches up reads each match's row, at about four times an entry's cost. The requests a
    reviewer sees are the kept counts' sum (of the status asked for, if any). A count that
    stopped at its limit says only that the matches are many: walking then, even at worst
    (just past the limit, on the last of the pages listed), reads the sort's index once
    through, as looking up every match would when a quarter of the requests match.
    """
    if (not f.q or f.sort not in _WALKED or tally.total == 0 or not search.walks()
            or user.role_enum not in ROLES_SEEING_ALL_SUBMITTED):
        return False
    if tally.more:
        return True
    kept = select(func.sum(RequestStatusCount.requests)).where(
        submitted(RequestStatusCount.status))
    if f.status:
        kept = kept.where(RequestStatusCount.status == f.status)
    requests = db.session.scalar(kept) or 0
    return f.page * per_page * requests <= 4 * tally.total * tally.total


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
    "assignee": Assignee.name,
    "waiting": EngagementRequest.status_changed_at,
}


def _ordered(query: Select[Any], f: QueueFilters) -> Select[Any]:
    return query.order_by(*_order(f))


def _order(f: QueueFilters) -> tuple[Any, Any]:
    column = _SORT_COLUMNS[f.sort]
    # "Waiting longest" is the oldest change first, so its natural order is reversed.
    descending = (f.direction == "desc") != (f.sort == "waiting")
    primary = column.desc() if descending else column.asc()
    if f.sort == "score":
        # Requests not yet scored come last best-first and first worst-first, on either
        # database (PostgreSQL would put them first best-first); the index has them so.
        primary = primary.nulls_last() if descending else primary.nulls_first()
    return primary, EngagementRequest.id.desc()


def queue_page(user: User, f: QueueFilters, today: date | None = None,
               per_page: int = PER_PAGE, count_limit: int | None = None) -> QueuePage:
    """Return the page of the queue ``f`` asks for, as ``user`` may see it.

    ``count_limit``: how far a view the database keeps no counts of is counted (every
    match if None); ``policy.queue_counts`` says why the reviewer's page stops.
    """
    today = today or date.today()
    tally = _status_counts(user, f, count_limit)
    f = replace(f, page=min(f.page, page_count(tally.listed, per_page)))
    ids = _page_ids(user, f, per_page, _walks(user, f, tally, per_page))
    found = read_rows(ids)
    return QueuePage(queue_rows(found, today), tally, f, per_page)
