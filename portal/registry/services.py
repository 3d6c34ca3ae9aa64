"""Use cases of the registry: list and describe agreements, review, report, promote, expire.

The rules (when an agreement is expiring soon or due for review, which report is due, what
a renewal does to the agreement it replaces) are asked of ``portal.policy.agreements``; this
module reads and changes the records, writes each agreement's history (``AgreementEvent``)
and queues reminders. It flushes and never commits: the route or the command commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal import notifications, transitions
from portal.access import can_view, is_submitting_party, speaks_for
from portal.cities import find_or_create_city
from portal.extensions import db
from portal.intake import services as intake
from portal.intake.steps import steps_for
from portal.models import (
    Agreement,
    AgreementEvent,
    AgreementReview,
    EngagementRequest,
    OutcomeReport,
    ReminderSent,
    User,
)
from portal.models._types import utcnow
from portal.models.cities import country_name
from portal.policy.agreements import (
    DEFAULT_REVIEW_WINDOW_DAYS,
    EXPIRING_SOON,
    AgreementStatus,
    Recommendation,
    can_be_promoted,
    can_be_renewed,
    has_ended,
    is_review_due,
    recommendations_for,
    report_year_due,
    review_due_by,
    standing,
    status_once_renewed,
)
from portal.policy.answers import answers_to_copy
from portal.policy.categories import Category, max_term_years
from portal.policy.proposals import (
    Parties,
    Proposer,
    filing_division,
    may_propose,
    proposal_refusal,
)
from portal.policy.lifecycle import Status
from portal.policy.roles import Role

STAFF_ROLES = tuple(role for role in Role if role.is_staff)
"""Everyone who works on the program for the City sees the whole registry."""

REVIEW_DUE = "review_due"
"""The registry filter of active agreements whose end is within the review window, or past."""

EVENT_LABELS = {
    "signed": "Signed",
    "reviewed": "Periodic review recorded",
    "reported": "Annual outcome report recorded",
    "promotion_started": "Promotion to a Partnership City proposed",
    "renewal_started": "Renewal proposed",
    "promoted": "Promoted to a Partnership City",
    "renewed": "Renewed",
    "expired": "Expired",
    "terminated": "Terminated",
}

PER_PAGE = 50
SORTS = ("city", "category", "status", "end_date", "established")


def review_window_days() -> int:
    """Return how many days before its end an agreement comes up for review (configurable)."""
    return int(current_app.config.get("REGISTRY_REVIEW_WINDOW_DAYS",
                                      DEFAULT_REVIEW_WINDOW_DAYS))


def record_event(agreement: Agreement, action: str, actor: User | None,
                 note: str = "") -> AgreementEvent:
    """Add an entry to ``agreement``'s history."""
    event = AgreementEvent(agreement_id=agreement.id, action=action,
                           actor_id=actor.id if actor else None, note=note)
    db.session.add(event)
    db.session.flush()
    return event


def request_of(agreement: Agreement) -> EngagementRequest | None:
    """Return the request ``agreement`` was signed from, if it came through the portal."""
    if agreement.request_id is None:
        return None
    return db.session.get(EngagementRequest, agreement.request_id)


def indicators_of(agreement: Agreement) -> list[tuple[str, str, str]]:
    """Return (outcome, indicator, target) of each outcome of the originating request."""
    req = request_of(agreement)
    if req is None:
        return []
    return [(o.outcome, o.indicator, o.target) for o in req.outcomes if o.outcome]


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


STATUS_FILTERS = (*(s.value for s in AgreementStatus), EXPIRING_SOON, REVIEW_DUE)
CATEGORY_FILTERS = (*(c.value for c in Category), "none")


def parse_filters(args: Mapping[str, str]) -> RegistryFilters:
    """Read the filters from URL arguments, ignoring any value that is not one of ours."""
    def pick(name: str, allowed: Iterable[str]) -> str:
        value = args.get(name, "")
        return value if value in set(allowed) else ""

    page = args.get("page", "1")
    return RegistryFilters(
        status=pick("status", STATUS_FILTERS),
        category=pick("category", CATEGORY_FILTERS),
        kind=pick("kind", ("city", "other")),
        sort=pick("sort", SORTS) or "city",
        direction="desc" if args.get("direction") == "desc" else "asc",
        page=min(int(page), 100_000) if page.isascii() and page.isdigit() and int(page) > 0
        else 1,
    )


