"""Use cases of the review: claim and assign, ask, consult, decide, approve, settle.

Each verb asks the policy whether the actor may act (the lifecycle for status changes,
``policy.review`` for the rest, ``policy.signatories`` for who approves), records what
happened in the request's timeline, queues the messages people should receive, flushes and
never commits. The action route first asks ``check_version`` whether the request is still
as the actor saw it: a second reviewer acting on a stale page is refused, not merged. The
city's answer to a question is the intake's (``intake.services.answer_information``); the
facts the guards read are the assessment's (``assessment.facts``); the reminders of
unanswered questions are in ``review.reminders``.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select

from portal import notifications, transitions
from portal.assessment import services as assessment
from portal.assessment.facts import FEDERAL_CONSULTED, facts_of, open_consultation_count
from portal.assessment.facts import open_consultations_of as open_consultations_of  # re-export
from portal.extensions import db
from portal.models import (
    ConflictDeclaration,
    Consultation,
    Division,
    EngagementRequest,
    RequestEvent,
    User,
)
from portal.models._types import utcnow
from portal.policy import timeline_notes as notes
from portal.policy.categories import Category
from portal.policy.decisions import decision_refusal, is_signatorys_decision, unnamed_refusal
from portal.policy.eligibility import Stage, failed, reasons
from portal.policy.lifecycle import (
    Action,
    TransitionRefused,
    can,
    not_now,
    why_not,
)
from portal.policy.page_actions import STEP_PAGE_ACTIONS, PageAction
from portal.policy.phrases import N_, P_
from portal.policy.refusals import Refused
from portal.policy.review import (
    ReviewAction,
    may,
    review_refusal,
    why_not_assigned,
    why_not_settle_category,
    why_not_withdraw_consultation,
)
from portal.policy.timeline import TimelineEvent


class ActionRefused(Refused):
    """The action is not open to this person now; the message says why, for them to read."""


class StaleRequest(Refused):
    """The request changed since the actor's page was drawn."""


def check_version(req: EngagementRequest, expected_version: int | None) -> None:
    """Refuse to act on a request that changed since the page showing it was drawn."""
    if expected_version is not None and req.version != expected_version:
        raise StaleRequest(f"{req.reference or 'The request'} changed since this page was "
                           "shown. Reload it and try again.")


def _require(action: ReviewAction, req: EngagementRequest, actor: User) -> None:
    if not may(action, actor.role_enum, req.status_enum):
        raise ActionRefused(review_refusal(action, req.status_enum))


def _touch(req: EngagementRequest) -> None:
    # A change that is not a transition still moves the version on, so a page drawn before
    # it is stale.
    req.updated_at = utcnow()


def _move(req: EngagementRequest, action: Action, actor: User, note: str = "",
          visible: bool = True) -> RequestEvent:
    try:
        return transitions.perform(req, action, actor, note=note, visible_to_submitter=visible)
    except TransitionRefused:
        raise ActionRefused(not_now(req.status_enum, action)) from None


# Assignment ------------------------------------------------------------------------------

# Built once, as every request page asks: building costs more than running it.
_DECLARATION = select(ConflictDeclaration).where(ConflictDeclaration.request_id == bindparam(
    "request_id"), ConflictDeclaration.user_id == bindparam("user_id"))


def declaration_of(req: EngagementRequest, user: User) -> ConflictDeclaration | None:
    """Return ``user``'s conflict-of-interest declaration on ``req``, if made."""
    return db.session.scalars(_DECLARATION, {"request_id": req.id, "user_id": user.id}).first()


def declare_conflict(req: EngagementRequest, user: User, has_conflict: bool,
                     detail: str) -> ConflictDeclaration:
    """Record whether ``user`` has a conflict of interest in ``req``; a conflict unassigns."""
    declaration = declaration_of(req, user)
    if declaration is None:
        declaration = ConflictDeclaration(request_id=req.id, user_id=user.id)
        db.session.add(declaration)
    declaration.has_conflict, declaration.detail = has_conflict, detail
    declaration.declared_at = utcnow()
    if has_conflict and req.assignee_id == user.id:
        req.assignee = None
    transitions.record_note(
        req, user, TimelineEvent.CONFLICT_DECLARED,
        notes.conflict_declared(detail if has_conflict else None), visible_to_submitter=False)
    _touch(req)
    db.session.flush()
    return declaration


