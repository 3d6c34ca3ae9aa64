"""Build the staff request page: its summary, the reader's task and actions, then the file.

The page opens with a summary (status, counterpart, category and term, signatory, score,
risk flags, open consultations, the next step and who holds it), then offers in a side
column the actions the policy opens to the reader, the reader's own task first. Nothing
here decides: the actions come from ``review.services.available_actions`` and the
lifecycle, the next step and the task from ``policy.next_step`` (through
``review.progress``); this module only gathers them and the forms that go with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from flask import render_template
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from forms.agreements import (
    CompareDraftsForm,
    EditedDraftForm,
    ReturnDraftForm,
    SignedCopyForm,
)
from forms.review import (
    DEFAULT_SIGNATORY,
    ConcernForm,
    ConsultationAnswerForm,
    ScoreChangeForm,
    SignatoryChoiceForm,
    VersionedForm,
)
from portal import access
from portal.assessment import services as assessment
from portal.assessment.facts import consultations_of, know_timeline
from portal.assessment.rubrics import newest_rubric, rubric_by_id
from portal.database import fill, read_into_session
from portal.extensions import db
from portal.intake import progress
from portal.intake.summary import summarise
from portal.models import (
    Agreement,
    AgreementDraft,
    Assessment,
    CriterionScoreRecord,
    Document,
    EngagementRequest,
    Outcome,
    RequestEvent,
    User,
)
from portal.policy.categories import Category, agreement_end_date
from portal.policy.drafts import awaits_revision, may_return, may_upload
from portal.policy.lifecycle import Action, Status, can
from portal.policy.next_step import Task
from portal.policy.page_actions import ALTERNATIVES, STEP_PAGE_ACTIONS, TASK_ORDER, PageAction
from portal.policy.review import ReviewAction, assessment_refusal
from portal.policy.roles import Role
from portal.policy.trust import may_verify
from portal.policy.versions import next_version
from portal.representatives import services as representatives
from portal.review import services
from portal.review.action_forms import make_form

FormT = TypeVar("FormT", bound=VersionedForm)

# Built once: SQLAlchemy spends more building a statement than SQLite spends running it.
_EVENTS = select(RequestEvent).where(RequestEvent.request_id == bindparam("request_id")).order_by(
    RequestEvent.at, RequestEvent.id)
_EVENTS_FOR_SUBMITTER = _EVENTS.where(RequestEvent.visible_to_submitter.is_(True))
# As the relationships order them (``EngagementRequest.outcomes``, ``.documents``,
# ``Assessment.scores``).
_OUTCOMES = select(Outcome).where(Outcome.request_id == bindparam("request_id")).order_by(
    Outcome.position)
_DOCUMENTS = select(Document).where(Document.request_id == bindparam("request_id")).order_by(
    Document.uploaded_at)
# The current assessment with its scores joined: one statement where there were two.
_CURRENT_WITH_SCORES = assessment.CURRENT_ASSESSMENT.options(joinedload(Assessment.scores))
_SCORES = select(CriterionScoreRecord).where(
    CriterionScoreRecord.assessment_id == bindparam("assessment_id")).order_by(
    CriterionScoreRecord.position)

PAGE_LOADS = (joinedload(EngagementRequest.counterpart_city),
              joinedload(EngagementRequest.submitter), joinedload(EngagementRequest.assignee),
              joinedload(EngagementRequest.sponsoring_division))
"""What the page shows of every request, read with it in one query rather than one each."""


@dataclass(frozen=True)
class Term:
    """The term asked for: years, and the dates when the start is known."""

    years: int | None
    start: date | None
    end: date | None


def term_of(req: EngagementRequest) -> Term:
    """Return the term of ``req``, its end computed as the agreement would have it."""
    end = (agreement_end_date(req.start_date, req.term_years)
           if req.start_date and req.term_years else None)
    return Term(req.term_years, req.start_date, end)


def offered_actions(req: EngagementRequest, user: Any, review_actions: list[PageAction],
                    answerable: bool, drafts: list[Any] | None = None) -> list[PageAction]:
    """Return every action the page offers ``user``: the review's, then the agreement's.

    The Solicitor's round-trip (``policy.drafts``): a returned version is not approved but
    answered by a new one, which the reviewer or the Solicitor may upload, edited in Word.
    """
    status, role = req.status_enum, user.role_enum
    newest = drafts[0] if drafts else None
    returned = newest is not None and newest.returned_at is not None
    names = list(review_actions)
    if answerable:
        names.insert(0, PageAction.ANSWER_CONSULTATION)
    for action in (Action.DRAFT_AGREEMENT, Action.APPROVE_AS_TO_FORM, Action.RECORD_SIGNATURE):
        if can(status, action, role) and not (action is Action.APPROVE_AS_TO_FORM
                                              and awaits_revision(status, returned)):
            names.append(STEP_PAGE_ACTIONS[action])
    if newest is not None and may_return(role, status, returned):
        names.append(PageAction.RETURN_DRAFT)
    if may_upload(role, status, newest.version if newest else 0):
        names.append(PageAction.UPLOAD_DRAFT)
    return names


def task_first(offered: list[PageAction],
               task: Task | None) -> tuple[list[PageAction], list[PageAction]]:
    """Split the offered actions into the task's own (step forward first) and the rest."""
    mine = ({STEP_PAGE_ACTIONS[a] for a in task.actions if a in STEP_PAGE_ACTIONS} if task
            else set())
    mine |= {alt for name in mine for alt in ALTERNATIVES.get(name, ())}
    return (sorted((n for n in offered if n in mine), key=TASK_ORDER.index),
            [n for n in offered if n not in mine])