def _status_condition(status: str, today: date, window_days: int) -> Any:
    active = Agreement.status == AgreementStatus.ACTIVE.value
    due_by = review_due_by(today, window_days)
    if status == EXPIRING_SOON:
        return and_(active, Agreement.end_date >= today, Agreement.end_date <= due_by)
    if status == REVIEW_DUE:
        return and_(active, Agreement.end_date <= due_by)
    return Agreement.status == status


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


def _ordered(query: Select[Any], filters: RegistryFilters) -> Select[Any]:
    name = func.lower(Agreement.counterpart_name)
    column = {"city": name, "category": Agreement.category, "status": Agreement.status,
              "end_date": Agreement.end_date, "established": Agreement.established_year,
              }[filters.sort]
    ordered = column.desc() if filters.direction == "desc" else column.asc()
    return query.order_by(ordered.nulls_last(), name, Agreement.id)


@dataclass(frozen=True)
class RegistryRow:
    """One agreement as the staff registry shows it."""

    agreement: Agreement
    standing: str
    review_due: bool

    @property
    def country(self) -> str:
        """Return the counterpart's country, by name."""
        return country_name(self.agreement.country_code)


@dataclass
class RegistryPage:
    """A page of the staff registry, with the count under each status."""

    filters: RegistryFilters
    rows: list[RegistryRow]
    total: int
    counts: dict[str, int] = field(default_factory=dict)

    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        """Return how many pages the matching agreements fill."""
        return max(1, -(-self.total // self.per_page))


def registry_page(filters: RegistryFilters, today: date,
                  window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> RegistryPage:
    """Return the agreements matching ``filters``, one page of them, sorted as asked."""
    base = _filtered(select(Agreement), filters, today, window_days)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    query = (_ordered(base, filters).options(joinedload(Agreement.lead_division))
             .limit(PER_PAGE).offset((filters.page - 1) * PER_PAGE))
    rows = [row_for(a, today, window_days) for a in db.session.scalars(query)]
    return RegistryPage(filters, rows, total, status_counts(today, window_days))


def row_for(agreement: Agreement, today: date, window_days: int) -> RegistryRow:
    """Return ``agreement`` with its standing as the registry shows it on ``today``."""
    status = agreement.status_enum
    return RegistryRow(agreement, standing(status, agreement.end_date, today, window_days),
                       is_review_due(status, agreement.end_date, today, window_days))


def status_counts(today: date, window_days: int) -> dict[str, int]:
    """Return how many agreements hold each status, and how many are expiring or due."""
    counts = {s: 0 for s in STATUS_FILTERS}
    for status, number in db.session.execute(
            select(Agreement.status, func.count()).group_by(Agreement.status)):
        counts[status] = number
    for derived in (EXPIRING_SOON, REVIEW_DUE):
        counts[derived] = db.session.scalar(select(func.count(Agreement.id)).where(
            _status_condition(derived, today, window_days))) or 0
    counts["all"] = sum(counts[s.value] for s in AgreementStatus)
    return counts


# The public registry ----------------------------------------------------------------------

@dataclass(frozen=True)
class PublicEntry:
    """What the public may know of one agreement: no notes, people, requests or copies."""

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
        """Return the status's name."""
        return AgreementStatus(self.status).label

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as JSON values; dates not recorded are null."""
        return {
            "name": self.name, "country": self.country, "country_code": self.country_code,
            "category": self.category_label, "status": self.status_label,
            "city_to_city": self.city_to_city,
            "established_year": self.established_year,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "lead_division": self.lead_division,
        }


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


def _public(agreement: Agreement) -> PublicEntry:
    return PublicEntry(
        name=agreement.counterpart_name, country=country_name(agreement.country_code),
        country_code=agreement.country_code, category=agreement.category,
        status=agreement.status, city_to_city=agreement.is_city_to_city,
        established_year=agreement.established_year, start_date=agreement.start_date,
        end_date=agreement.end_date,
        lead_division=agreement.lead_division.name if agreement.lead_division else None)


def public_registry() -> PublicRegistry:
    """Return the public registry: active agreements by category, and every past one."""
    agreements = db.session.scalars(
        select(Agreement).options(joinedload(Agreement.lead_division))
        .order_by(func.lower(Agreement.counterpart_name), Agreement.id)).all()
    active = [a for a in agreements if a.status_enum is AgreementStatus.ACTIVE]
    return PublicRegistry(
        partnership_cities=[_public(a) for a in active
                            if a.category_enum is Category.PARTNERSHIP_CITY],
        international_projects=[_public(a) for a in active
                                if a.category_enum is Category.INTERNATIONAL_PROJECT],
        historical=[_public(a) for a in agreements
                    if a.status_enum is not AgreementStatus.ACTIVE])


def own_city_agreements(user: User) -> list[Agreement]:
    """Return the active agreements with a verified representative's own city."""
    if not speaks_for(user, user.city_id):
        return []
    return list(db.session.scalars(select(Agreement).where(
        Agreement.counterpart_city_id == user.city_id,
        Agreement.status == AgreementStatus.ACTIVE.value).order_by(Agreement.id)))


# Who may do what ------------------------------------------------------------------------

def _as_proposer(user: User) -> Proposer:
    return Proposer(role=user.role_enum, city_id=user.city_id,
                    verified=user.is_verified_representative, division_id=user.division_id)


def _parties(agreement: Agreement) -> Parties:
    return Parties(counterpart_city_id=agreement.counterpart_city_id,
                   lead_division_id=agreement.lead_division_id)


def proposal_refused(user: User, agreement: Agreement) -> str | None:
    """Return why ``user`` may not promote or renew ``agreement``; None if they are a party."""
    return proposal_refusal(_as_proposer(user), _parties(agreement))


def _may_propose(user: User, agreement: Agreement) -> bool:
    return may_propose(_as_proposer(user), _parties(agreement))


def can_promote(user: User, agreement: Agreement) -> bool:
    """Return whether ``user`` may propose to promote ``agreement`` to a Partnership City.

    Only the agreement's parties may (``policy.proposals``): the counterpart city's verified
    representatives, the lead division's staff and CCO reviewers.
    """
    return (can_be_promoted(agreement.status_enum, agreement.category_enum)
            and _may_propose(user, agreement))


def can_renew(user: User, agreement: Agreement) -> bool:
    """Return whether ``user`` may propose a new agreement of the same category to follow it."""
    return (can_be_renewed(agreement.status_enum, agreement.category_enum)
            and _may_propose(user, agreement))


def can_review(user: User, agreement: Agreement) -> bool:
    """Return whether ``user`` may record a periodic review: a CCO reviewer, of a live one."""
    return user.role_enum is Role.CCO_REVIEWER and agreement.status_enum in (
        AgreementStatus.ACTIVE, AgreementStatus.EXPIRED)


LEAD_DIVISION_ROLES = (Role.DIVISION_STAFF, Role.SUPPORTING_REVIEWER)


def can_report(user: User, agreement: Agreement) -> bool:
    """Return whether ``user`` may record an annual outcome report on ``agreement``.

    The lead division's staff report on their agreement; a CCO reviewer may report for any
    (an agreement from before the portal has no lead division). Historical agreements
    predate the reports.
    """
    if agreement.status_enum is AgreementStatus.HISTORICAL:
        return False
    if user.role_enum is Role.CCO_REVIEWER:
        return True
    return (user.role_enum in LEAD_DIVISION_ROLES and user.division_id is not None
            and user.division_id == agreement.lead_division_id)


# Promotion and renewal ------------------------------------------------------------------

class ProposalRefused(Exception):
    """A promotion or renewal cannot be started; the message says why."""


# Answers of the originating request that carry over to the one that follows it. The
# representative's own details come from the person starting it; documents never carry over.
CARRIED_ANSWERS = (
    "term_years", "title", "purpose", "objectives", "activities", "areas", "alignment",
    "community_ties", "relationship_since", "past_projects", "anticipated_cost",
    "funding_source", "staff_time", "counterpart_commitment", "contact_name", "contact_title",
    "contact_email", "contact_phone",
)
DIVISION_ANSWERS = ("interest_confirmed", "interest_evidence")
OPEN_STATUSES = [s.value for s in Status
                 if s not in (Status.DRAFT, Status.DECLINED, Status.WITHDRAWN)]


def successors(agreement: Agreement) -> list[EngagementRequest]:
    """Return the requests that promote or renew ``agreement``, newest first."""
    return list(db.session.scalars(select(EngagementRequest).where(
        (EngagementRequest.promotes_agreement_id == agreement.id)
        | (EngagementRequest.renews_agreement_id == agreement.id))
        .order_by(EngagementRequest.created_at.desc(), EngagementRequest.id.desc())))


def open_successor(agreement: Agreement, user: User) -> EngagementRequest | None:
    """Return the request taking ``agreement`` forward: one in review, or ``user``'s draft."""
    for req in successors(agreement):
        if req.status in OPEN_STATUSES:
            return req
        if req.status_enum is Status.DRAFT and (is_submitting_party(user, req)
                                                 or req.submitter_id == user.id):
            return req
    return None


def _next_start(agreement: Agreement, today: date) -> date | None:
    if agreement.end_date is not None and agreement.end_date >= today:
        return agreement.end_date + timedelta(days=1)
    return None


def _carried_answers(source: EngagementRequest | None, new: EngagementRequest,
                     agreement: Agreement, category: Category, today: date) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    if source is not None:
        names = CARRIED_ANSWERS
        if new.origin == "division":
            names += ("government_kind",)
            if source.origin == "division":
                names += DIVISION_ANSWERS
        # The policy says which answers the new draft's filer may read; the rest stay behind.
        names = answers_to_copy(names, copy_origin=new.origin, source_origin=source.origin)
        answers = {name: getattr(source, name) for name in names}
        answers["areas"] = list(source.areas or [])
    if answers.get("term_years") and answers["term_years"] > max_term_years(category):
        answers["term_years"] = None
    answers["requested_category"] = category.value
    answers["start_date"] = _next_start(agreement, today)
    answers["relationship_since"] = answers.get("relationship_since") or \
        agreement.established_year
    return answers


def _open_draft(user: User, agreement: Agreement) -> EngagementRequest:
    """Open the new draft: a city's or division's own, or one a CCO reviewer files for one."""
    if user.role_enum is not Role.CCO_REVIEWER:
        return intake.start_request(user)
    division_id = filing_division(_as_proposer(user), _parties(agreement))
    if division_id is None:
        raise ProposalRefused(proposal_refused(user, agreement) or "")
    req = EngagementRequest(origin="division", submitter=user,
                            sponsoring_division_id=division_id, areas=[])
    db.session.add(req)
    db.session.flush()
    transitions.record_note(req, user, "created")
    return req


def _start_successor(agreement: Agreement, user: User, category: Category, link: str,
                     today: date) -> EngagementRequest:
    source = request_of(agreement)
    req = _open_draft(user, agreement)
    if req.origin == "division":
        if agreement.counterpart_city is not None:
            req.counterpart_city = agreement.counterpart_city
        elif agreement.country_code:
            req.counterpart_city = find_or_create_city(agreement.counterpart_name,
                                                       agreement.country_code)
    answers = _carried_answers(source, req, agreement, category, today)
    for step in steps_for(req):
        intake.save_answers(req, step, {k: v for k, v in answers.items() if k in step.fields})
    if source is not None:
        intake.replace_outcomes(req, [(o.outcome, o.indicator, o.target)
                                      for o in source.outcomes])
    setattr(req, link, agreement.id)
    db.session.flush()
    return req


def start_promotion(agreement: Agreement, user: User, today: date | None = None,
                    ) -> EngagementRequest:
    """Open a Partnership City draft that promotes the International Project ``agreement``.

    The draft carries the project's answers and outcomes (not its documents), or for a
    project from before the portal its counterpart city, and is owned by ``user``.
    """
    if not can_promote(user, agreement):
        raise ProposalRefused(proposal_refused(user, agreement) or _(
            "Only an active International Project can be promoted."))
    req = _start_successor(agreement, user, Category.PARTNERSHIP_CITY, "promotes_agreement_id",
                           today or date.today())
    transitions.record_note(req, user, "promotion_started", _(
        "Proposes to promote the International Project with %(city)s to a Partnership City.",
        city=agreement.counterpart_name))
    record_event(agreement, "promotion_started", user, _(
        "A proposal to promote it to a Partnership City was started by %(who)s.",
        who=_proposer(user)))
    return req


def start_renewal(agreement: Agreement, user: User, today: date | None = None,
                  ) -> EngagementRequest:
    """Open a draft of the same category that renews ``agreement``, owned by ``user``."""
    if not can_renew(user, agreement):
        raise ProposalRefused(proposal_refused(user, agreement) or _(
            "Only an active agreement can be renewed."))
    category = agreement.category_enum
    assert category is not None  # can_renew holds
    req = _start_successor(agreement, user, category, "renews_agreement_id",
                           today or date.today())
    transitions.record_note(req, user, "renewal_started", _(
        "Proposes to renew the %(category)s agreement with %(city)s.",
        category=_(category.label), city=agreement.counterpart_name))
    record_event(agreement, "renewal_started", user, _(
        "A proposal to renew it was started by %(who)s.", who=_proposer(user)))
    return req


def _proposer(user: User) -> str:
    if user.role_enum is Role.CITY and user.city is not None:
        return user.city.name
    return user.division.name if user.division else user.name


# Signature --------------------------------------------------------------------------------

def on_signed(agreement: Agreement, actor: User | None = None,
              today: date | None = None) -> None:
    """Record that ``agreement`` was signed and settle the agreement its request replaces.

    Call it once the signed agreement is stored. A promoted project becomes PROMOTED; a
    renewed agreement expires at once when its end has passed (or was never recorded), and
    otherwise runs to its end date, when the scheduled job expires it. A renewal keeps the
    year the relationship was established.
    """
    today = today or date.today()
    record_event(agreement, "signed", actor, _(
        "Signed on %(on)s.", on=agreement.signed_on.isoformat() if agreement.signed_on
        else _("a date not recorded")))
    req = request_of(agreement)
    if req is None:
        return
    if req.promotes_agreement_id is not None:
        project = db.session.get(Agreement, req.promotes_agreement_id)
        if project is not None and project.status_enum in (AgreementStatus.ACTIVE,
                                                           AgreementStatus.EXPIRED):
            project.status = AgreementStatus.PROMOTED.value
            record_event(project, "promoted", actor, _(
                "Promoted: the Partnership City agreement %(reference)s follows it.",
                reference=req.reference or ""))
    if req.renews_agreement_id is not None:
        previous = db.session.get(Agreement, req.renews_agreement_id)
        if previous is not None and previous.status_enum is AgreementStatus.ACTIVE:
            if previous.established_year and (agreement.established_year is None
                                              or previous.established_year
                                              < agreement.established_year):
                agreement.established_year = previous.established_year
            if status_once_renewed(previous.end_date, today) is AgreementStatus.EXPIRED:
                previous.status = AgreementStatus.EXPIRED.value
                record_event(previous, "expired", actor, _(
                    "Renewed by %(reference)s, which takes its place now.",
                    reference=req.reference or ""))
            else:
                record_event(previous, "renewed", actor, _(
                    "Renewed by %(reference)s; it runs to its end date, then expires.",
                    reference=req.reference or ""))
    db.session.flush()


# Periodic review and annual reports -----------------------------------------------------

def record_review(agreement: Agreement, actor: User, achievements: Sequence[Mapping[str, str]],
                  summary: str, recommendation: Recommendation) -> AgreementReview:
    """Record a periodic review: what each outcome achieved, a summary, a recommendation."""
    if not can_review(actor, agreement):
        raise PermissionError("only CCO reviewers review active or expired agreements")
    if recommendation not in recommendations_for(agreement.category_enum):
        raise ValueError(f"{recommendation} is not open to this agreement")
    review = AgreementReview(agreement_id=agreement.id, outcomes_achieved=[
        dict(row) for row in achievements], summary=summary,
        recommendation=recommendation.value, reviewed_by_id=actor.id)
    db.session.add(review)
    db.session.flush()
    record_event(agreement, "reviewed", actor, _("Recommendation: %(r)s.",
                                                 r=_(recommendation.label)))
    return review


def reviews_of(agreement: Agreement) -> list[AgreementReview]:
    """Return ``agreement``'s periodic reviews, newest first."""
    return list(db.session.scalars(select(AgreementReview).where(
        AgreementReview.agreement_id == agreement.id)
        .order_by(AgreementReview.reviewed_at.desc(), AgreementReview.id.desc())))


def report_years(agreement: Agreement, today: date) -> list[int]:
    """Return the years an outcome report may be recorded for, newest first."""
    last = today.year
    if agreement.end_date is not None:
        last = min(last, agreement.end_date.year)
    if agreement.start_date is not None:
        first = agreement.start_date.year
    else:  # dates not recorded: the last few years, never before the relationship began
        first = max(today.year - 5, agreement.established_year or 0)
    return list(range(last, min(first, last) - 1, -1))


def report_for(agreement: Agreement, year: int) -> OutcomeReport | None:
    """Return ``agreement``'s outcome report for ``year``, if recorded."""
    return db.session.scalars(select(OutcomeReport).where(
        OutcomeReport.agreement_id == agreement.id, OutcomeReport.year == year)).first()


def reports_of(agreement: Agreement) -> list[OutcomeReport]:
    """Return ``agreement``'s outcome reports, newest year first."""
    return list(db.session.scalars(select(OutcomeReport).where(
        OutcomeReport.agreement_id == agreement.id).order_by(OutcomeReport.year.desc())))


def save_report(agreement: Agreement, actor: User, year: int,
                entries: Sequence[Mapping[str, str]]) -> OutcomeReport:
    """Record the year's progress against each outcome indicator; again, replace that year's."""
    if not can_report(actor, agreement):
        raise PermissionError("only the lead division or a CCO reviewer reports")
    report = report_for(agreement, year)
    if report is None:
        report = OutcomeReport(agreement_id=agreement.id, year=year)
        db.session.add(report)
        note = _("Report for %(year)s recorded.", year=year)
    else:
        note = _("Report for %(year)s changed.", year=year)
    report.entries = [dict(row) for row in entries]
    report.reported_by_id = actor.id
    report.reported_at = utcnow()
    db.session.flush()
    record_event(agreement, "reported", actor, note)
    return report


def events_of(agreement: Agreement) -> list[AgreementEvent]:
    """Return ``agreement``'s history, oldest first."""
    return list(db.session.scalars(select(AgreementEvent).where(
        AgreementEvent.agreement_id == agreement.id)
        .order_by(AgreementEvent.at, AgreementEvent.id)))


def visible_request(user: User, agreement: Agreement) -> EngagementRequest | None:
    """Return the originating request if ``user`` may open it."""
    req = request_of(agreement)
    return req if req is not None and can_view(user, req) else None


# Scheduled work -------------------------------------------------------------------------

@dataclass
class ScheduledReport:
    """What one run of the scheduled job did."""

    expired: list[Agreement] = field(default_factory=list)
    review_reminders: list[tuple[Agreement, int]] = field(default_factory=list)
    report_reminders: list[tuple[Agreement, int, int]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Return whether the run changed anything."""
        return bool(self.expired or self.review_reminders or self.report_reminders)

    def lines(self) -> list[str]:
        """Return a line per thing done, for the command's output."""
        lines = [f"Expired: {a.counterpart_name} (agreement {a.id}, ended "
                 f"{a.end_date.isoformat() if a.end_date else '?'})" for a in self.expired]
        lines += [f"Review due reminder: {a.counterpart_name} (agreement {a.id}) to {n} "
                  f"reviewer(s)" for a, n in self.review_reminders]
        lines += [f"Report due reminder: {a.counterpart_name} (agreement {a.id}), {year}, to "
                  f"{n} person(s)" for a, year, n in self.report_reminders]
        lines.append(f"{len(self.expired)} expired, {len(self.review_reminders)} review and "
                     f"{len(self.report_reminders)} report reminder(s) written.")
        return lines


def run_scheduled(today: date, window_days: int = DEFAULT_REVIEW_WINDOW_DAYS,
                  ) -> ScheduledReport:
    """Expire agreements past their end and write the reminders due; never anything twice."""
    report = ScheduledReport()
    active = list(db.session.scalars(select(Agreement).where(
        Agreement.status == AgreementStatus.ACTIVE.value, Agreement.end_date.is_not(None))
        .order_by(Agreement.end_date, Agreement.id)))
    for agreement in active:
        if has_ended(agreement.status_enum, agreement.end_date, today):
            agreement.status = AgreementStatus.EXPIRED.value
            record_event(agreement, "expired", None, _(
                "Expired at its end date, %(end)s.", end=agreement.end_date.isoformat()
                if agreement.end_date else ""))
            report.expired.append(agreement)
        elif is_review_due(agreement.status_enum, agreement.end_date, today, window_days):
            sent = _remind_review(agreement)
            if sent:
                report.review_reminders.append((agreement, sent))
    for agreement, year in reports_due(today):
        sent = _remind_report(agreement, year)
        if sent:
            report.report_reminders.append((agreement, year, sent))
    db.session.flush()
    return report


def reports_due(today: date) -> list[tuple[Agreement, int]]:
    """Return each agreement owing an annual outcome report, with the year it is owed for."""
    candidates = list(db.session.scalars(select(Agreement).where(
        Agreement.status.in_([AgreementStatus.ACTIVE.value, AgreementStatus.EXPIRED.value]),
        Agreement.start_date.is_not(None)).order_by(Agreement.id)))
    reported: dict[int, list[int]] = {}
    for agreement_id, year in db.session.execute(select(
            OutcomeReport.agreement_id, OutcomeReport.year).where(
            OutcomeReport.year == today.year - 1)):
        reported.setdefault(agreement_id, []).append(year)
    due = []
    for agreement in candidates:
        year = report_year_due(agreement.status_enum, agreement.start_date, agreement.end_date,
                               today, reported.get(agreement.id, []))
        if year is not None:
            due.append((agreement, year))
    return due


def _claim(agreement: Agreement, kind: str, period: str) -> bool:
    """Record that a reminder is written; False when it already was (by any run)."""
    exists = db.session.scalar(select(ReminderSent.id).where(
        ReminderSent.agreement_id == agreement.id, ReminderSent.kind == kind,
        ReminderSent.period == period))
    if exists is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(ReminderSent(agreement_id=agreement.id, kind=kind, period=period))
    except IntegrityError:  # a run at the same moment wrote it first
        return False
    return True


def _active_users(*conditions: Any) -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True), *conditions)
                                   .order_by(User.id)))


