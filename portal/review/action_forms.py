"""Hold what each review action needs: its form, the service verb it calls, what to say.

The request page draws the forms of the actions open to the reader (``make_form``) and the
action route validates the posted one and calls its verb, so both read this one table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash
from flask_babel import gettext as _

from forms.review import (
    ApprovalForm,
    AssignForm,
    CategoryForm,
    ClaimForm,
    CommentForm,
    ConsultForm,
    DecisionForm,
    DivisionForm,
    GovernmentConsultationForm,
    MessageForm,
    QuestionForm,
    ResumeForm,
    SignatoryDeclineForm,
    VersionedForm,
    WithdrawConsultationForm,
)
from portal.database import remembered
from portal.extensions import db
from portal.models import Consultation, Division, EngagementRequest, User
from portal.policy.categories import Category
from portal.policy.decisions import is_signatorys_decision
from portal.policy.lifecycle import Action
from portal.policy.page_actions import PageAction
from portal.review import services

Handler = Callable[[EngagementRequest, User, Any], None]

def _division(form: Any) -> Division:
    division = db.session.get(Division, form.division_id)
    if division is None:
        raise services.ActionRefused(_("Select a division from the list."))
    return division


def _claim(req: EngagementRequest, user: User, form: ClaimForm) -> None:
    conflict = form.has_conflict.data == "yes"
    services.declare_conflict(req, user, conflict, form.detail.data or "")
    if conflict:
        flash(_("Your conflict of interest is recorded; the request is not assigned to you."),
              "info")
        return
    services.assign(req, user, user)


def _decline(req: EngagementRequest, user: User, form: Any) -> None:
    # The named signatory chooses who reads the reasons; a reviewer's always reach the city.
    for_city = form.for_city if isinstance(form, SignatoryDeclineForm) else True
    services.decline(req, user, form.text.data, for_city=for_city)


def _withdraw_consultation(req: EngagementRequest, user: User,
                           form: WithdrawConsultationForm) -> None:
    consultation = db.session.get(Consultation, form.consultation_id)
    if consultation is None or consultation.request_id != req.id:
        raise services.ActionRefused(_("Select a consultation from the list."))
    services.withdraw_consultation(req, user, consultation, form.text.data)


def _assign(req: EngagementRequest, user: User, form: AssignForm) -> None:
    assignee = db.session.get(User, form.assignee_id)
    if assignee is None:
        raise services.ActionRefused(_("Select a reviewer from the list."))
    services.assign(req, user, assignee)


@dataclass(frozen=True)
class ReviewStep:
    """What one action needs: its form, its verb and what to say when done."""

    form: type[VersionedForm]
    handler: Handler
    done: str


def _text_verb(verb: Callable[..., None]) -> Handler:
    return lambda req, user, form: verb(req, user, form.text.data)


ACTIONS: dict[PageAction, ReviewStep] = {
    PageAction.CLAIM: ReviewStep(ClaimForm, _claim, "Your declaration is recorded."),
    PageAction.ASSIGN: ReviewStep(AssignForm, _assign, "The request is assigned."),
    PageAction.START_TRIAGE: ReviewStep(
        VersionedForm, lambda r, u, f: services.start_triage(r, u), "Triage started."),
    PageAction.START_REVIEW: ReviewStep(
        VersionedForm, lambda r, u, f: services.start_review(r, u), "Review started."),
    PageAction.REQUEST_INFORMATION: ReviewStep(
        QuestionForm, _text_verb(services.request_information),
        "Your question was sent to the submitter."),
    PageAction.RECOMMEND: ReviewStep(DecisionForm, _text_verb(services.recommend),
                                     "Recommended to the signing authority."),
    PageAction.RESUME_REVIEW: ReviewStep(ResumeForm, _text_verb(services.resume_review),
                                         "The review resumed; the submitter has been told."),
    PageAction.DECLINE: ReviewStep(DecisionForm, _decline,
                                   "Declined; the submitter has been told."),
    PageAction.APPROVE: ReviewStep(
        ApprovalForm,
        lambda r, u, f: services.approve(r, u, f.text.data or "", for_city=f.for_city),
        "Approved."),
    PageAction.SETTLE_CATEGORY: ReviewStep(
        CategoryForm, lambda r, u, f: services.settle_category(r, u, Category(f.category.data)),
        "Category settled."),
    PageAction.WITHDRAW_CONSULTATION: ReviewStep(WithdrawConsultationForm, _withdraw_consultation,
                                                 "Consultation withdrawn."),
    PageAction.SET_SPONSOR: ReviewStep(
        DivisionForm, lambda r, u, f: services.set_sponsor(r, u, _division(f)),
        "Sponsoring division saved."),
    PageAction.CONSULT: ReviewStep(
        ConsultForm, lambda r, u, f: services.consult(r, u, _division(f), f.text.data),
        "Your question was sent."),
    PageAction.RECORD_CONSULTATION: ReviewStep(
        GovernmentConsultationForm,
        lambda r, u, f: services.record_government_consultation(r, u, f.level.data, f.text.data),
        "Consultation recorded."),
    PageAction.MESSAGE: ReviewStep(MessageForm, _text_verb(services.message_submitter),
                                   "Your message was sent to the submitter."),
    PageAction.COMMENT: ReviewStep(CommentForm, _text_verb(services.comment), "Comment added."),
}


def make_form(name: PageAction, req: EngagementRequest, *, fresh: bool = False,
              **kwargs: Any) -> VersionedForm:
    """Return the form of action ``name`` for ``req``, its choices filled.

    A ``fresh`` form is empty and carries the request's current version; otherwise the form
    reads what was posted.
    """
    step = ACTIONS[name]
    form_class = step.form
    if name is PageAction.DECLINE and is_signatorys_decision(req.status_enum, Action.DECLINE):
        form_class = SignatoryDeclineForm
    if form_class is WithdrawConsultationForm:
        kwargs["consultations"] = [
            (c.id, f"{c.division.name}: {c.question[:80]}")
            for c in services.open_consultations_of(req)]
    if form_class is AssignForm:
        kwargs["reviewers"] = [(r.id, r.name) for r in User.active_cco_reviewer_names()]
    if issubclass(form_class, DivisionForm):
        # Naming a sponsor and consulting both list the divisions: read them once a page.
        kwargs["divisions"] = list(remembered("division_choices", lambda: [
            (d.id, d.name) for d in Division.names()]))
    if fresh:
        kwargs["formdata"] = None
    form = form_class(prefix=name.value, **kwargs)
    if fresh:
        form.version.data = str(req.version)
    return form
