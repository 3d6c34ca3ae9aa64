"""Hold the one state machine of a request: its states, actions and who may take each.

Every transition is in ``TRANSITIONS``: from a state, an action leads to one state and is
open to the roles named. ``SUBMITTER`` stands for the request's own submitter (a city
representative or division staff member, checked by ownership in the service); the roles
are checked here. A submitter may withdraw until a signing authority decides.

Some transitions also have conditions on the request itself (``GUARDS``): a recommendation
needs the category settled, a sponsoring division for a project, a named signatory who holds
an active account, no consultation left unanswered and, when the federal-consultation flag is
raised, that consultation recorded. The conditions read ``RequestFacts``, plain values the
service builds from the stored request, so that this module stays free of the database. Each
refusal is a sentence the request page shows as it is.

A city that never answers a question must not block its request for ever: from
"information requested" a CCO reviewer may resume the review or decline, and the city is
reminded once after ``DEFAULT_INFORMATION_REMINDER_WORKING_DAYS`` working days (a setting).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from portal.policy.lifecycle_words import (
    CLOSED_IN_STATE,
    CLOSED_TO_ROLE,
    NOT_NOW,
    STATUS_IN_SENTENCE,
)
from portal.policy.phrases import N_, NP_, P_, Phrase
from portal.policy.refusals import Refused
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
    def label(self) -> Phrase:
        """Return the status as a submitter reads it."""
        return STATUS_LABELS[self]

    @property
    def in_sentence(self) -> Phrase:
        """Return the status as a sentence says it ("a request that is in review")."""
        return STATUS_IN_SENTENCE[self]

    @property
    def is_final(self) -> bool:
        """Return whether nothing more happens to the request itself."""
        return self in FINAL_STATES


STATUS_LABELS: dict[Status, Phrase] = {
    Status.DRAFT: N_("Draft"),
    Status.SUBMITTED: N_("Submitted"),
    Status.IN_TRIAGE: N_("In triage"),
    Status.INFORMATION_REQUESTED: N_("Information requested"),
    Status.IN_REVIEW: N_("In review"),
    Status.RECOMMENDED: N_("Recommended"),
    Status.DECLINED: N_("Declined"),
    Status.WITHDRAWN: N_("Withdrawn"),
    Status.APPROVED: N_("Approved"),
    Status.AGREEMENT_DRAFTED: N_("Agreement drafted"),
    Status.APPROVED_AS_TO_FORM: N_("Approved as to form"),
    Status.SIGNED: N_("Signed"),
}


FINAL_STATES = frozenset({Status.DECLINED, Status.WITHDRAWN, Status.SIGNED})


class Action(StrEnum):
    """What someone does to a request."""

    SUBMIT = "submit"
    START_TRIAGE = "start_triage"
    START_REVIEW = "start_review"
    REQUEST_INFORMATION = "request_information"
    ANSWER = "answer"
    RESUME_REVIEW = "resume_review"
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
    # The city may never answer: the reviewer takes the request back, or declines it.
    _t(Status.INFORMATION_REQUESTED, Action.RESUME_REVIEW, Status.IN_REVIEW,
       Role.CCO_REVIEWER),
    _t(Status.INFORMATION_REQUESTED, Action.DECLINE, Status.DECLINED, Role.CCO_REVIEWER),
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


def reachable_from(status: Status) -> frozenset[Status]:
    """Return ``status`` and every state the transitions can lead a request on to from it."""
    found, waiting = {status}, [status]
    while waiting:
        source = waiting.pop()
        for t in TRANSITIONS:
            if t.source is source and t.target not in found:
                found.add(t.target)
                waiting.append(t.target)
    return frozenset(found)


DRAFT_HOLDING_STATES = reachable_from(
    _BY_SOURCE_ACTION[Status.APPROVED, Action.DRAFT_AGREEMENT].target)
"""The states a request may hold draft agreements in; before them it has none to read.