def _remind(kind: str, recipients: list[User], agreement: Agreement, subject: str,
            text: str) -> int:
    link = notifications.external_url("registry.agreement", agreement_id=agreement.id)
    for user in recipients:
        body = render_template("registry/reminder.txt", agreement=agreement, text=text,
                               link=link)
        notifications.queue_message(kind, user.email, subject, body)
    return len(recipients)


def _remind_review(agreement: Agreement) -> int:
    reviewers = _active_users(User.role == Role.CCO_REVIEWER.value)
    assert agreement.end_date is not None
    if not reviewers or not _claim(agreement, "review_due", agreement.end_date.isoformat()):
        return 0
    return _remind("review_due", reviewers, agreement, _(
        "Review due: the agreement with %(city)s ends on %(end)s",
        city=agreement.counterpart_name, end=agreement.end_date.isoformat()), _(
        "The agreement with %(city)s ends on %(end)s. Record its periodic review: what it "
        "achieved and whether it should be promoted, renewed or left to expire.",
        city=agreement.counterpart_name, end=agreement.end_date.isoformat()))


def _remind_report(agreement: Agreement, year: int) -> int:
    if agreement.lead_division_id is None:
        return 0
    staff = _active_users(User.division_id == agreement.lead_division_id,
                          User.role.in_([r.value for r in LEAD_DIVISION_ROLES]))
    if not staff or not _claim(agreement, "report_due", str(year)):
        return 0
    return _remind("report_due", staff, agreement, _(
        "Outcome report for %(year)s due: the agreement with %(city)s",
        year=year, city=agreement.counterpart_name), _(
        "Your division leads the agreement with %(city)s. Record its outcome report for "
        "%(year)s: the progress made against each outcome indicator.",
        city=agreement.counterpart_name, year=year))