def fresh(form: FormT, req: EngagementRequest) -> FormT:
    """Return ``form`` carrying the request's version, as the page now shows it."""
    form.version.data = str(req.version)
    return form


def render_request(req: EngagementRequest, *,
                   forms: dict[PageAction, Any] | None = None,
                   score_forms: dict[str, ScoreChangeForm] | None = None,
                   concern_form: ConcernForm | None = None,
                   answer_forms: dict[int, ConsultationAnswerForm] | None = None,
                   signed_form: SignedCopyForm | None = None,
                   return_form: ReturnDraftForm | None = None,
                   upload_form: EditedDraftForm | None = None,
                   signatory_form: SignatoryChoiceForm | None = None,
                   changed: dict[str, str] | None = None,
                   status: int = 200) -> tuple[str, int]:
    """Render a request's staff page, with any forms that came back with errors.

    ``changed`` says, by criterion key or ``"concern"``, what changed under a form that
    came back stale, to show at that form beside what the person typed.
    """
    # The account itself, not the proxy: the rules below read it a hundred times a page.
    user = current_user._get_current_object()
    internal = access.can_see_internal(user, req)
    # ``named`` keeps the people and divisions the page names in the session until it is drawn.
    events, current, named = _read_file(req, internal)
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
            score_forms.setdefault(record.criterion_key, fresh(
                ScoreChangeForm(prefix=record.criterion_key, formdata=None), req))
    consultations = consultations_of(req)
    if not internal:
        # A submitting division reads no consultation but one put to itself, to answer it.
        consultations = [c for c in consultations if c.division_id == user.division_id]
        current = None
    answer_forms = {c.id: (answer_forms or {}).get(c.id) or ConsultationAnswerForm(
        prefix=f"c{c.id}", formdata=None) for c in consultations if services.can_answer(c, user)}
    # The policy says whether this reviewer chooses who signs now; a reviewer told "no" for
    # a partnership reads why, and nobody else is shown the choice at all.
    signatory_refusal = (assessment.signatory_choice_refusal(req, user)
                         if internal and user.role_enum is Role.CCO_REVIEWER else "")
    if signatory_form is None and signatory_refusal is None:
        signatory_form = fresh(SignatoryChoiceForm(
            office=req.partnership_office or DEFAULT_SIGNATORY, formdata=None), req)
    step, task = progress.progress_of(req, user)
    drafts = AgreementDraft.of_request(req)
    offered = offered_actions(req, user, actions, bool(answer_forms), drafts)
    task_actions, other_actions = task_first(offered, task)
    # Both rubrics are kept by the worker (``kept_reference``): most often the same one.
    _newest_id, newest = newest_rubric()
    rubric = rubric_by_id(current.rubric_version_id) if current else None
    return render_template(
        "review/request.html", req=req, sections=summarise(req), events=events,
        risks=assessment.risks(req) if internal else [], gates=assessment.eligibility(req),
        suggestion=assessment.suggestion(req), signatory=assessment.signatory(req),
        current=current, rubric=rubric, newest=newest, score_forms=score_forms,
        newer_rubric=rubric is not None and newest.supersedes(rubric),
        concern_form=concern_form or (fresh(ConcernForm(
            concern=req.reputational_concern, formdata=None), req) if may_assess and internal
            else None),
        may_assess=may_assess and internal, changed=changed or {},
        assessment_closed=(assessment_closed if user.role_enum is Role.CCO_REVIEWER
                           else None), internal=internal, forms=forms,
        consultations=consultations, step=step, task=task, term=term_of(req),
        task_actions=task_actions, other_actions=other_actions,
        recommendation=_recommendation(events) if internal else None,
        decision_refusal=services.decision_refused_to(req, user),
        blocked=services.blocked_actions(req, user),
        declaration=services.declaration_of(req, user), answer_forms=answer_forms,
        drafts=drafts, agreement=Agreement.of_request(req),
        next_draft_version=next_version(drafts[0].version if drafts else None),
        compare_form=(CompareDraftsForm(formdata=None, versions=[d.version for d in drafts])
                      if len(drafts) > 1 and access.may_compare(user, req) else None),
        # Only the forms of the actions offered: building a form costs more than drawing it.
        signed_form=signed_form or (SignedCopyForm(formdata=None)
                                    if PageAction.RECORD_SIGNATURE in offered else None),
        return_form=return_form or (ReturnDraftForm(formdata=None)
                                    if PageAction.RETURN_DRAFT in offered else None),
        upload_form=upload_form or (EditedDraftForm(formdata=None)
                                    if PageAction.UPLOAD_DRAFT in offered else None),
        unverified_submitter=representatives.has_unverified_submitter(req),
        may_verify=may_verify(user.role_enum),
        signatory_form=signatory_form if signatory_refusal is None else None,
        signatory_refusal=(signatory_refusal if req.category is Category.PARTNERSHIP_CITY
                           else None),
    ), status


