"""Serve the guided intake: my requests, the task list, each page, check answers, submit."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.interfaces import ORMOption
from werkzeug.wrappers import Response

from forms.intake import MAX_OUTCOMES, IntakeForm, PurposeForm
from forms.submission import AnswerForm, DeclarationForm, WithdrawForm
from portal import access
from portal.access import roles_required, signed_in
from portal.assessment import services as assessment
from portal.extensions import db
from portal.intake import gate, progress, services
from portal.intake.steps import PROGRESS_LABELS, Progress, Step, next_step, step_for, steps_for
from portal.intake.summary import summarise
from portal.models import Agreement, AgreementDraft, Document, EngagementRequest, RequestEvent
from portal.models.agreements import approved_of
from portal.policy.inbox import awaits_submitter
from portal.policy.lifecycle import Status, can_withdraw
from portal.policy.next_step import TaskKind
from portal.policy.roles import Role
from portal.policy.submission import is_refused_counterpart, requires_letter_of_intent

bp = Blueprint("intake", __name__, url_prefix="/requests")

FILERS = (Role.CITY, Role.DIVISION_STAFF)


# What checking and submitting a draft reads of it (the sections' answers, the eligibility,
# the scores): loaded with the draft in one query, not one query each on first reading.
_WHOLE_DRAFT = (joinedload(EngagementRequest.counterpart_city),
                joinedload(EngagementRequest.sponsoring_division),
                joinedload(EngagementRequest.outcomes), joinedload(EngagementRequest.documents))


def _own_request(request_id: int, options: Sequence[ORMOption] = (),
                 locked: bool = False) -> EngagementRequest:
    req = access.request_for(current_user, request_id, *options, locked=locked)
    if not access.is_submitting_party(current_user, req):
        abort(404)
    return req


def _draft(request_id: int) -> EngagementRequest:
    return _unless_submitted(_own_request(request_id))


def _unless_submitted(req: EngagementRequest) -> EngagementRequest:
    if req.status_enum is not Status.DRAFT:
        access.turn_away(url_for("intake.show", request_id=req.id), _(
            "This request has been submitted, so its answers can no longer be changed."))
    return req


@bp.route("")
@roles_required(*FILERS)
def my_requests() -> str:
    """List the user's city's or division's requests: those needing an answer first."""
    query = access.own_requests(
        current_user, select(EngagementRequest).order_by(EngagementRequest.updated_at.desc()))
    requests = list(db.session.scalars(query))
    drafts = [r for r in requests if r.status_enum is Status.DRAFT]
    # The requests waiting on the submitter's answer come first, marked "Action needed".
    waiting = [r for r in requests if awaits_submitter(r.status_enum)]
    submitted = [r for r in requests if r.status_enum is not Status.DRAFT and r not in waiting]
    return render_template("intake/my_requests.html", drafts=drafts, waiting=waiting,
                           submitted=submitted)


@bp.route("/new", methods=["POST"])
@roles_required(*FILERS)
def start() -> Response:
    """Open a new draft and show its task list."""
    req = services.start_request(current_user)
    db.session.commit()
    return redirect(url_for("intake.show", request_id=req.id))


@bp.route("/<int:request_id>")
@roles_required(*FILERS)
def show(request_id: int) -> str | tuple[str, int]:
    """Show a draft's task list, or a submitted request's status and timeline."""
    req = _own_request(request_id)
    if req.status_enum is Status.DRAFT:
        steps = [(step, step.progress(req)) for step in steps_for(req)]
        done = sum(1 for _s, progress in steps if progress is Progress.COMPLETED)
        return render_template("intake/task_list.html", req=req, steps=steps, done=done,
                               labels=PROGRESS_LABELS, Progress=Progress,
                               gate=gate.notice(req, current_user), states=gate.STATE_NAMES)
    return _status_page(req, _submitter_events(req))


def _status_page(req: EngagementRequest, events: Any, answer_form: AnswerForm | None = None,
                 status: int = 200) -> tuple[str, int]:
    question = next((e for e in reversed(events)
                     if e.to_status == Status.INFORMATION_REQUESTED.value), None)
    step, task = progress.progress_of(req, current_user)
    # The answer form is there exactly when the policy says the city must answer.
    waiting = task is not None and task.kind is TaskKind.ANSWER_QUESTION
    return render_template(
        "intake/status.html", req=req, events=events, sections=summarise(req),
        step=step, task=task,
        approved_draft=approved_of(AgreementDraft.of_request(req)),
        agreement=Agreement.of_request(req),
        can_withdraw=can_withdraw(req.status_enum), question=question if waiting else None,
        answer_form=answer_form or (AnswerForm(formdata=None) if waiting else None)), status


