"""Name the actions a request's staff page offers, with their labels and the order of a task.

Each action the side column draws (a review action, a step of the lifecycle, the Solicitor's
round-trip on a draft) has one name here. The name is the action's address
(``/review/requests/<id>/act/<name>``), the prefix of its form's fields and the page's
``id="action-<name>"``, so the values are part of the URLs and must not change; the label is
the words of its button, in English, which the page translates (``N_`` marks each for the
catalogue).
"""

from __future__ import annotations

from enum import StrEnum

from portal.policy.decisions import DECISIONS
from portal.policy.lifecycle import Action
from portal.policy.next_step import StepAction
from portal.policy.phrases import N_
from portal.policy.review import ReviewAction


class PageAction(StrEnum):
    """An action offered on a request's staff page, named as its address names it."""

    CLAIM = "claim"
    ASSIGN = "assign"
    START_TRIAGE = "start-triage"
    START_REVIEW = "start-review"
    REQUEST_INFORMATION = "request-information"
    RECOMMEND = "recommend"
    DECLINE = "decline"
    RESUME_REVIEW = "resume-review"
    SETTLE_CATEGORY = "settle-category"
    WITHDRAW_CONSULTATION = "withdraw-consultation"
    APPROVE = "approve"
    SET_SPONSOR = "set-sponsor"
    CONSULT = "consult"
    RECORD_CONSULTATION = "record-consultation"
    MESSAGE = "message"
    COMMENT = "comment"
    DRAFT_AGREEMENT = "draft-agreement"
    APPROVE_AS_TO_FORM = "approve-as-to-form"
    RETURN_DRAFT = "return-draft"
    UPLOAD_DRAFT = "upload-draft"
    RECORD_SIGNATURE = "record-signature"
    ANSWER_CONSULTATION = "answer-consultation"

    @property
    def label(self) -> str:
        """Return the words of the action's button (English; the page translates them)."""
        return PAGE_ACTION_LABELS[self]


PAGE_ACTION_LABELS: dict[PageAction, str] = {
    PageAction.CLAIM: N_("Claim this request"),
    PageAction.ASSIGN: N_("Assign to a reviewer"),
    PageAction.START_TRIAGE: N_("Start triage"),
    PageAction.START_REVIEW: N_("Start the review"),
    PageAction.REQUEST_INFORMATION: N_("Ask the submitter for information"),
    PageAction.RECOMMEND: N_("Recommend to the signing authority"),
    PageAction.DECLINE: N_("Decline"),
    PageAction.RESUME_REVIEW: N_("Resume the review without an answer"),
    PageAction.SETTLE_CATEGORY: N_("Settle the category"),
    PageAction.WITHDRAW_CONSULTATION: N_("Withdraw an unanswered consultation"),
    PageAction.APPROVE: N_("Approve"),
    PageAction.SET_SPONSOR: N_("Set the sponsoring division"),
    PageAction.CONSULT: N_("Consult EDC, CMO or a division"),
    PageAction.RECORD_CONSULTATION: N_("Record consultation with another government"),
    PageAction.MESSAGE: N_("Message the submitter"),
    PageAction.COMMENT: N_("Add an internal comment"),
    PageAction.DRAFT_AGREEMENT: N_("Generate draft agreement"),
    PageAction.APPROVE_AS_TO_FORM: N_("Approve as to form"),
    PageAction.RETURN_DRAFT: N_("Return with changes requested"),
    PageAction.UPLOAD_DRAFT: N_("Upload an edited version"),
    PageAction.RECORD_SIGNATURE: N_("Record the signed agreement"),
    PageAction.ANSWER_CONSULTATION: N_("Answer the consultation"),
}

STEP_PAGE_ACTIONS: dict[StepAction, PageAction] = {
    Action.START_TRIAGE: PageAction.START_TRIAGE,
    Action.START_REVIEW: PageAction.START_REVIEW,
    Action.REQUEST_INFORMATION: PageAction.REQUEST_INFORMATION,
    Action.RESUME_REVIEW: PageAction.RESUME_REVIEW,
    Action.RECOMMEND: PageAction.RECOMMEND,
    Action.DECLINE: PageAction.DECLINE,
    Action.APPROVE: PageAction.APPROVE,
    Action.DRAFT_AGREEMENT: PageAction.DRAFT_AGREEMENT,
    Action.APPROVE_AS_TO_FORM: PageAction.APPROVE_AS_TO_FORM,
    Action.RECORD_SIGNATURE: PageAction.RECORD_SIGNATURE,
    ReviewAction.ANSWER_CONSULTATION: PageAction.ANSWER_CONSULTATION,
}
"""The page action that takes each step of the lifecycle (or answers a consultation)."""

TASK_ORDER: tuple[PageAction, ...] = (
    PageAction.ANSWER_CONSULTATION, PageAction.START_TRIAGE, PageAction.START_REVIEW,
    PageAction.RECOMMEND, PageAction.APPROVE, PageAction.DRAFT_AGREEMENT,
    PageAction.UPLOAD_DRAFT, PageAction.APPROVE_AS_TO_FORM, PageAction.RETURN_DRAFT,
    PageAction.RECORD_SIGNATURE, PageAction.REQUEST_INFORMATION, PageAction.RESUME_REVIEW,
    PageAction.DECLINE)
"""The order of a task's actions: the step forward first, declining last."""

ALTERNATIVES: dict[PageAction, tuple[PageAction, ...]] = {
    PageAction.DRAFT_AGREEMENT: (PageAction.UPLOAD_DRAFT,),
    PageAction.APPROVE_AS_TO_FORM: (PageAction.RETURN_DRAFT,),
}
"""Page actions that take a task's step another way: a version uploaded instead of generated,
a version returned with changes instead of approved."""

DECIDING: dict[PageAction, Action] = {STEP_PAGE_ACTIONS[a]: a for a in DECISIONS}
"""The page actions that decide a request (``policy.decisions.DECISIONS``), whose refusal
names who decides instead."""
