"""Use cases of the review: claim and assign, ask and answer, consult, decide, approve.

Each verb asks the policy whether the actor may act (the lifecycle for status changes,
``policy.review`` for the rest, ``policy.signatories`` for who approves), records what
happened in the request's timeline, queues the messages people should receive, flushes and
never commits. Every verb first checks that the request is still as the actor saw it
(``expected_version``): a second reviewer acting on a stale page is refused, not merged.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from portal import notifications, transitions
from portal.access import is_submitting_party
from portal.assessment import services as assessment
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
from portal.policy.categories import Category
from portal.policy.decisions import decision_refusal, is_signatorys_decision
from portal.policy.eligibility import Stage, failed
from portal.policy.lifecycle import (
    DEFAULT_INFORMATION_REMINDER_WORKING_DAYS,
    Action,
    RequestFacts,
    Status,
    TransitionRefused,
    can,
    information_reminder_due,
    why_not,
)
from portal.policy.refusals import Refused
from portal.policy.review import (
    ReviewAction,
    may,
    why_not_assigned,
    why_not_settle_category,
    why_not_withdraw_consultation,
)
from portal.policy.risk import RiskFlag
from portal.policy.roles import Role
from portal.policy.service_targets import working_days_between
from portal.policy.signatories import holds_authority
from portal.policy.timeline import TimelineEvent
from portal.uploads import CheckedUpload


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
        raise ActionRefused(f"You cannot {action.value.replace('_', ' ')} on a request that is "
                            f"{req.status_enum.label.lower()}.")


def _touch(req: EngagementRequest) -> None:
    # A change that is not a transition still moves the version on, so a page drawn before
    # it is stale.
    req.updated_at = utcnow()


def _move(req: EngagementRequest, action: Action, actor: User, note: str = "",
          visible: bool = True) -> RequestEvent:
    try:
        return transitions.perform(req, action, actor, note=note, visible_to_submitter=visible)
    except TransitionRefused:
        raise ActionRefused(f"This request is {req.status_enum.label.lower()}: you cannot "
                            f"{action.value.replace('_', ' ')} it now.") from None


# Assignment ------------------------------------------------------------------------------

def declaration_of(req: EngagementRequest, user: User) -> ConflictDeclaration | None:
    """Return ``user``'s conflict-of-interest declaration on ``req``, if made."""
    return db.session.scalars(select(ConflictDeclaration).where(
        ConflictDeclaration.request_id == req.id, ConflictDeclaration.user_id == user.id)
    ).first()


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
        f"Declared a conflict of interest: {detail}" if has_conflict
        else "Declared no conflict of interest.", visible_to_submitter=False)
    _touch(req)
    db.session.flush()
    return declaration


def assign(req: EngagementRequest, actor: User, assignee: User,
           expected_version: int | None = None) -> None:
    """Give ``req`` to ``assignee``, who must have declared no conflict of interest."""
    check_version(req, expected_version)
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
        "Claimed the request." if assignee.id == actor.id else f"Assigned to {assignee.name}.",
        visible_to_submitter=False)
    if assignee.id != actor.id:
        notifications.send_assignment(req, assignee)


# Status changes --------------------------------------------------------------------------

def start_triage(req: EngagementRequest, actor: User, expected_version: int | None = None,
                 ) -> None:
    """Open triage of a submitted request."""
    check_version(req, expected_version)
    _move(req, Action.START_TRIAGE, actor)


def start_review(req: EngagementRequest, actor: User, expected_version: int | None = None,
                 ) -> None:
    """Move a triaged request into review."""
    check_version(req, expected_version)
    _move(req, Action.START_REVIEW, actor)


def request_information(req: EngagementRequest, actor: User, question: str,
                        expected_version: int | None = None) -> None:
    """Ask the submitter a question; the request waits for the answer."""
    check_version(req, expected_version)
    _move(req, Action.REQUEST_INFORMATION, actor, note=question)
    notifications.send_information_requested(req, question)


