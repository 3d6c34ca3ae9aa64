"""Serve the staff view of submitted requests (the review queue issue builds on this)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal import access
from portal.access import ROLES_SEEING_ALL_SUBMITTED, roles_required
from portal.extensions import db
from portal.intake.summary import summarise
from portal.models import EngagementRequest, RequestEvent
from portal.policy.lifecycle import Status

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.route("/requests")
@roles_required(*ROLES_SEEING_ALL_SUBMITTED)
def requests() -> str:
    """List submitted requests, newest first, with their status, a page at a time."""
    status = request.args.get("status", "")
    query = access.visible_requests(current_user, select(EngagementRequest))
    if status in {s.value for s in Status}:
        query = query.where(EngagementRequest.status == status)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    per_page = 25
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.options(selectinload(EngagementRequest.counterpart_city),
                      selectinload(EngagementRequest.sponsoring_division))
        .order_by(EngagementRequest.submitted_at.desc(), EngagementRequest.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return render_template("review/requests.html", rows=rows, total=total, page=page,
                           per_page=per_page, status=status,
                           statuses=[s for s in Status if s is not Status.DRAFT])


@bp.route("/requests/<int:request_id>")
@roles_required(*ROLES_SEEING_ALL_SUBMITTED)
def show(request_id: int) -> str:
    """Show a submitted request with every answer, its documents and its timeline."""
    req = access.request_for(current_user, request_id)
    events = db.session.scalars(
        select(RequestEvent).where(RequestEvent.request_id == req.id)
        .order_by(RequestEvent.at, RequestEvent.id)
    ).all()
    return render_template("review/request.html", req=req, sections=summarise(req),
                           events=events)