def assign(req: EngagementRequest, actor: User, assignee: User) -> None:
    """Give ``req`` to ``assignee``, who must have declared no conflict of interest."""
    _require(ReviewAction.ASSIGN, req, actor)
    declaration = declaration_of(req, assignee)
    refusal = why_not_assigned(
        assignee.name, assignee.role_enum,
        None if declaration is None else declaration.has_conflict, active=assignee.active)
    if refusal is not None:
        raise ActionRefused(refusal)
    req.assignee = assignee
    _touch(req)
    transitions.record_note(
        req, actor, TimelineEvent.ASSIGNED,
        notes.assigned(assignee.name, claimed=assignee.id == actor.id),
        visible_to_submitter=False)
    if assignee.id != actor.id:
        notifications.send_assignment(req, assignee)


# Status changes --------------------------------------------------------------------------

def start_triage(req: EngagementRequest, actor: User) -> None:
    """Open triage of a submitted request."""
    _move(req, Action.START_TRIAGE, actor)


def start_review(req: EngagementRequest, actor: User) -> None:
    """Move a triaged request into review."""
    _move(req, Action.START_REVIEW, actor)


def request_information(req: EngagementRequest, actor: User, question: str) -> None:
    """Ask the submitter a question; the request waits for the answer."""
    _move(req, Action.REQUEST_INFORMATION, actor, note=question)
    notifications.send_information_requested(req, question)


def recommend(req: EngagementRequest, actor: User, reasons: str) -> None:
    """Recommend the request to its signing authority, with the reasons (kept internal)."""
    refusal = why_not(req.status_enum, Action.RECOMMEND, actor.role_enum, facts_of(req))
    if refusal is not None:
        raise ActionRefused(refusal)
    _move(req, Action.RECOMMEND, actor, note=reasons, visible=False)
    signatory = assessment.signatory(req).signatory
    if signatory is not None:
        notifications.send_awaiting_approval(req, signatory)


def decline(req: EngagementRequest, actor: User, reason: str, *, for_city: bool = True) -> None:
    """Decline the request; the reason goes to the submitter unless marked internal.

    Only the named signatory, deciding a recommended request, may keep the reason internal:
    a reviewer's decline always tells the submitter why.
    """
    refusal = why_not_decide(req, actor, Action.DECLINE)
    if refusal is not None:
        raise ActionRefused(refusal)
    if not reason.strip():
        raise ActionRefused(N_("Give the reason for declining: the submitter receives it."))
    _move(req, Action.DECLINE, actor, note=reason, visible=for_city)
    notifications.send_decision(req, approved=False, reason=reason if for_city else "")


def why_not_decide(req: EngagementRequest, user: User, action: Action) -> str | None:
    """Return why ``user`` may not approve or decline ``req`` now; None if they may.

    A decision on a recommended request belongs to the signatory the policy names; before
    a recommendation, the lifecycle alone says who may decline (a CCO reviewer).
    """
    if not can(req.status_enum, action, user.role_enum):
        return not_now(req.status_enum, action)
    if not is_signatorys_decision(req.status_enum, action):
        return None
    answer = assessment.signatory(req)
    return decision_refusal(
        answer.signatory, answer.unknown_reason or "", user.office,
        user.division.name if user.division else None,
        req.sponsoring_division.name if req.sponsoring_division else None, user.name)


def decision_refused_to(req: EngagementRequest, user: User) -> str | None:
    """Return, for a signing authority who is not the one named, who decides ``req``.

    None when ``user`` is not a signing authority, the request awaits no decision, or the
    decision is theirs: the page then has nothing to explain.
    """
    if not can(req.status_enum, Action.APPROVE, user.role_enum):
        return None
    return why_not_decide(req, user, Action.APPROVE)


def may_approve(req: EngagementRequest, user: User) -> bool:
    """Return whether ``user`` is the signing authority the policy names for ``req``."""
    return why_not_decide(req, user, Action.APPROVE) is None


def may_decline(req: EngagementRequest, user: User) -> bool:
    """Return whether ``user`` may decline ``req`` now (the named signatory, once recommended)."""
    return why_not_decide(req, user, Action.DECLINE) is None


