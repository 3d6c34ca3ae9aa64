"""Say who may do what to a submitted request besides moving its status, and when.

Reviewing is led by the City Clerk's Office: its reviewers claim or assign requests, comment,
message the submitter, consult EDC, CMO or a division, record consultation with another
level of government and name the sponsoring division. A supporting reviewer (EDC or CMO) or a
division answers the consultations put to it. These actions stay open while the request is
under review, from submission until a decision; after that the file is closed to them, save
comments and messages, which remain open until the agreement is signed.

Scores and the reputational concern are the assessment the recommendation rests on, so they
are open only while the request is being assessed (submitted, in triage, information
requested, in review) and close at the CCO's decision: once a request is recommended or
declined, the signing authority reads the assessment the decision was made on, not one edited
after it. Like every review action they carry the request's version, so a second reviewer
working from a stale page is told what changed rather than overwriting it.

The file's internal side (the reviewer's concerns, consultations with other offices, internal
comments, scores and risk flags) is for City staff working on the request. Its submitting
party never reads it, even when that party is a City division filing its own proposal: the
division sees its proposal as a submitter does, unless one of its staff is the reviewer
assigned to it.

Only an active CCO reviewer can be assigned a request: a deactivated account can no longer
sign in to work on it. A reviewer who declares a conflict of interest on a request cannot be
assigned to it. One
who claims a request declares, as they claim it, that they have none; a colleague assigned
by someone else is asked to declare when they open the file.
"""

from __future__ import annotations

from enum import StrEnum

from portal.policy.lifecycle import Status
from portal.policy.phrases import N_, P_, Phrase
from portal.policy.roles import Role


class ReviewAction(StrEnum):
    """What staff do to a request without changing its status."""

    ASSIGN = "assign"
    COMMENT = "comment"
    MESSAGE = "message"
    CONSULT = "consult"
    ANSWER_CONSULTATION = "answer_consultation"
    RECORD_GOVERNMENT_CONSULTATION = "record_government_consultation"
    SET_SPONSOR = "set_sponsor"
    SETTLE_CATEGORY = "settle_category"
    SCORE = "score"
    RAISE_CONCERN = "raise_concern"
    WITHDRAW_CONSULTATION = "withdraw_consultation"


UNDER_REVIEW = frozenset({Status.SUBMITTED, Status.IN_TRIAGE, Status.INFORMATION_REQUESTED,
                          Status.IN_REVIEW, Status.RECOMMENDED})
ASSESSING = frozenset({Status.SUBMITTED, Status.IN_TRIAGE, Status.INFORMATION_REQUESTED,
                       Status.IN_REVIEW})
"""The states in which the assessment (scores, concerns) is still being formed."""
OPEN_FILE = UNDER_REVIEW | {Status.APPROVED, Status.AGREEMENT_DRAFTED,
                            Status.APPROVED_AS_TO_FORM}

_CCO = frozenset({Role.CCO_REVIEWER})

REVIEW_RULES: dict[ReviewAction, tuple[frozenset[Role], frozenset[Status]]] = {
    ReviewAction.ASSIGN: (_CCO, UNDER_REVIEW),
    ReviewAction.COMMENT: (_CCO | {Role.SIGNING_AUTHORITY, Role.SOLICITOR}, OPEN_FILE),
    ReviewAction.MESSAGE: (_CCO, OPEN_FILE),
    ReviewAction.CONSULT: (_CCO, UNDER_REVIEW),
    ReviewAction.ANSWER_CONSULTATION: (
        frozenset({Role.SUPPORTING_REVIEWER, Role.DIVISION_STAFF}), UNDER_REVIEW),
    ReviewAction.RECORD_GOVERNMENT_CONSULTATION: (_CCO, UNDER_REVIEW),
    ReviewAction.SET_SPONSOR: (_CCO, UNDER_REVIEW),
    ReviewAction.SETTLE_CATEGORY: (_CCO, UNDER_REVIEW),
    ReviewAction.SCORE: (_CCO, ASSESSING),
    ReviewAction.RAISE_CONCERN: (_CCO, ASSESSING),
    ReviewAction.WITHDRAW_CONSULTATION: (_CCO, UNDER_REVIEW),
}



def may(action: ReviewAction, role: Role, status: Status) -> bool:
    """Return whether someone of ``role`` may take ``action`` on a request in ``status``."""
    roles, states = REVIEW_RULES[action]
    return role in roles and status in states


def review_refusal(action: ReviewAction, status: Status) -> Phrase:
    """Return the sentence refusing ``action`` to someone, on a request that is ``status``."""
    return Phrase(_NOT_OPEN[action].msgid, {"status": status.in_sentence})


