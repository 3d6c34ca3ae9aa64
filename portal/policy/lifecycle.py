"""Hold the one state machine of a request: its states, actions and who may take each.

Every transition is in ``TRANSITIONS``: from a state, an action leads to one state and is
open to the roles named. ``SUBMITTER`` stands for the request's own submitter (a city
representative or division staff member, checked by ownership in the service); the roles
are checked here. A submitter may withdraw until a signing authority decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portal.policy.roles import Role


class Status(StrEnum):
    """Where a request stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_TRIAGE = "in_triage"
    INFORMATION_REQUESTED = "information_requested"
    IN_REVIEW = "in_review"
    RECOMMENDED = "recommended"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    APPROVED = "approved"
    AGREEMENT_DRAFTED = "agreement_drafted"
    APPROVED_AS_TO_FORM = "approved_as_to_form"
    SIGNED = "signed"

    @property
    def label(self) -> str:
        """Return the status as a submitter reads it."""
        return STATUS_LABELS[self]

    @property
    def is_final(self) -> bool:
        """Return whether nothing more happens to the request itself."""
        return self in FINAL_STATES


STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Submitted",
    Status.IN_TRIAGE: "In triage",
    Status.INFORMATION_REQUESTED: "Information requested",
    Status.IN_REVIEW: "In review",
    Status.RECOMMENDED: "Recommended",
    Status.DECLINED: "Declined",
    Status.WITHDRAWN: "Withdrawn",
    Status.APPROVED: "Approved",
    Status.AGREEMENT_DRAFTED: "Agreement drafted",
    Status.APPROVED_AS_TO_FORM: "Approved as to form",
    Status.SIGNED: "Signed",
}

FINAL_STATES = frozenset({Status.DECLINED, Status.WITHDRAWN, Status.SIGNED})


class Action(StrEnum):
    """What someone does to a request."""

    SUBMIT = "submit"
    START_TRIAGE = "start_triage"
    START_REVIEW = "start_review"
    REQUEST_INFORMATION = "request_information"
    ANSWER = "answer"
    RECOMMEND = "recommend"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    DRAFT_AGREEMENT = "draft_agreement"
    APPROVE_AS_TO_FORM = "approve_as_to_form"
    RECORD_SIGNATURE = "record_signature"


SUBMITTER = "submitter"
"""Stands for the request's own submitter in ``TRANSITIONS``."""

Actor = Role | str


@dataclass(frozen=True)
class Transition:
    """One allowed move of the state machine."""

    source: Status
    action: Action
    target: Status
    actors: frozenset[Actor]


def _t(source: Status, action: Action, target: Status, *actors: Actor) -> Transition:
    return Transition(source, action, target, frozenset(actors))


_WITHDRAWABLE = (
    Status.SUBMITTED,
    Status.IN_TRIAGE,
    Status.INFORMATION_REQUESTED,
    Status.IN_REVIEW,
    Status.RECOMMENDED,
)

TRANSITIONS: tuple[Transition, ...] = (
    _t(Status.DRAFT, Action.SUBMIT, Status.SUBMITTED, SUBMITTER),
    _t(Status.SUBMITTED, Action.START_TRIAGE, Status.IN_TRIAGE, Role.CCO_REVIEWER),
    _t(Status.IN_TRIAGE, Action.START_REVIEW, Status.IN_REVIEW, Role.CCO_REVIEWER),
    _t(Status.IN_TRIAGE, Action.REQUEST_INFORMATION, Status.INFORMATION_REQUESTED,
       Role.CCO_REVIEWER),
    _t(Status.IN_REVIEW, Action.REQUEST_INFORMATION, Status.INFORMATION_REQUESTED,
       Role.CCO_REVIEWER),
    _t(Status.INFORMATION_REQUESTED, Action.ANSWER, Status.IN_REVIEW, SUBMITTER),
    _t(Status.IN_REVIEW, Action.RECOMMEND, Status.RECOMMENDED, Role.CCO_REVIEWER),
    _t(Status.IN_TRIAGE, Action.DECLINE, Status.DECLINED, Role.CCO_REVIEWER),
    _t(Status.IN_REVIEW, Action.DECLINE, Status.DECLINED, Role.CCO_REVIEWER),
    _t(Status.RECOMMENDED, Action.DECLINE, Status.DECLINED, Role.SIGNING_AUTHORITY),
    _t(Status.RECOMMENDED, Action.APPROVE, Status.APPROVED, Role.SIGNING_AUTHORITY),
    _t(Status.APPROVED, Action.DRAFT_AGREEMENT, Status.AGREEMENT_DRAFTED, Role.CCO_REVIEWER),
    _t(Status.AGREEMENT_DRAFTED, Action.DRAFT_AGREEMENT, Status.AGREEMENT_DRAFTED,
       Role.CCO_REVIEWER),
    _t(Status.AGREEMENT_DRAFTED, Action.APPROVE_AS_TO_FORM, Status.APPROVED_AS_TO_FORM,
       Role.SOLICITOR),
    _t(Status.APPROVED_AS_TO_FORM, Action.RECORD_SIGNATURE, Status.SIGNED, Role.CCO_REVIEWER),
    *(_t(state, Action.WITHDRAW, Status.WITHDRAWN, SUBMITTER) for state in _WITHDRAWABLE),
)

_BY_SOURCE_ACTION: dict[tuple[Status, Action], Transition] = {
    (t.source, t.action): t for t in TRANSITIONS
}


class TransitionRefused(Exception):
    """Raised when an action is not open from a state to an actor."""


def transition_for(source: Status, action: Action) -> Transition | None:
    """Return the transition ``action`` makes from ``source``, or None if there is none."""
    return _BY_SOURCE_ACTION.get((source, action))


def can(source: Status, action: Action, role: Role, *, is_submitter: bool = False) -> bool:
    """Return whether someone of ``role`` may take ``action`` on a request in ``source``."""
    transition = transition_for(source, action)
    if transition is None:
        return False
    if is_submitter and SUBMITTER in transition.actors:
        return True
    return role in transition.actors


def next_status(
    source: Status, action: Action, role: Role, *, is_submitter: bool = False
) -> Status:
    """Return the state ``action`` leads to, or raise TransitionRefused."""
    transition = transition_for(source, action)
    if transition is None or not can(source, action, role, is_submitter=is_submitter):
        raise TransitionRefused(f"{action.value} is not allowed from {source.label}.")
    return transition.target


def actions_open(source: Status, role: Role, *, is_submitter: bool = False) -> list[Action]:
    """Return the actions someone of ``role`` may take on a request in ``source``."""
    return [
        t.action for t in TRANSITIONS
        if t.source is source and can(source, t.action, role, is_submitter=is_submitter)
    ]


APPROVED_STATES = frozenset({Status.APPROVED, Status.AGREEMENT_DRAFTED,
                             Status.APPROVED_AS_TO_FORM, Status.SIGNED})
"""The states after the signing authority's approval: the request has an agreement."""


def can_draft_agreement(source: Status) -> bool:
    """Return whether a (new version of the) draft agreement may be made in ``source``."""
    return transition_for(source, Action.DRAFT_AGREEMENT) is not None


def can_withdraw(source: Status) -> bool:
    """Return whether a submitter may still withdraw a request in ``source``."""
    return source in _WITHDRAWABLE


def is_editable_by_submitter(source: Status) -> bool:
    """Return whether the submitter may still change the answers (only a draft)."""
    return source is Status.DRAFT
