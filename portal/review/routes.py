"""Serve the review: the CCO's queue, each request's page, and what staff do there."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response as WerkzeugResponse

from forms import BaseForm
from forms.agreements import SignedCopyForm
from forms.review import (
    DEFAULT_SIGNATORY,
    ConcernForm,
    ConsultationAnswerForm,
    ScoreChangeForm,
    SignatoryChoiceForm,
    VersionedForm,
)
from portal import access
from portal.access import ROLES_SEEING_ALL_SUBMITTED, ROLES_SEEING_SHARED, roles_required
from portal.assessment import services as assessment
from portal.extensions import db
from portal.intake.summary import summarise
from portal.models import Consultation, Division, EngagementRequest, RequestEvent, User
from portal.policy.answers import Origin
from portal.policy.categories import NOT_SURE, Category
from portal.policy.lifecycle import Action, Status, can
from portal.policy.review import UNDER_REVIEW, ReviewAction, assessment_refusal
from portal.policy.risk import RiskFlag
from portal.policy.roles import Role
from portal.policy.scoring import Band
from portal.policy.trust import may_verify
from portal.representatives import services as representatives
from portal.review import export, queue, services

bp = Blueprint("review", __name__, url_prefix="/review")

FormT = TypeVar("FormT", bound=VersionedForm)

STAFF_VIEWING = (*ROLES_SEEING_ALL_SUBMITTED, *ROLES_SEEING_SHARED)


@bp.route("/requests")
@roles_required(*ROLES_SEEING_ALL_SUBMITTED)
def requests() -> str:
    """Show the queue: filter, sort and page through every submitted request."""
    filters = queue.parse_filters(request.args)
    page = queue.queue_page(current_user, filters)
    return render_template(
        "review/queue.html", page=page, f=page.filters, statuses=[s for s in Status
                                                                  if s is not Status.DRAFT],
        categories=[*((c.value, c.label) for c in Category), (NOT_SURE, "Not sure yet")],
        origins={o.value: o.label for o in Origin}, bands=list(Band), risks=list(RiskFlag),
        divisions=_divisions(), reviewers=_reviewers(), sorts=queue.SORTS, today=date.today())


@bp.route("/requests.csv")
@roles_required(*ROLES_SEEING_ALL_SUBMITTED)
def requests_csv() -> Response:
    """Download the queue as filtered, every page, as CSV."""
    text = export.queue_csv(current_user, queue.parse_filters(request.args))
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="iap-requests-{date.today()}.csv"'})


def _divisions() -> list[Division]:
    return list(db.session.scalars(select(Division).order_by(Division.name)))


def _reviewers() -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.role == Role.CCO_REVIEWER.value, User.active.is_(True)).order_by(User.name)))


def render_request(req: EngagementRequest, *, forms: dict[str, Any] | None = None,
                   score_forms: dict[str, ScoreChangeForm] | None = None,
                   concern_form: ConcernForm | None = None,
                   answer_forms: dict[int, ConsultationAnswerForm] | None = None,
                   signed_form: SignedCopyForm | None = None,
                   signatory_form: SignatoryChoiceForm | None = None,
                   changed: dict[str, str] | None = None,
                   status: int = 200) -> tuple[str, int]:
    """Render a request's staff page, with any forms that came back with errors.

    ``changed`` says, by criterion key or ``"concern"``, what changed under a form that
    came back stale, to show at that form beside what the person typed.
    """
    from portal.agreements import services as agreements
    from portal.review.actions import make_form

    user = current_user
    internal = access.can_see_internal(user, req)
    query = select(RequestEvent).where(RequestEvent.request_id == req.id)
    if not internal:
        query = query.where(RequestEvent.visible_to_submitter.is_(True))
    events = db.session.scalars(query.order_by(RequestEvent.at, RequestEvent.id)).all()
    current = assessment.current_assessment(req)
    # Scores and concerns are the CCO's while the request is being assessed; the policy
    # closes them at the decision, and the page says so instead of offering the forms.
    assessment_closed = assessment_refusal(ReviewAction.SCORE, user.role_enum, req.status_enum)
    may_assess = assessment_closed is None
    forms = dict(forms or {})
    actions = services.available_actions(req, user)
    for name in actions:
        forms.setdefault(name, make_form(name, req, fresh=True))
    score_forms = dict(score_forms or {})
    if current and may_assess:
        for record in current.scores:
            score_forms.setdefault(record.criterion_key, _fresh(
                ScoreChangeForm(prefix=record.criterion_key, formdata=None), req))
    consultations = db.session.scalars(select(Consultation).where(
        Consultation.request_id == req.id).order_by(Consultation.asked_at)).all()
    if not internal:
        # A submitting division reads no consultation but one put to itself, to answer it.
        consultations = [c for c in consultations if c.division_id == user.division_id]
        current = None
    declaration = services.declaration_of(req, user)
    # The policy says whether this reviewer chooses who signs now; a reviewer told "no" for
    # a partnership reads why, and nobody else is shown the choice at all.
    signatory_refusal = (assessment.signatory_choice_refusal(req, user)
                         if internal and user.role_enum is Role.CCO_REVIEWER else "")
    if signatory_form is None and signatory_refusal is None:
        signatory_form = _fresh(SignatoryChoiceForm(
            office=req.partnership_office or DEFAULT_SIGNATORY, formdata=None), req)
    return render_template(
        "review/request.html", req=req, sections=summarise(req), events=events,
        risks=assessment.risks(req) if internal else [], gates=assessment.eligibility(req),
        suggestion=assessment.suggestion(req), signatory=assessment.signatory(req),
        current=current, rubric=assessment.rubric_of(current.rubric_version) if current else None,
        newest=assessment.newest_rubric_version(), score_forms=score_forms,
        concern_form=concern_form or _fresh(ConcernForm(concern=req.reputational_concern,
                                                        formdata=None), req),
        may_assess=may_assess and internal, changed=changed or {},
        assessment_closed=(assessment_closed if user.role_enum is Role.CCO_REVIEWER
                           else None), internal=internal, actions=actions, forms=forms,
        consultations=consultations,
        decision_refusal=services.decision_refused_to(req, user),
        blocked=services.blocked_actions(req, user),
        declaration=declaration,
        answer_forms={c.id: (answer_forms or {}).get(c.id) or ConsultationAnswerForm(
            prefix=f"c{c.id}", formdata=None)
            for c in consultations if services.can_answer(c, user)},
        drafts=agreements.drafts_of(req), agreement=agreements.agreement_of(req),
        may_draft=can(req.status_enum, Action.DRAFT_AGREEMENT, user.role_enum),
        may_approve_form=can(req.status_enum, Action.APPROVE_AS_TO_FORM, user.role_enum),
        may_record_signature=can(req.status_enum, Action.RECORD_SIGNATURE, user.role_enum),
        signed_form=signed_form or SignedCopyForm(formdata=None),
        unverified_submitter=representatives.has_unverified_submitter(req),
        may_verify=may_verify(user.role_enum),
        signatory_form=signatory_form if signatory_refusal is None else None,
        signatory_refusal=(signatory_refusal if req.category is Category.PARTNERSHIP_CITY
                           else None),
    ), status


@bp.route("/requests/<int:request_id>")
@roles_required(*STAFF_VIEWING)
def show(request_id: int) -> tuple[str, int]:
    """Show a submitted request: risks first, eligibility, scores, answers and timeline."""
    return render_request(access.request_for(current_user, request_id))


def _fresh(form: FormT, req: EngagementRequest) -> FormT:
    """Return ``form`` carrying the request's version, as the page now shows it."""
    form.version.data = str(req.version)
    return form