def _submitter_events(req: EngagementRequest) -> Any:
    return db.session.scalars(
        select(RequestEvent)
        .where(RequestEvent.request_id == req.id, RequestEvent.visible_to_submitter.is_(True))
        .order_by(RequestEvent.at, RequestEvent.id)
    ).all()


@bp.route("/<int:request_id>/answer", methods=["POST"])
@roles_required(*FILERS)
def answer(request_id: int) -> Response | tuple[str, int]:
    """Answer the reviewers' question, with a document if one is needed."""
    req = _own_request(request_id)
    if req.status_enum is not Status.INFORMATION_REQUESTED:
        flash(_("There is no question waiting for your answer."), "info")
        return redirect(url_for("intake.show", request_id=req.id))
    form = AnswerForm()
    if not form.validate_on_submit():
        return _status_page(req, _submitter_events(req), form, status=400)
    services.answer_information(req, current_user, form.text.data, form.checked_document)
    db.session.commit()
    flash(_("Thank you: your answer was sent to the City Clerk's Office."), "success")
    return redirect(url_for("intake.show", request_id=req.id))


def _form_for(req: EngagementRequest, step: Step) -> IntakeForm:
    # FlaskForm reads the posted fields and files itself; on a GET it shows what is stored.
    kwargs: dict[str, Any] = {}
    if step.slug == "contacts":
        kwargs = {"letter_on_file": req.letter_of_intent is not None,
                  "letter_required": requires_letter_of_intent(req.origin)}
    if step.slug == "signing":
        kwargs = {"country_code": req.counterpart_city.country_code
                  if req.counterpart_city else None}
    if step.slug == "agreement":
        kwargs = {"duplicates": partial(gate.duplicates, req),
                  "counterpart": req.counterpart_city.name if req.counterpart_city else ""}
    form = step.form(obj=req, **kwargs)
    if request.method == "GET":
        form.load(req)
    return form


@bp.route("/<int:request_id>/<slug>", methods=["GET", "POST"])
@roles_required(*FILERS)
def step(request_id: int, slug: str) -> str | Response:
    """Ask one page of questions; save what is valid whichever button is pressed."""
    req = _draft(request_id)
    page = step_for(req, slug)
    if page is None:
        abort(404)
    form = _form_for(req, page)
    if request.method == "GET":
        return _render_step(req, page, form)
    form.saving_draft = True
    draft_ok = form.validate()
    services.save_page(req, current_user, page, **form.answers(page.fields))
    db.session.commit()
    action = request.form.get("action", "continue")
    if action == "add_outcome" and isinstance(form, PurposeForm):
        if len(form.outcomes.entries) < MAX_OUTCOMES:
            form.outcomes.append_entry()
        return _render_step(req, page, form)
    if action == "later":
        return _saved_for_later(req, page, form, draft_ok)
    form.saving_draft = False
    return _after_page(req, page, form)


def _saved_for_later(req: EngagementRequest, page: Step, form: IntakeForm,
                     draft_ok: bool) -> str | Response:
    """Leave for My requests once every answer is saved; else show what needs fixing."""
    if not draft_ok:
        return _render_step(req, page, form)
    flash(_("Your answers are saved. You can come back to this request at any time "
            "from My requests."), "success")
    return redirect(url_for("intake.my_requests"))


def _after_page(req: EngagementRequest, page: Step, form: IntakeForm) -> str | Response:
    """Go on to the next page (or back to check answers) once the page is complete."""
    if not form.validate():
        return _render_step(req, page, form)
    if page.slug in ("about-you", "counterpart") and is_refused_counterpart(req.kind):
        return redirect(url_for("intake.not_eligible", request_id=req.id))
    following = next_step(req, page)
    if following is None or request.args.get("return") == "check":
        return redirect(url_for("intake.check", request_id=req.id))
    return redirect(url_for("intake.step", request_id=req.id, slug=following.slug))


def _render_step(req: EngagementRequest, page: Step, form: Any) -> str:
    steps = steps_for(req)
    told = gate.notice(req, current_user) if page.slug == "agreement" else None
    return render_template("intake/step.html", req=req, page=page, form=form,
                           number=steps.index(page) + 1, total=len(steps),
                           returning=request.args.get("return") == "check", gate=told,
                           states=gate.STATE_NAMES)


@bp.route("/<int:request_id>/not-eligible")
@roles_required(*FILERS)
def not_eligible(request_id: int) -> str:
    """Say that the program is city-to-city only, and where to turn instead."""
    req = _own_request(request_id)
    if not is_refused_counterpart(req.kind):
        abort(404)
    return render_template("intake/not_eligible.html", req=req, kind=req.kind)


