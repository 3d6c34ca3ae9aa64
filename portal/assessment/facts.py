"""Read what the lifecycle's guards ask of a stored request: its signatory, consultations, flags.

``policy.lifecycle`` decides whether a request may be recommended or approved from plain
facts (``RequestFacts``); this module reads them from the database, for the review's verbs
and for the next-step panel every request page shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from portal.assessment import services as assessment
from portal.database import remember_each, remembered
from portal.extensions import db
from portal.models import Consultation, EngagementRequest, RequestEvent, User
from portal.policy.categories import Category
from portal.policy.lifecycle import RequestFacts
from portal.policy.risk import RiskFlag
from portal.policy.roles import Role
from portal.policy.signatories import holds_authority
from portal.policy.timeline import TimelineEvent

FEDERAL_CONSULTED = TimelineEvent.FEDERAL_GOVERNMENT_CONSULTED
"""The timeline action recording consultation with the federal government."""


# Built once: SQLAlchemy spends more building a statement than SQLite spends running it.
_AUTHORITIES = select(User).where(User.role == Role.SIGNING_AUTHORITY.value,
                                  User.active.is_(True), User.signing_office == bindparam("office"))
_FEDERAL_RECORDED = select(func.count()).select_from(RequestEvent).where(
    RequestEvent.request_id == bindparam("request_id"),
    RequestEvent.action == FEDERAL_CONSULTED)
_FEDERAL_KEY = "federal_consultation_recorded"
# Every page that lists consultations names each one's division: read with it, by a join,
# not by a query of its own (on PostgreSQL, a round trip).
_WITH_DIVISION = joinedload(Consultation.division)
_CONSULTATIONS = select(Consultation).where(
    Consultation.request_id == bindparam("request_id")).order_by(
    Consultation.asked_at).options(_WITH_DIVISION)
# Each request's in the same order as ``_CONSULTATIONS``.
_CONSULTATIONS_OF_MANY = select(Consultation).where(
    Consultation.request_id.in_(bindparam("ids", expanding=True))).order_by(
    Consultation.request_id, Consultation.asked_at).options(_WITH_DIVISION)


def signatory_has_account(req: EngagementRequest) -> bool:
    """Return whether an active account holds the authority the policy names for ``req``."""
    named = assessment.signatory(req).signatory
    if named is None:
        return False
    sponsor = req.sponsoring_division.name if req.sponsoring_division else None
    authorities = db.session.scalars(_AUTHORITIES, {"office": named.office.value})
    return any(holds_authority(named, u.office, u.division.name if u.division else None,
                               sponsor) for u in authorities)


def open_consultation_count(req: EngagementRequest) -> int:
    """Return how many consultations on ``req`` await an answer."""
    # The page reads them anyway (the summary, the next step): counting is not a query more.
    return len(open_consultations_of(req))


def facts_of(req: EngagementRequest) -> RequestFacts:
    """Return the facts the lifecycle's guards read, from the stored request."""
    # The next step, the actions offered and the ones refused each ask: read them once.
    return remembered(("facts_of", req.id), lambda: _read_facts(req))


def _read_facts(req: EngagementRequest) -> RequestFacts:
    answer = assessment.signatory(req)
    return RequestFacts(
        category_settled=req.category is not None,
        is_project=req.category is Category.INTERNATIONAL_PROJECT,
        has_sponsor=req.sponsoring_division_id is not None,
        signatory_named=answer.signatory is not None,
        signatory_unknown_reason=answer.unknown_reason,
        signatory_has_account=signatory_has_account(req),
        signatory_title=answer.signatory.title if answer.signatory else "",
        open_consultations=open_consultation_count(req),
        federal_flag_raised=any(n.flag is RiskFlag.FEDERAL_CONSULTATION
                                for n in assessment.risks(req)),
        federal_consultation_recorded=federal_consultation_recorded(req),
    )


def federal_consultation_recorded(req: EngagementRequest) -> bool:
    """Return whether ``req``'s timeline records a consultation with the federal government."""
    return remembered((_FEDERAL_KEY, req.id), lambda: bool(
        db.session.scalar(_FEDERAL_RECORDED, {"request_id": req.id})))


def know_timeline(req: EngagementRequest, events: Iterable[RequestEvent]) -> None:
    """Keep what the guards read of ``req``'s timeline from ``events``, the whole of it.

    A staff request page reads the whole timeline to show it: the guards then find there
    what they would read again (on a PostgreSQL host a query costs a round trip). Only the
    whole timeline may be given: a part of it would hide a consultation recorded.
    """
    remembered((_FEDERAL_KEY, req.id),
               lambda: any(e.action == FEDERAL_CONSULTED for e in events))


def consultations_of(req: EngagementRequest) -> list[Consultation]:
    """Return every consultation on ``req``, oldest first."""
    return list(remembered(("consultations_of", req.id), lambda: tuple(db.session.scalars(
        _CONSULTATIONS, {"request_id": req.id}))))


def read_consultations_of(requests: Iterable[EngagementRequest]) -> None:
    """Read the consultations of ``requests`` at once, with the divisions they are put to.

    ``consultations_of`` then finds each request's in what this request keeps, where a
    list of requests would read them one request at a time. What is kept refers to the
    consultations, and each to its division (read with it, ``_WITH_DIVISION``), so the
    session holds both until the page is drawn.
    """
    ids = sorted({req.id for req in requests})
    if ids:
        remember_each("consultations_of", ids,
                      db.session.scalars(_CONSULTATIONS_OF_MANY, {"ids": ids}),
                      lambda c: c.request_id)


def open_consultations_of(req: EngagementRequest) -> list[Consultation]:
    """Return the consultations on ``req`` that await an answer, oldest first."""
    # From all of them: the request page lists them all, so this is not a query more.
    return [c for c in consultations_of(req) if c.is_open]