def _read_file(req: EngagementRequest, internal: bool,
               ) -> tuple[list[RequestEvent], Assessment | None, list[Any]]:
    """Read what the page shows of ``req``, each kind of record in one query.

    Left to the relationships, the answers, documents, scores and every person named would
    each be read one by one, as the template reaches them. Return the timeline the reader
    may see, the current assessment, and the people read, to be kept until the page is drawn
    (the session holds a record only while something refers to it).
    """
    values = {"request_id": req.id}
    fill(req, "outcomes", _OUTCOMES, values)
    fill(req, "documents", _DOCUMENTS, values)
    events = list(db.session.scalars(_EVENTS if internal else _EVENTS_FOR_SUBMITTER, values))
    if internal:
        know_timeline(req, events)
    current = db.session.scalars(_CURRENT_WITH_SCORES, values).unique().first()
    scores = []
    if current is not None:
        # Already read by the join, unless the session held the assessment without them.
        fill(current, "scores", _SCORES, {"assessment_id": current.id})
        scores = current.scores
    consultations = consultations_of(req)
    drafts = AgreementDraft.of_request(req)
    named = read_into_session(User, [
        *(e.actor_id for e in events), *(s.reviewed_by_id for s in scores),
        *(i for c in consultations for i in (c.asked_by_id, c.answered_by_id, c.withdrawn_by_id)),
        *(i for d in drafts for i in (d.generated_by_id, d.approved_by_id, d.returned_by_id))])
    # The consultations' divisions were read with them (``facts._WITH_DIVISION``).
    return events, current, named


def _recommendation(events: Any) -> RequestEvent | None:
    """Return the latest recommendation in the timeline, with its reasons."""
    return next((e for e in reversed(events) if e.to_status == Status.RECOMMENDED.value), None)