def _closed(req: EngagementRequest, closed: Exception) -> tuple[str, int]:
    """Show the page again saying why the assessment is closed; nothing was saved."""
    db.session.rollback()
    flash(str(closed), "error")
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
        # Another reviewer saved between our read and our write: tell what they saved.
        db.session.rollback()
        record = next(s for s in assessment.current_assessment(req).scores
                      if s.criterion_key == key)
        return _changed_since(req, assessment.score_changed_since(record),
                              score_forms={key: form})
    flash(_("Score saved."), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor=f"criterion-{key}"))


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
    touching = (select(EngagementRequest.sponsoring_division_id.label("division_id"),
                       EngagementRequest.id.label("request_id"))
                .where(EngagementRequest.status != Status.DRAFT.value)
                .union(select(Consultation.division_id, Consultation.request_id)).subquery())
    counts = dict(db.session.execute(
        select(touching.c.division_id, func.count(func.distinct(touching.c.request_id)))
        .group_by(touching.c.division_id)).all())
    return render_template("review/working_group.html", divisions=_divisions(), counts=counts)


@bp.route("/working-group/<code>")
@roles_required(*STAFF_VIEWING)
def working_group_division(code: str) -> str:
    """List the submitted requests a division sponsors or was consulted on."""
    division = db.session.scalars(select(Division).where(Division.code == code)).first()
    if division is None:
        abort(404)
    consulted = select(Consultation.request_id).where(Consultation.division_id == division.id)
    query = access.visible_requests(current_user, select(EngagementRequest)).where(
        EngagementRequest.status != Status.DRAFT.value,
        (EngagementRequest.sponsoring_division_id == division.id)
        | EngagementRequest.id.in_(consulted))
    rows = db.session.scalars(query.order_by(EngagementRequest.submitted_at.desc()).limit(500)
                              ).all()
    return render_template("review/working_group_division.html", division=division, rows=rows)
