"""Serve the staff view of submitted requests (the review queue issue builds on this)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from forms import BaseForm
from forms.review import ConcernForm, ScoreChangeForm
from portal import access
from portal.access import ROLES_SEEING_ALL_SUBMITTED, roles_required
from portal.assessment import services as assessment
from portal.extensions import db
from portal.intake.summary import summarise
from portal.models import EngagementRequest, RequestEvent
from portal.policy.lifecycle import Status
from portal.policy.roles import Role

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


def _page(req: EngagementRequest, *, score_forms: dict[str, ScoreChangeForm] | None = None,
          concern_form: ConcernForm | None = None, status: int = 200) -> tuple[str, int]:
    events = db.session.scalars(
        select(RequestEvent).where(RequestEvent.request_id == req.id)
        .order_by(RequestEvent.at, RequestEvent.id)
    ).all()
    current = assessment.current_assessment(req)
    rubric = assessment.rubric_of(current.rubric_version) if current else None
    newest = assessment.newest_rubric_version()
    forms = score_forms or {}
    if current and current_user.role_enum is Role.CCO_REVIEWER:
        for record in current.scores:
            forms.setdefault(record.criterion_key, ScoreChangeForm(prefix=record.criterion_key))
    return render_template(
        "review/request.html", req=req, sections=summarise(req), events=events,
        risks=assessment.risks(req), gates=assessment.eligibility(req),
        suggestion=assessment.suggestion(req), signatory=assessment.signatory(req),
        current=current, rubric=rubric, newest=newest, score_forms=forms,
        concern_form=concern_form or ConcernForm(concern=req.reputational_concern),
        may_assess=current_user.role_enum is Role.CCO_REVIEWER,
    ), status


@bp.route("/requests/<int:request_id>")
@roles_required(*ROLES_SEEING_ALL_SUBMITTED)
def show(request_id: int) -> tuple[str, int]:
    """Show a submitted request: risks first, eligibility, scores, answers and timeline."""
    return _page(access.request_for(current_user, request_id))


@bp.route("/requests/<int:request_id>/scores/<key>", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def change_score(request_id: int, key: str) -> Response | tuple[str, int]:
    """Record a reviewer's score for one criterion, with its justification."""
    req = access.request_for(current_user, request_id)
    current = assessment.current_assessment(req)
    if current is None or key not in {s.criterion_key for s in current.scores}:
        abort(404)
    form = ScoreChangeForm(prefix=key)
    if not form.validate_on_submit():
        return _page(req, score_forms={key: form}, status=400)
    assessment.change_score(req, current_user, key, int(form.score.data),
                            form.justification.data)
    db.session.commit()
    flash(_("Score saved."), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor=f"criterion-{key}"))


@bp.route("/requests/<int:request_id>/rescore", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def rescore(request_id: int) -> Response:
    """Score the request again under the newest rubric version."""
    req = access.request_for(current_user, request_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    version = assessment.score_request(req, current_user).rubric_version.version
    db.session.commit()
    flash(_("Scored again under rubric version %(v)s.", v=version), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor="scores"))


@bp.route("/requests/<int:request_id>/concern", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def concern(request_id: int) -> Response | tuple[str, int]:
    """Raise or clear a reputational concern about the request."""
    req = access.request_for(current_user, request_id)
    form = ConcernForm()
    if not form.validate_on_submit():
        return _page(req, concern_form=form, status=400)
    assessment.raise_reputational_concern(req, current_user, form.concern.data or "")
    db.session.commit()
    flash(_("Risk flags updated."), "success")
    return redirect(url_for("review.show", request_id=req.id))