def answer_information(req: EngagementRequest, user: User, answer: str,
                       upload: CheckedUpload | None) -> None:
    """Answer the reviewers' question, with a document if one is given; review resumes."""
    if not is_submitting_party(user, req):
        raise ActionRefused("Only the submitter can answer this request's questions.")
    event = _move(req, Action.ANSWER, user, note=answer)
    if upload is not None:
        from portal.intake.services import attach_document

        event.document = attach_document(req, user, upload, kind="supporting")
    notifications.send_answer_received(req)


def recommend(req: EngagementRequest, actor: User, reasons: str,
              expected_version: int | None = None) -> None:
    """Recommend the request to its signing authority, with the reasons (kept internal)."""
    check_version(req, expected_version)
    refusal = why_not(req.status_enum, Action.RECOMMEND, actor.role_enum, facts_of(req))
    if refusal is not None:
        raise ActionRefused(refusal)
    _move(req, Action.RECOMMEND, actor, note=reasons, visible=False)
    signatory = assessment.signatory(req).signatory
    if signatory is not None:
        notifications.send_awaiting_approval(req, signatory)


def decline(req: EngagementRequest, actor: User, reason: str,
            expected_version: int | None = None, *, for_city: bool = True) -> None:
    """Decline the request; the reason goes to the submitter unless marked internal.

    Only the named signatory, deciding a recommended request, may keep the reason internal:
    a reviewer's decline always tells the submitter why.
    """
    check_version(req, expected_version)
    refusal = why_not_decide(req, actor, Action.DECLINE)
    if refusal is not None:
        raise ActionRefused(refusal)
    if not reason.strip():
        raise ActionRefused("Give the reason for declining: the submitter receives it.")
    _move(req, Action.DECLINE, actor, note=reason, visible=for_city)
    notifications.send_decision(req, approved=False, reason=reason if for_city else "")


def why_not_decide(req: EngagementRequest, user: User, action: Action) -> str | None:
    """Return why ``user`` may not approve or decline ``req`` now; None if they may.

    A decision on a recommended request belongs to the signatory the policy names; before
    a recommendation, the lifecycle alone says who may decline (a CCO reviewer).
    """
    if not can(req.status_enum, action, user.role_enum):
        return (f"This request is {req.status_enum.label.lower()}: you cannot "
                f"{action.value} it now.")
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


def approve(req: EngagementRequest, actor: User, note: str = "",
            expected_version: int | None = None, *, for_city: bool = False) -> None:
    """Approve the request as its signing authority, once every eligibility gate passes.

    The note is internal unless the approver marks it ``for_city``.
    """
    check_version(req, expected_version)
    answer = assessment.signatory(req)
    if answer.signatory is None:
        raise ActionRefused(f"The signing authority cannot be named yet: "
                            f"{answer.unknown_reason}")
    refusal = why_not_decide(req, actor, Action.APPROVE)
    if refusal is not None:
        raise ActionRefused(refusal)
    gates = failed(assessment.eligibility(req, Stage.APPROVAL))
    if gates:
        raise ActionRefused("The request is not yet eligible: "
                            + " ".join(g.reason for g in gates))
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
                            f"Asked {division.name}: {question}", visible_to_submitter=False)
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
        raise ActionRefused("This consultation is not open to you.")
    req = db.session.get(EngagementRequest, consultation.request_id)
    assert req is not None
    consultation.answer, consultation.answered_by = answer, user
    consultation.answered_at = utcnow()
    transitions.record_note(req, user, TimelineEvent.CONSULTATION_ANSWERED,
                            f"{consultation.division.name} answered: {answer}",
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
                            f"Consulted the {level} government: {summary}",
                            visible_to_submitter=False)
    _touch(req)


def set_sponsor(req: EngagementRequest, actor: User, division: Division,
                expected_version: int | None = None) -> None:
    """Name the City division that sponsors the request."""
    check_version(req, expected_version)
    _require(ReviewAction.SET_SPONSOR, req, actor)
    before = req.sponsoring_division.name if req.sponsoring_division else "none"
    req.sponsoring_division = division
    _touch(req)
    transitions.record_note(req, actor, TimelineEvent.SPONSOR_SET,
                            f"Sponsoring division: {division.name} (was {before}).",
                            visible_to_submitter=False)


