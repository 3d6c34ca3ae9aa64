"""Read what the API answers: the public registry, and the requests a token's user may see.

Nothing here decides who sees what: the requests come through the review queue, which reads
them through ``access.visible_requests``; one request through ``access.request_for``; its
reviewers' side (the assessment, the internal steps) only where ``access.can_see_internal``
allows, as on the request's page.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select

from portal.access import can_see_internal, request_for
from portal.api.schemas import (
    AgreementPage,
    AssessmentView,
    Paging,
    PublicAgreement,
    RequestDetail,
    RequestPage,
    RequestSummary,
    StatusChange,
)
from portal.extensions import db
from portal.models import Assessment, RequestEvent, User
from portal.models.listing import page_count, page_number, pick
from portal.policy.agreement_states import AgreementState
from portal.policy.api_tokens import per_page
from portal.policy.categories import Category
from portal.registry.listing import public_registry
from portal.review.queue import parse_filters, queue_page

REGISTRY_CATEGORIES = tuple(c.value for c in Category)
REGISTRY_STATUSES = tuple(s.value for s in AgreementState)


def _paging(page: int, size: int, total: int) -> Paging:
    return Paging(page=page, per_page=size, total=total, pages=page_count(total, size))


def agreements(args: Mapping[str, str], today: date | None = None) -> AgreementPage:
    """Return the page of the public registry ``args`` asks for, filtered by category, status."""
    entries = public_registry(today).entries
    category = pick(args, "category", REGISTRY_CATEGORIES)
    status = pick(args, "status", REGISTRY_STATUSES)
    matches = [e for e in entries if (not category or e.category == category)
               and (not status or e.status == status)]
    size = per_page(args.get("per_page"))
    page = min(page_number(args), page_count(len(matches), size))
    shown = matches[(page - 1) * size:page * size]
    return AgreementPage(items=[PublicAgreement.model_validate(e.to_dict()) for e in shown],
                         paging=_paging(page, size, len(matches)))


def requests(user: User, args: Mapping[str, str]) -> RequestPage:
    """Return the page of ``user``'s visible requests that the queue's filters in ``args`` ask."""
    size = per_page(args.get("per_page"))
    found = queue_page(user, parse_filters(args), per_page=size)
    return RequestPage(items=[RequestSummary.of_row(row.request) for row in found.rows],
                       paging=_paging(found.filters.page, size, found.total))


def request_detail(user: User, request_id: int) -> RequestDetail:
    """Return the request, its status history and assessment as ``user`` may see them (or 404)."""
    req = request_for(user, request_id)
    internal = can_see_internal(user, req)
    events = select(RequestEvent).where(RequestEvent.request_id == req.id,
                                        RequestEvent.to_status.is_not(None))
    if not internal:  # a submitting party reads the steps its own timeline shows
        events = events.where(RequestEvent.visible_to_submitter.is_(True))
    history = db.session.scalars(events.order_by(RequestEvent.at, RequestEvent.id))
    scored = db.session.scalar(select(Assessment).where(
        Assessment.request_id == req.id, Assessment.is_current.is_(True))) if internal else None
    return RequestDetail(request=RequestSummary.of(req),
                         status_history=[StatusChange.of(e) for e in history],
                         assessment=AssessmentView.of(scored) if scored else None)