A draft is made by the action that drafts the agreement, in the state it leads to (an
edited version is uploaded there too), and no transition leads back from there.
"""

AGREEMENT_HOLDING_STATES = reachable_from(
    _BY_SOURCE_ACTION[Status.APPROVED_AS_TO_FORM, Action.RECORD_SIGNATURE].target)
"""The states a request may have become an agreement of the registry in: once signed."""


class TransitionRefused(Refused):
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
        raise TransitionRefused(closed_sentence(source, action, role, is_submitter=is_submitter))
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


# Conditions on the request ---------------------------------------------------------------

DEFAULT_INFORMATION_REMINDER_WORKING_DAYS = 10
"""Working days a city may leave a question unanswered before it is reminded (a setting)."""


@dataclass(frozen=True)
class RequestFacts:
    """What the guards need to know about a request, as plain values.

    The defaults describe a request with nothing in the way, so that a table of cases
    states only the fact it is about.
    """

    category_settled: bool = True
    is_project: bool = False
    has_sponsor: bool = True
    signatory_named: bool = True
    signatory_unknown_reason: str = ""
    signatory_has_account: bool = True
    signatory_title: str = ""
    open_consultations: int = 0
    federal_flag_raised: bool = False
    federal_consultation_recorded: bool = False


def _recommend_refusals(facts: RequestFacts) -> list[Phrase]:
    refusals: list[Phrase] = []
    if not facts.category_settled:
        refusals.append(N_("Settle the category first: the submitter was not sure whether this "
                           "is a Partnership City or an International Project."))
    if facts.is_project and not facts.has_sponsor:
        refusals.append(N_("Set the sponsoring division first: an International Project needs "
                           "one."))
    if facts.category_settled and (not facts.is_project or facts.has_sponsor):
        # A missing category or sponsor is already said above; naming the signatory waits on it.
        if not facts.signatory_named:
            # The reason itself, not a stripped copy: it may be a phrase of its own.
            reason = facts.signatory_unknown_reason
            refusals.append(P_("The signing authority cannot be named yet: %(reason)s",
                               reason=reason) if reason.strip()
                            else N_("The signing authority cannot be named yet."))
        elif not facts.signatory_has_account:
            who = facts.signatory_title
            refusals.append(P_(
                "%(who)s has no active account in the portal, so nobody could approve this "
                "request: ask an administrator to create or reactivate the account first.",
                who=who) if who.strip() else N_(
                "The signing authority has no active account in the portal, so nobody could "
                "approve this request: ask an administrator to create or reactivate the "
                "account first."))
    if facts.open_consultations:
        refusals.append(NP_(
            "%(num)s consultation is still unanswered: wait for the answer or withdraw it, "
            "with a reason.",
            "%(num)s consultations are still unanswered: wait for the answer or withdraw them, "
            "with a reason.", facts.open_consultations))
    if facts.federal_flag_raised and not facts.federal_consultation_recorded:
        refusals.append(N_("The counterpart's country needs consultation with the federal "
                           "government: record that consultation first."))
    return refusals


GUARDS: dict[Action, Callable[[RequestFacts], list[Phrase]]] = {
    Action.RECOMMEND: _recommend_refusals,
}
"""The conditions on the request each guarded action needs, as refusal sentences."""


def closed_sentence(source: Status, action: Action, role: Role, *,
                    is_submitter: bool = False) -> Phrase | None:
    """Return why the state or the role closes ``action``, or None when both allow it."""
    if can(source, action, role, is_submitter=is_submitter):
        return None
    if transition_for(source, action) is None:
        return Phrase(CLOSED_IN_STATE[action].msgid, {"status": source.in_sentence})
    return Phrase(CLOSED_TO_ROLE[action].msgid, {"status": source.in_sentence})


def refusals(source: Status, action: Action, role: Role, facts: RequestFacts, *,
             is_submitter: bool = False) -> list[Phrase]:
    """Return every reason ``action`` is closed now, each a sentence; empty when it is open.

    The state and the role come first: when they close the action, that is the one reason.
    """
    closed = closed_sentence(source, action, role, is_submitter=is_submitter)
    if closed is not None:
        return [closed]
    guard = GUARDS.get(action)
    return guard(facts) if guard else []


def why_not(source: Status, action: Action, role: Role, facts: RequestFacts, *,
            is_submitter: bool = False) -> Phrase | None:
    """Return the sentences saying why ``action`` is closed, or None when it is open."""
    found = refusals(source, action, role, facts, is_submitter=is_submitter)
    return sentences(found) if found else None


def sentences(found: list[Phrase]) -> Phrase:
    """Return sentences read one after the other, as one phrase that keeps each translatable."""
    if len(found) == 1:
        return found[0]
    return P_("%(sentence)s %(more)s", sentence=found[0], more=sentences(found[1:]))


def not_now(source: Status, action: Action) -> Phrase:
    """Return the sentence refusing ``action`` on a request that moved on to ``source``.

    A service says it when the page offered an action the request's state no longer allows
    (another person acted first, or the page was out of date).
    """
    return Phrase(NOT_NOW[action].msgid, {"status": source.in_sentence})


def is_guarded(action: Action) -> bool:
    """Return whether ``action`` has conditions on the request beyond state and role."""
    return action in GUARDS


def information_reminder_due(source: Status, working_days_waited: int, *,
                             already_reminded: bool,
                             after: int = DEFAULT_INFORMATION_REMINDER_WORKING_DAYS) -> bool:
    """Return whether the city should be reminded of an unanswered question now.

    Once per question: ``already_reminded`` says whether a reminder went since it was asked.
    """
    return (source is Status.INFORMATION_REQUESTED and not already_reminded
            and working_days_waited >= after)