def open_consultations_for(user: User) -> list[Consultation]:
    """Return the consultations awaiting an answer from ``user``'s office."""
    if user.division_id is None:
        return []
    return list(db.session.scalars(
        select(Consultation).where(Consultation.division_id == user.division_id,
                                   Consultation.answered_at.is_(None))
        .order_by(Consultation.asked_at)))



# The lifecycle's conditions on the request ----------------------------------------------

def signatory_has_account(req: EngagementRequest) -> bool:
    """Return whether an active account holds the authority the policy names for ``req``."""
    named = assessment.signatory(req).signatory
    if named is None:
        return False
    sponsor = req.sponsoring_division.name if req.sponsoring_division else None
    authorities = db.session.scalars(select(User).where(
        User.role == Role.SIGNING_AUTHORITY.value, User.active.is_(True),
        User.signing_office == named.office.value))
    return any(holds_authority(named, u.office, u.division.name if u.division else None,
                               sponsor) for u in authorities)


def open_consultation_count(req: EngagementRequest) -> int:
    """Return how many consultations on ``req`` await an answer."""
    return db.session.scalar(select(func.count()).select_from(Consultation).where(
        Consultation.request_id == req.id, Consultation.answered_at.is_(None),
        Consultation.withdrawn_at.is_(None))) or 0


FEDERAL_CONSULTED = TimelineEvent.FEDERAL_GOVERNMENT_CONSULTED
"""The timeline action recording consultation with the federal government."""


def facts_of(req: EngagementRequest) -> RequestFacts:
    """Return the facts the lifecycle's guards read, from the stored request."""
    answer = assessment.signatory(req)
    federal_recorded = db.session.scalar(select(func.count()).select_from(RequestEvent).where(
        RequestEvent.request_id == req.id, RequestEvent.action == FEDERAL_CONSULTED)) or 0
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
        federal_consultation_recorded=federal_recorded > 0,
    )


def blocked_actions(req: EngagementRequest, user: User) -> dict[str, str]:
    """Return the guarded actions ``user`` could take but for the request, with why not."""
    if not can(req.status_enum, Action.RECOMMEND, user.role_enum):
        return {}
    refusal = why_not(req.status_enum, Action.RECOMMEND, user.role_enum, facts_of(req))
    return {"recommend": refusal} if refusal else {}


def resume_review(req: EngagementRequest, actor: User, note: str,
                  expected_version: int | None = None) -> None:
    """Take back a request whose submitter has not answered; the note tells them why."""
    check_version(req, expected_version)
    if not note.strip():
        raise ActionRefused("Say why the review resumes: the submitter reads it.")
    _move(req, Action.RESUME_REVIEW, actor, note=note)
    notifications.send_message(req, note)


def settle_category(req: EngagementRequest, actor: User, category: Category,
                    expected_version: int | None = None) -> None:
    """Settle the category a submitter left "not sure yet"."""
    check_version(req, expected_version)
    _require(ReviewAction.SETTLE_CATEGORY, req, actor)
    refusal = why_not_settle_category(req.category is not None)
    if refusal is not None:
        raise ActionRefused(refusal)
    req.requested_category = category.value
    _touch(req)
    transitions.record_note(req, actor, TimelineEvent.CATEGORY_SETTLED,
                            f"The City Clerk's Office settled the category: {category.label}.")


def open_consultations_of(req: EngagementRequest) -> list[Consultation]:
    """Return the consultations on ``req`` that await an answer, oldest first."""
    return list(db.session.scalars(select(Consultation).where(
        Consultation.request_id == req.id, Consultation.answered_at.is_(None),
        Consultation.withdrawn_at.is_(None)).order_by(Consultation.asked_at)))