@bp.route("/<int:request_id>/check", methods=["GET", "POST"])
@roles_required(*FILERS)
def check(request_id: int) -> str | Response | tuple[str, int]:
    """Show every answer with a change link; submit after the declaration.

    The form carries a one-time token of the draft as shown: sent again after it submitted
    the request (a double click, a retry after a lost answer), it is answered with the
    confirmation of that request, and nothing happens twice.
    """
    form = DeclarationForm()
    token = form.submission_token.data or None
    req = _submittable(request_id, token)
    if not form.validate_on_submit():
        return _check_page(req, form, services.submission_problems(req, current_user))
    try:  # the service asks what stops the submission, and refuses with it: asked once
        services.submit(req, current_user, token)
        db.session.commit()
    except services.CannotSubmit as refused:
        db.session.rollback()
        return _check_page(req, form, refused.problems)
    except StaleDataError:
        return _changed_meanwhile(request_id, token)
    # request_id, not req.id: the commit expired req, and reading it would load it again.
    return redirect(url_for("intake.confirmation", request_id=request_id))


def _changed_meanwhile(request_id: int, token: str | None) -> tuple[str, int]:
    """Answer with the draft as it is now: another request changed it while submitting.

    The same form sent twice at once, or an edit in another tab: nothing was submitted by
    this one.
    """
    db.session.rollback()
    return _check_page(_submittable(request_id, token), DeclarationForm(),
                       [services.PAGE_OUT_OF_DATE])


def _submittable(request_id: int, token: str | None) -> EngagementRequest:
    """Return the party's draft to check and submit, or leave for where it went.

    Sent again after it submitted the request, the form is answered with that request's
    confirmation; a request submitted otherwise opens on its page.
    """
    # A submission holds the draft's row from this first read to its commit: the same form
    # sent twice at once (a double click) makes the second wait here, not at a row the first
    # holds while it waits for one the second holds, and it then reads the draft submitted.
    req = _own_request(request_id, _WHOLE_DRAFT, locked=request.method == "POST")
    if request.method == "POST" and services.submitted_with(req, token):
        abort(redirect(url_for("intake.confirmation", request_id=req.id)))
    return _unless_submitted(req)


def _check_page(req: EngagementRequest, form: DeclarationForm,
                problems: list[str]) -> tuple[str, int]:
    form.submission_token.data = services.submission_token(req)  # always the draft as shown
    status = 400 if request.method == "POST" else 200
    return render_template("intake/check.html", req=req, sections=summarise(req), form=form,
                           problems=problems, suggestion=assessment.suggestion(req),
                           gate=gate.notice(req, current_user), states=gate.STATE_NAMES), status


@bp.route("/<int:request_id>/confirmation")
@roles_required(*FILERS)
def confirmation(request_id: int) -> str | Response:
    """Confirm a submission with its reference number."""
    req = _own_request(request_id)
    if req.reference is None:
        return redirect(url_for("intake.show", request_id=req.id))
    return render_template("intake/confirmation.html", req=req)


@bp.route("/<int:request_id>/withdraw", methods=["GET", "POST"])
@roles_required(*FILERS)
def withdraw(request_id: int) -> str | Response:
    """Withdraw a submitted request before a decision is made."""
    req = _own_request(request_id)
    if not can_withdraw(req.status_enum):
        flash(_("This request can no longer be withdrawn."), "info")
        return redirect(url_for("intake.show", request_id=req.id))
    form = WithdrawForm()
    if form.validate_on_submit():
        services.withdraw(req, current_user, form.reason.data or "")
        db.session.commit()
        flash(_("Request %(ref)s has been withdrawn.", ref=req.reference), "success")
        return redirect(url_for("intake.show", request_id=req.id))
    return render_template("intake/withdraw.html", req=req, form=form)


@bp.route("/<int:request_id>/delete", methods=["GET", "POST"])
@roles_required(*FILERS)
def delete(request_id: int) -> str | Response:
    """Delete a draft that will not be submitted, after asking."""
    found = _draft(request_id)
    if request.method == "POST":
        services.discard_draft(found)
        db.session.commit()
        flash(_("The draft has been deleted."), "success")
        return redirect(url_for("intake.my_requests"))
    return render_template("intake/delete.html", req=found, form=DeclarationForm())


@bp.route("/<int:request_id>/documents/<int:document_id>")
@signed_in
def document(request_id: int, document_id: int) -> Response:
    """Send a document as an attachment to those who may see its request."""
    req = access.request_for(current_user, request_id)
    doc = db.session.get(Document, document_id)
    if doc is None or doc.request_id != req.id:
        abort(404)
    from io import BytesIO

    response = send_file(BytesIO(doc.content), mimetype=doc.media_type, as_attachment=True,
                         download_name=doc.filename, last_modified=doc.uploaded_at)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

