"""Serve the review: the CCO's queue, each request's page, and what staff do there."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response as WerkzeugResponse

from forms import BaseForm
from forms.review import (
    ConcernForm,
    ConsultationAnswerForm,
    ScoreChangeForm,
    SignatoryChoiceForm,
)
from portal import access
from portal.access import ROLES_SEEING_ALL_SUBMITTED, ROLES_SEEING_SHARED, roles_required
from portal.assessment import services as assessment
from portal.extensions import db
from portal.models import Consultation, Division, EngagementRequest, User
from portal.policy import queue_counts
from portal.policy.answers import Origin
from portal.policy.categories import NOT_SURE, Category
from portal.policy.lifecycle import Status
from portal.policy.review import UNDER_REVIEW
from portal.policy.risk import RiskFlag
from portal.policy.roles import Role
from portal.policy.scoring import Band
from portal.review import export, queue, services
from portal.review.pages import PAGE_LOADS, render_request
from portal.review.queue_lines import ViewLinks, queue_lines
from portal.translation import translate

bp = Blueprint("review", __name__, url_prefix="/review")

STAFF_VIEWING = (*ROLES_SEEING_ALL_SUBMITTED, *ROLES_SEEING_SHARED)


@bp.route("/requests")
@roles_required(*ROLES_SEEING_ALL_SUBMITTED)
def requests() -> str:
    """Show the queue: filter, sort and page through every submitted request."""
    filters = queue.parse_filters(request.args)
    page = queue.queue_page(current_user, filters, count_limit=queue_counts.PAGE_COUNT_LIMIT)
    return render_template(
        "review/queue.html", page=page, lines=queue_lines(page.rows), f=page.filters,
        view_url=ViewLinks(url_for("review.requests"), page.filters),
        statuses=[s for s in Status if s is not Status.DRAFT],
        categories=[*((c.value, c.label) for c in Category), (NOT_SURE, "Not sure yet")],
        origins={o.value: o.label for o in Origin}, bands=list(Band), risks=list(RiskFlag),
        divisions=Division.names(), reviewers=User.active_cco_reviewer_names(), sorts=queue.SORTS,
        today=date.today())


@bp.route("/requests.csv")
@roles_required(*ROLES_SEEING_ALL_SUBMITTED)
def requests_csv() -> Response:
    """Download the queue as filtered, every page, as CSV."""
    text = export.queue_csv(current_user, queue.parse_filters(request.args))
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="iap-requests-{date.today()}.csv"'})


@bp.route("/requests/<int:request_id>")
@roles_required(*STAFF_VIEWING)
def show(request_id: int) -> tuple[str, int]:
    """Show a submitted request: risks first, eligibility, scores, answers and timeline."""
    return render_request(access.request_for(current_user, request_id, *PAGE_LOADS))


def _closed(req: EngagementRequest, closed: Exception) -> tuple[str, int]:
    """Show the page again saying why the assessment is closed; nothing was saved."""
    db.session.rollback()
    # Its sentence may be a policy phrase: said in the page's language before the flash
    # stores it as text.
    flash(translate(closed.args[0]) if closed.args else str(closed), "error")
    return render_request(req, status=409)


def _changed_since(req: EngagementRequest, what: str, *,
                   score_forms: dict[str, ScoreChangeForm] | None = None,
                   concern_form: ConcernForm | None = None) -> tuple[str, int]:
    """Show the page again with what the person typed and what changed; nothing was saved.

    The form carries the version the page now shows, so sending it again (having read what
    changed) is a deliberate choice, not a second silent overwrite.
    """
    db.session.rollback()
    fresh = db.session.get(EngagementRequest, req.id)
    if fresh is None:
        abort(404)
    for form in [*(score_forms or {}).values(), *([concern_form] if concern_form else [])]:
        form.version.data = str(fresh.version)
    flash(_("This request changed since you opened it. Nothing was saved: what you typed is "
            "below, beside what changed; check it, then save again if you still mean it."),
          "error")
    keys = [*(score_forms or {}), *(["concern"] if concern_form else [])]
    return render_request(fresh, score_forms=score_forms, concern_form=concern_form,
                          changed=dict.fromkeys(keys, what), status=409)


@bp.route("/requests/<int:request_id>/scores/<key>", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def change_score(request_id: int, key: str) -> WerkzeugResponse | tuple[str, int]:
    """Record a reviewer's score for one criterion, with its justification."""
    req = access.request_for(current_user, request_id)
    current = assessment.current_assessment(req)
    if current is None or key not in {s.criterion_key for s in current.scores}:
        abort(404)
    form = ScoreChangeForm(prefix=key)
    if not form.validate_on_submit():
        return render_request(req, score_forms={key: form}, status=400)
    try:
        assessment.change_score(req, current_user, key, int(form.score.data),
                                form.justification.data, expected_version=form.expected_version)
        db.session.commit()
    except assessment.AssessmentClosed as closed:
        return _closed(req, closed)
    except assessment.AssessmentChanged as changed:
        return _changed_since(req, changed.what, score_forms={key: form})
    except StaleDataError:
        return _score_changed_by_another(req, key, form)
    flash(_("Score saved."), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor=f"criterion-{key}"))


def _score_changed_by_another(req: EngagementRequest, key: str,
                              form: ScoreChangeForm) -> tuple[str, int]:
    """Another reviewer saved between our read and our write: tell what they saved."""
    db.session.rollback()
    record = next(s for s in assessment.current_assessment(req).scores
                  if s.criterion_key == key)
    return _changed_since(req, assessment.score_changed_since(record), score_forms={key: form})


