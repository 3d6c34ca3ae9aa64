"""Hold the one table of what a request waits on: the step of each state, and its actors.

Every state of a request but the final ones waits on one step (``NEXT_STEP``): a submitted
request waits for triage, a recommended one for the signing authority's decision, a drafted
agreement for the City Solicitor's approval as to form. Who takes that step is read from
the lifecycle's transitions, never restated here: the step's actors are the ones it waits
on. One fact of a request can hand its step to others: while a consultation is open, a
step the lifecycle guards against open consultations (the recommendation) waits on the
offices consulted (``consultations_hold``). Both views of the step derive from this table:
the request page's (``next_step``, which refines it with the request's facts) and each
role's inbox on the home (``inbox``).
"""

from __future__ import annotations

from portal.policy.lifecycle import GUARDS, Action, Actor, RequestFacts, Status, transition_for
from portal.policy.phrases import N_, Phrase

NEXT_STEP: dict[Status, Action] = {
    Status.DRAFT: Action.SUBMIT,
    Status.SUBMITTED: Action.START_TRIAGE,
    Status.IN_TRIAGE: Action.START_REVIEW,
    Status.INFORMATION_REQUESTED: Action.ANSWER,
    Status.IN_REVIEW: Action.RECOMMEND,
    Status.RECOMMENDED: Action.APPROVE,
    Status.APPROVED: Action.DRAFT_AGREEMENT,
    Status.AGREEMENT_DRAFTED: Action.APPROVE_AS_TO_FORM,
    Status.APPROVED_AS_TO_FORM: Action.RECORD_SIGNATURE,
}
"""The step a request in each state waits on; a final state waits on nothing.

Other moves may be open in the same state (a reviewer may decline a request waiting for
the city's answer, or draft a new version of an agreement the Solicitor has not yet
approved); they are fallbacks or corrections, not what the request waits for."""

OTHERWISE: dict[Status, tuple[Action, ...]] = {
    Status.IN_TRIAGE: (Action.REQUEST_INFORMATION, Action.DECLINE),
    Status.IN_REVIEW: (Action.DECLINE,),
    Status.RECOMMENDED: (Action.DECLINE,),
}
"""What the step's holder may do instead of the step, and so settle it as well."""

STEP_LABELS: dict[Action, Phrase] = {
    Action.SUBMIT: N_("Submit the request"),
    Action.START_TRIAGE: N_("Start triage"),
    Action.START_REVIEW: N_("Start the review"),
    Action.ANSWER: N_("Answer the question"),
    Action.RECOMMEND: N_("Recommend or decline"),
    Action.APPROVE: N_("Approve or decline"),
    Action.DRAFT_AGREEMENT: N_("Draft the agreement"),
    Action.APPROVE_AS_TO_FORM: N_("Approve the draft as to form"),
    Action.RECORD_SIGNATURE: N_("Record the signed agreement"),
}
"""Each step a request waits on, in a few words, for lists of requests."""

STEP_IN_SENTENCE: dict[Action, Phrase] = {
    Action.SUBMIT: N_("submit the request"),
    Action.START_TRIAGE: N_("start triage"),
    Action.START_REVIEW: N_("start the review"),
    Action.ANSWER: N_("answer the question"),
    Action.RECOMMEND: N_("recommend or decline"),
    Action.APPROVE: N_("approve or decline"),
    Action.DRAFT_AGREEMENT: N_("draft the agreement"),
    Action.APPROVE_AS_TO_FORM: N_("approve the draft as to form"),
    Action.RECORD_SIGNATURE: N_("record the signed agreement"),
}
"""Each step as a sentence says it mid-way ("Next step: draft the agreement, by ..."): words
of their own, since lower-casing a translated label would lower-case its proper nouns too."""


def waits_on(status: Status) -> Action | None:
    """Return the step a request in ``status`` waits on, or None once it is final."""
    return NEXT_STEP.get(status)


def holders(status: Status) -> frozenset[Actor]:
    """Return who takes the step ``status`` waits on, as the lifecycle names its actors."""
    step = waits_on(status)
    transition = transition_for(status, step) if step is not None else None
    return transition.actors if transition is not None else frozenset()


def step_actions(status: Status) -> tuple[Action, ...]:
    """Return the actions that take the step of ``status``: the step, then the others."""
    step = waits_on(status)
    return (step, *OTHERWISE.get(status, ())) if step is not None else ()


def consultations_hold(status: Status) -> bool:
    """Return whether a consultation still open holds up the step of ``status``.

    Read from the lifecycle's guards: the step is refused while any consultation is open.
    """
    step = waits_on(status)
    guard = GUARDS.get(step) if step is not None else None
    return guard is not None and bool(guard(RequestFacts(open_consultations=1)))