def withdraw_consultation(req: EngagementRequest, actor: User, consultation: Consultation,
                          reason: str, expected_version: int | None = None) -> None:
    """Withdraw an unanswered consultation, with the reason, so it stops holding the request."""
    check_version(req, expected_version)
    _require(ReviewAction.WITHDRAW_CONSULTATION, req, actor)
    if consultation.request_id != req.id:
        raise ActionRefused("Select a consultation of this request.")
    refusal = why_not_withdraw_consultation(is_open=consultation.is_open, reason=reason)
    if refusal is not None:
        raise ActionRefused(refusal)
    consultation.withdrawn_at, consultation.withdrawn_by = utcnow(), actor
    consultation.withdrawn_reason = reason.strip()
    transitions.record_note(req, actor, TimelineEvent.CONSULTATION_WITHDRAWN,
                            f"Withdrew the question to {consultation.division.name}: {reason}",
                            visible_to_submitter=False)
    _touch(req)


# Reminders -------------------------------------------------------------------------------

REMINDED = TimelineEvent.INFORMATION_REMINDER
"""The timeline action recording that the submitter was reminded of a question."""


def reminder_working_days() -> int:
    """Return the working days after which a city is reminded of an unanswered question."""
    value = current_app.config.get("INFORMATION_REMINDER_WORKING_DAYS")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return DEFAULT_INFORMATION_REMINDER_WORKING_DAYS


def remind_unanswered(today: date) -> list[str]:
    """Remind each submitter of a question left unanswered too long; return the references.

    Written once per question: a reminder recorded since the request entered "information
    requested" means it was sent, so running this again changes nothing.
    """
    after = reminder_working_days()
    reminded: list[str] = []
    waiting = db.session.scalars(select(EngagementRequest).where(
        EngagementRequest.status == Status.INFORMATION_REQUESTED.value))
    for req in waiting:
        since = req.status_changed_at
        if since is None:
            continue
        already = (db.session.scalar(select(func.count()).select_from(RequestEvent).where(
            RequestEvent.request_id == req.id, RequestEvent.action == REMINDED,
            RequestEvent.at >= since)) or 0) > 0
        waited = working_days_between(since.date(), today)
        if not information_reminder_due(req.status_enum, waited, already_reminded=already,
                                        after=after):
            continue
        transitions.record_note(req, None, REMINDED,
                                "Reminded the submitter of the unanswered question.")
        notifications.send_information_reminder(req)
        reminded.append(req.reference or str(req.id))
    return reminded


def available_actions(req: EngagementRequest, user: User) -> list[str]:
    """Return the review actions ``user`` may take on ``req`` now, as the policy says."""
    role, status = user.role_enum, req.status_enum
    names: list[str] = []
    if may(ReviewAction.ASSIGN, role, status):
        names += ["claim", "assign"] if req.assignee_id != user.id else ["assign"]
    for action, name in ((Action.START_TRIAGE, "start-triage"),
                         (Action.START_REVIEW, "start-review"),
                         (Action.REQUEST_INFORMATION, "request-information"),
                         (Action.RESUME_REVIEW, "resume-review")):
        if can(status, action, role):
            names.append(name)
    # Recommending also asks the lifecycle's guards; the page says why when they refuse.
    if can(status, Action.RECOMMEND, role) and not blocked_actions(req, user):
        names.append("recommend")
    if (may(ReviewAction.SETTLE_CATEGORY, role, status)
            and why_not_settle_category(req.category is not None) is None):
        names.append("settle-category")
    # Deciding asks the policy for the named signatory, not only the role.
    if may_decline(req, user):
        names.append("decline")
    if may_approve(req, user):
        names.append("approve")
    for action, name in ((ReviewAction.SET_SPONSOR, "set-sponsor"),
                         (ReviewAction.CONSULT, "consult"),
                         (ReviewAction.RECORD_GOVERNMENT_CONSULTATION, "record-consultation"),
                         (ReviewAction.MESSAGE, "message"), (ReviewAction.COMMENT, "comment")):
        if may(action, role, status):
            names.append(name)
    if (may(ReviewAction.WITHDRAW_CONSULTATION, role, status)
            and open_consultation_count(req) > 0):
        names.append("withdraw-consultation")
    return names