@bp.route("/requests/<int:request_id>/rescore", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def rescore(request_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Score the request again under the newest rubric version, while it is assessed."""
    req = access.request_for(current_user, request_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    try:
        version = assessment.rescore_request(req, current_user).rubric_version.version
        db.session.commit()
    except assessment.AssessmentClosed as closed:
        return _closed(req, closed)
    except StaleDataError:
        db.session.rollback()
        flash(_("This request changed since you opened it. Nothing was changed."), "error")
        return render_request(req, status=409)
    flash(_("Scored again under rubric version %(v)s.", v=version), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor="scores"))


@bp.route("/requests/<int:request_id>/concern", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def concern(request_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Raise or clear a reputational concern about the request."""
    req = access.request_for(current_user, request_id)
    form = ConcernForm()
    if not form.validate_on_submit():
        return render_request(req, concern_form=form, status=400)
    try:
        assessment.raise_reputational_concern(req, current_user, form.concern.data or "",
                                              expected_version=form.expected_version)
        db.session.commit()
    except assessment.AssessmentClosed as closed:
        return _closed(req, closed)
    except assessment.AssessmentChanged as changed:
        return _changed_since(req, changed.what, concern_form=form)
    except StaleDataError:
        db.session.rollback()
        return _changed_since(req, assessment.concern_changed_since(req), concern_form=form)
    flash(_("Risk flags updated."), "success")
    return redirect(url_for("review.show", request_id=req.id))


@bp.route("/requests/<int:request_id>/signatory", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def choose_signatory(request_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Choose who signs a Partnership City: the Mayor or designate, or the City Manager."""
    req = access.request_for(current_user, request_id)
    form = SignatoryChoiceForm()
    if not form.validate_on_submit():
        return render_request(req, signatory_form=form, status=400)
    try:
        assessment.choose_partnership_office(req, current_user, form.chosen_office,
                                             expected_version=form.expected_version)
        db.session.commit()
    except assessment.AssessmentClosed as closed:
        return _closed(req, closed)
    except (assessment.AssessmentChanged, StaleDataError) as changed:
        db.session.rollback()
        fresh = db.session.get(EngagementRequest, req.id)
        if fresh is None:
            abort(404)
        form.version.data = str(fresh.version)
        what = (changed.what if isinstance(changed, assessment.AssessmentChanged)
                else assessment.signatory_changed_since(fresh))
        return render_request(fresh, signatory_form=form, changed={"signatory": what},
                              status=409)
    flash(_("Signatory recorded."), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor="signatory-title"))


@bp.route("/consultations/<int:consultation_id>", methods=["POST"])
@roles_required(*STAFF_VIEWING)
def answer_consultation(consultation_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Answer a consultation for one's office."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    req = access.request_for(current_user, consultation.request_id)
    if not services.can_answer(consultation, current_user):
        abort(404)
    form = ConsultationAnswerForm(prefix=f"c{consultation.id}")
    if not form.validate_on_submit():
        return render_request(req, answer_forms={consultation.id: form}, status=400)
    services.answer_consultation(consultation, current_user, form.text.data)
    db.session.commit()
    flash(_("Your answer was sent to the City Clerk's Office."), "success")
    return redirect(url_for("review.show", request_id=req.id))


@bp.route("/shared")
@roles_required(*ROLES_SEEING_SHARED)
def shared() -> str:
    """List the consultations put to the user's office, open ones first."""
    asked = db.session.scalars(
        select(Consultation).where(Consultation.division_id == current_user.division_id)
        .order_by(Consultation.answered_at.is_not(None), Consultation.asked_at.desc())
        .limit(200)).all()
    return render_template("review/shared.html", consultations=asked,
                           open_states=[s.value for s in UNDER_REVIEW])


@bp.route("/working-group")
@roles_required(*STAFF_VIEWING)
def working_group() -> str:
    """List the divisions with the number of open requests that touch each."""
    # Requests no division sponsors are left out: they count for no division, and they are
    # most of the queue (ix_request_sponsor reads the rest).
    touching = (select(EngagementRequest.sponsoring_division_id.label("division_id"),
                       EngagementRequest.id.label("request_id"))
                .where(EngagementRequest.sponsoring_division_id.is_not(None),
                       access.submitted())
                .union(select(Consultation.division_id, Consultation.request_id)).subquery())
    counts = dict(db.session.execute(
        select(touching.c.division_id, func.count(func.distinct(touching.c.request_id)))
        .group_by(touching.c.division_id)).all())
    return render_template("review/working_group.html", divisions=Division.by_name(), counts=counts)


@bp.route("/working-group/<code>")
@roles_required(*STAFF_VIEWING)
def working_group_division(code: str) -> str:
    """List the submitted requests a division sponsors or was consulted on."""
    division = db.session.scalars(select(Division).where(Division.code == code)).first()
    if division is None:
        abort(404)
    consulted = select(Consultation.request_id).where(Consultation.division_id == division.id)
    query = access.visible_requests(current_user, select(EngagementRequest)).where(
        access.submitted(),
        (EngagementRequest.sponsoring_division_id == division.id)
        | EngagementRequest.id.in_(consulted))
    rows = db.session.scalars(query.order_by(EngagementRequest.submitted_at.desc()).limit(500)
                              ).all()
    return render_template("review/working_group_division.html", division=division, rows=rows)