def approve(req: EngagementRequest, actor: User, note: str = "", *, for_city: bool = False) -> None:
    """Approve the request as its signing authority, once every eligibility gate passes.

    The note is internal unless the approver marks it ``for_city``.
    """
    answer = assessment.signatory(req)
    if answer.signatory is None:
        raise ActionRefused(unnamed_refusal(answer.unknown_reason))
    refusal = why_not_decide(req, actor, Action.APPROVE)
    if refusal is not None:
        raise ActionRefused(refusal)
    gates = failed(assessment.eligibility(req, Stage.APPROVAL))
    if gates:
        raise ActionRefused(P_("The request is not yet eligible: %(reasons)s",
                               reasons=reasons(gates)))
    _move(req, Action.APPROVE, actor, note=note, visible=for_city or not note.strip())
    notifications.send_decision(req, approved=True, reason=note if for_city else "")
    notifications.send_request_approved(req, actor)  # the reviewer drafts the agreement next


# Notes, messages and consultations ------------------------------------------------------

def comment(req: EngagementRequest, actor: User, text: str) -> None:
    """Add an internal comment, never shown to the submitter."""
    _require(ReviewAction.COMMENT, req, actor)
    transitions.record_note(req, actor, TimelineEvent.COMMENT, text, visible_to_submitter=False)
    _touch(req)


def message_submitter(req: EngagementRequest, actor: User, text: str) -> None:
    """Write to the submitter: the message is in their timeline and their inbox."""
    _require(ReviewAction.MESSAGE, req, actor)
    transitions.record_note(req, actor, TimelineEvent.MESSAGE, text)
    _touch(req)
    notifications.send_message(req, text)


def consult(req: EngagementRequest, actor: User, division: Division, question: str) -> Consultation:
    """Ask EDC, CMO or a division for its view; the request is shared with it until answered."""
    _require(ReviewAction.CONSULT, req, actor)
    consultation = Consultation(request_id=req.id, division=division, question=question,
                                asked_by=actor)
    db.session.add(consultation)
    transitions.record_note(req, actor, TimelineEvent.CONSULTED,
                            notes.consultation_asked(division.name, question),
                            visible_to_submitter=False)
    _touch(req)
    db.session.flush()
    notifications.send_consultation_asked(req, consultation)
    return consultation


def can_answer(consultation: Consultation, user: User) -> bool:
    """Return whether ``user`` speaks for the office the consultation was put to."""
    req = db.session.get(EngagementRequest, consultation.request_id)
    return (req is not None and consultation.is_open
            and may(ReviewAction.ANSWER_CONSULTATION, user.role_enum, req.status_enum)
            and user.division_id == consultation.division_id)


def answer_consultation(consultation: Consultation, user: User, answer: str) -> None:
    """Answer a consultation for one's office; the answer lands in the request's timeline."""
    if not can_answer(consultation, user):
        raise ActionRefused(N_("This consultation is not open to you."))
    req = db.session.get(EngagementRequest, consultation.request_id)
    assert req is not None
    consultation.answer, consultation.answered_by = answer, user
    consultation.answered_at = utcnow()
    transitions.record_note(req, user, TimelineEvent.CONSULTATION_ANSWERED,
                            notes.consultation_answered(consultation.division.name, answer),
                            visible_to_submitter=False)
    _touch(req)
    notifications.send_consultation_answered(req, consultation)


def record_government_consultation(req: EngagementRequest, actor: User, level: str,
                                   summary: str) -> None:
    """Record consultation with another level of government (federal, provincial)."""
    _require(ReviewAction.RECORD_GOVERNMENT_CONSULTATION, req, actor)
    # The federal consultation has an action of its own: the recommend guard looks for it.
    transitions.record_note(req, actor,
                            FEDERAL_CONSULTED if level == "federal"
                            else TimelineEvent.GOVERNMENT_CONSULTED,
                            notes.government_consulted(level, summary),
                            visible_to_submitter=False)
    _touch(req)


def set_sponsor(req: EngagementRequest, actor: User, division: Division) -> None:
    """Name the City division that sponsors the request."""
    _require(ReviewAction.SET_SPONSOR, req, actor)
    before = req.sponsoring_division.name if req.sponsoring_division else None
    req.sponsoring_division = division
    _touch(req)
    transitions.record_note(req, actor, TimelineEvent.SPONSOR_SET,
                            notes.sponsor_set(division.name, before),
                            visible_to_submitter=False)