_NOT_OPEN: dict[ReviewAction, Phrase] = {
    ReviewAction.ASSIGN: N_("You cannot assign a request that is %(status)s."),
    ReviewAction.COMMENT: N_("You cannot comment on a request that is %(status)s."),
    ReviewAction.MESSAGE: N_("You cannot message the submitter of a request that is "
                             "%(status)s."),
    ReviewAction.CONSULT: N_("You cannot consult on a request that is %(status)s."),
    ReviewAction.ANSWER_CONSULTATION: N_("You cannot answer a consultation on a request that "
                                         "is %(status)s."),
    ReviewAction.RECORD_GOVERNMENT_CONSULTATION: N_(
        "You cannot record a consultation with another government on a request that is "
        "%(status)s."),
    ReviewAction.SET_SPONSOR: N_("You cannot set the sponsoring division of a request that is "
                                 "%(status)s."),
    ReviewAction.SETTLE_CATEGORY: N_("You cannot settle the category of a request that is "
                                     "%(status)s."),
    ReviewAction.SCORE: N_("You cannot score a request that is %(status)s."),
    ReviewAction.RAISE_CONCERN: N_("You cannot raise a concern on a request that is "
                                   "%(status)s."),
    ReviewAction.WITHDRAW_CONSULTATION: N_("You cannot withdraw a consultation on a request "
                                           "that is %(status)s."),
}
"""Whole sentences per action (French orders and agrees the words its own way)."""


def assessment_refusal(action: ReviewAction, role: Role, status: Status) -> Phrase | None:
    """Return why someone of ``role`` may not change scores or concerns now; None if they may.

    ``action`` is ``ReviewAction.SCORE`` or ``ReviewAction.RAISE_CONCERN``.
    """
    if may(action, role, status):
        return None
    concerns = action is ReviewAction.RAISE_CONCERN
    if role is not Role.CCO_REVIEWER:
        return (N_("Only a CCO reviewer changes a request's concerns.") if concerns
                else N_("Only a CCO reviewer changes a request's scores."))
    if concerns:
        return P_("The concerns are closed: this request is %(status)s, and the assessment "
                  "stays as it was when the City Clerk's Office decided.",
                  status=status.in_sentence)
    return P_("The scores are closed: this request is %(status)s, and the assessment stays "
              "as it was when the City Clerk's Office decided.", status=status.in_sentence)


def why_not_settle_category(category_settled: bool) -> Phrase | None:
    """Return why the category may not be settled by a reviewer now, or None when it may.

    A reviewer settles only what the submitter left open ("not sure yet"); a category the
    submitter chose is theirs to change, through an information request.
    """
    if category_settled:
        return N_("The category is already settled: ask the submitter if it should change.")
    return None


def why_not_withdraw_consultation(*, is_open: bool, reason: str) -> Phrase | None:
    """Return why a consultation may not be withdrawn, or None when it may.

    Only an unanswered consultation is withdrawn, and always with a reason kept in the file.
    """
    if not is_open:
        return N_("This consultation is already answered or withdrawn.")
    if not reason.strip():
        return N_("Give the reason for withdrawing the consultation.")
    return None


def may_be_assigned(role: Role, declared_conflict: bool | None, *, active: bool) -> bool:
    """Return whether a person may be assigned: an active CCO reviewer with no conflict.

    ``declared_conflict`` is None when the person has made no declaration yet; ``active``
    is whether their account is active (not deactivated by an administrator).
    """
    return active and role is Role.CCO_REVIEWER and declared_conflict is not True


def why_not_assigned(name: str, role: Role, declared_conflict: bool | None, *,
                     active: bool) -> Phrase | None:
    """Return the sentence saying why ``name`` may not be assigned, or None when they may."""
    if may_be_assigned(role, declared_conflict, active=active):
        return None
    if not active:
        return P_("%(name)s's account is deactivated, so they cannot be assigned a request.",
                  name=name)
    if role is not Role.CCO_REVIEWER:
        return N_("Only a CCO reviewer can be assigned a request.")
    return P_("%(name)s declared a conflict of interest in this request and cannot be "
              "assigned.", name=name)


def sees_internal(*, is_staff: bool, is_submitting_party: bool,
                  is_assigned_reviewer: bool) -> bool:
    """Return whether someone who may open a request reads its internal side.

    Staff do, save the submitting party (a division on its own proposal), who reads the file
    as a submitter does unless it is also the request's assigned reviewer.
    """
    if not is_staff:
        return False
    return is_assigned_reviewer or not is_submitting_party