# The lifecycle's conditions on the request ----------------------------------------------

def blocked_actions(req: EngagementRequest, user: User) -> dict[PageAction, str]:
    """Return the guarded actions ``user`` could take but for the request, with why not."""
    if not can(req.status_enum, Action.RECOMMEND, user.role_enum):
        return {}
    refusal = why_not(req.status_enum, Action.RECOMMEND, user.role_enum, facts_of(req))
    return {PageAction.RECOMMEND: refusal} if refusal else {}


def resume_review(req: EngagementRequest, actor: User, note: str) -> None:
    """Take back a request whose submitter has not answered; the note tells them why."""
    if not note.strip():
        raise ActionRefused(N_("Say why the review resumes: the submitter reads it."))
    _move(req, Action.RESUME_REVIEW, actor, note=note)
    notifications.send_message(req, note)


def settle_category(req: EngagementRequest, actor: User, category: Category) -> None:
    """Settle the category a submitter left "not sure yet"."""
    _require(ReviewAction.SETTLE_CATEGORY, req, actor)
    refusal = why_not_settle_category(req.category is not None)
    if refusal is not None:
        raise ActionRefused(refusal)
    req.requested_category = category.value
    _touch(req)
    transitions.record_note(req, actor, TimelineEvent.CATEGORY_SETTLED,
                            notes.category_settled(category.label))


def withdraw_consultation(req: EngagementRequest, actor: User, consultation: Consultation,
                          reason: str) -> None:
    """Withdraw an unanswered consultation, with the reason, so it stops holding the request."""
    _require(ReviewAction.WITHDRAW_CONSULTATION, req, actor)
    if consultation.request_id != req.id:
        raise ActionRefused(N_("Select a consultation of this request."))
    refusal = why_not_withdraw_consultation(is_open=consultation.is_open, reason=reason)
    if refusal is not None:
        raise ActionRefused(refusal)
    consultation.withdrawn_at, consultation.withdrawn_by = utcnow(), actor
    consultation.withdrawn_reason = reason.strip()
    transitions.record_note(req, actor, TimelineEvent.CONSULTATION_WITHDRAWN,
                            notes.consultation_withdrawn(consultation.division.name, reason),
                            visible_to_submitter=False)
    _touch(req)


def available_actions(req: EngagementRequest, user: User) -> list[PageAction]:
    """Return the review actions ``user`` may take on ``req`` now, as the policy says."""
    role, status = user.role_enum, req.status_enum
    names: list[PageAction] = []
    if may(ReviewAction.ASSIGN, role, status):
        names += ([PageAction.CLAIM, PageAction.ASSIGN] if req.assignee_id != user.id
                  else [PageAction.ASSIGN])
    for action in (Action.START_TRIAGE, Action.START_REVIEW, Action.REQUEST_INFORMATION,
                   Action.RESUME_REVIEW):
        if can(status, action, role):
            names.append(STEP_PAGE_ACTIONS[action])
    # Recommending also asks the lifecycle's guards; the page says why when they refuse.
    if can(status, Action.RECOMMEND, role) and not blocked_actions(req, user):
        names.append(PageAction.RECOMMEND)
    if (may(ReviewAction.SETTLE_CATEGORY, role, status)
            and why_not_settle_category(req.category is not None) is None):
        names.append(PageAction.SETTLE_CATEGORY)
    # Deciding asks the policy for the named signatory, not only the role.
    if may_decline(req, user):
        names.append(PageAction.DECLINE)
    if may_approve(req, user):
        names.append(PageAction.APPROVE)
    for review_action, name in (
            (ReviewAction.SET_SPONSOR, PageAction.SET_SPONSOR),
            (ReviewAction.CONSULT, PageAction.CONSULT),
            (ReviewAction.RECORD_GOVERNMENT_CONSULTATION, PageAction.RECORD_CONSULTATION),
            (ReviewAction.MESSAGE, PageAction.MESSAGE), (ReviewAction.COMMENT, PageAction.COMMENT)):
        if may(review_action, role, status):
            names.append(name)
    if (may(ReviewAction.WITHDRAW_CONSULTATION, role, status)
            and open_consultation_count(req) > 0):
        names.append(PageAction.WITHDRAW_CONSULTATION)
    return names
