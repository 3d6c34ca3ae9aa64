"""Say what happens next to a request, who holds it, and what the person reading must do.

Every page that shows a request says the same thing about what comes next, from one
place: the request page's summary for staff, the city's "What happens next" for the
submitter. ``next_step`` reads a request's state as plain values (``RequestState``: its
status, who is assigned, the consultations still open, the recommendation's conditions,
the signatory, the draft agreement's versions) and returns the step, who holds it and the
lifecycle actions that take it, so a test can check that the holder named is the one the
lifecycle opens those actions to. The step and its holder are those of the request's state
(``policy.steps``, the one table the home's inboxes read too), refined by one fact: a
request in review with a consultation open waits on the offices consulted. ``task_for``
answers for one reader (``Viewer``): what they must do now, if anything; a consulted office
has a task whoever holds the request.

Staff read the step with its holder's name and what still stands in the way; the submitter
reads it in its own words, which never name the internal side of the file (consultations,
the reviewer's conditions). The sentences are phrases (``policy.phrases``): English text
that the page says in its reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from portal.policy.drafts import awaits_revision
from portal.policy.lifecycle import SUBMITTER, Action, Actor, RequestFacts, Status, refusals
from portal.policy.phrases import N_, P_, Phrase
from portal.policy.review import ReviewAction, may
from portal.policy.roles import Role
from portal.policy.steps import (
    STEP_LABELS,
    consultations_hold,
    holders,
    step_actions,
    waits_on,
)


class Holder(StrEnum):
    """Who holds a request's next step."""

    SUBMITTER = "submitter"
    REVIEWER = "reviewer"
    CONSULTED = "consulted"
    SIGNATORY = "signatory"
    SOLICITOR = "solicitor"
    NOBODY = "nobody"


HOLDER_ROLES: dict[Holder, frozenset[Role]] = {
    Holder.SUBMITTER: frozenset({Role.CITY, Role.DIVISION_STAFF}),
    Holder.REVIEWER: frozenset({Role.CCO_REVIEWER}),
    Holder.CONSULTED: frozenset({Role.SUPPORTING_REVIEWER, Role.DIVISION_STAFF}),
    Holder.SIGNATORY: frozenset({Role.SIGNING_AUTHORITY}),
    Holder.SOLICITOR: frozenset({Role.SOLICITOR}),
    Holder.NOBODY: frozenset(),
}
"""The roles whose holders take a step: the lifecycle opens the step's actions to them."""

StepAction = Action | ReviewAction

ACTOR_HOLDER: dict[Actor, Holder] = {
    SUBMITTER: Holder.SUBMITTER,
    Role.CCO_REVIEWER: Holder.REVIEWER,
    Role.SIGNING_AUTHORITY: Holder.SIGNATORY,
    Role.SOLICITOR: Holder.SOLICITOR,
}
"""The holder each actor of the lifecycle is, when a step is theirs."""


def holder_of(status: Status) -> Holder:
    """Return who holds the step of a request in ``status``, before its facts are read.

    Read from the lifecycle: the one actor its transition opens the step to.
    """
    actors = holders(status)
    if not actors:
        return Holder.NOBODY
    (actor,) = actors  # every step is one actor's: tests/policy/test_next_step.py
    return ACTOR_HOLDER[actor]


@dataclass(frozen=True)
class RequestState:
    """What the next step is read from, as plain values the service takes from the request.

    The defaults describe a request with nobody assigned, nothing open and no draft, so a
    table of cases states only what it is about.
    """

    status: Status
    submitter: str = ""
    """The submitting city's name, or the filing division's."""
    assignee: str | None = None
    consulted: tuple[str, ...] = ()
    """The offices with a consultation still unanswered, oldest first."""
    facts: RequestFacts = field(default_factory=RequestFacts)
    """The recommendation's conditions (read only in review); open consultations are
    counted from ``consulted``."""
    signatory: str | None = None
    """Who approves and signs, as "name, title"; None while it cannot be said."""
    signatory_unknown: str = ""
    newest_draft: int | None = None
    approved_draft: int | None = None
    draft_returned: bool = False
    """Whether the City Solicitor returned the newest draft with changes requested."""


@dataclass(frozen=True)
class NextStep:
    """The next step of a request, for staff and in the submitter's words."""

    holder: Holder
    who: Phrase
    what: Phrase
    submitter_who: Phrase
    for_submitter: Phrase
    actions: frozenset[StepAction]
    """The actions that take the step, open to the holder in the request's state."""
    before: tuple[str, ...] = ()
    """What still stands in the way of the step, for staff (the lifecycle's sentences)."""


_CCO = N_("The City Clerk's Office")
_YOU = N_("You")
_CLOSED = N_("Nobody: the request is closed")
_BEING_REVIEWED = N_(
    "The City Clerk's Office is reviewing your request. You do not need to do anything now: "
    "you will receive an email if they need anything more from you.")


def _reviewer(state: RequestState) -> Phrase:
    if state.assignee:
        return P_("%(name)s (City Clerk's Office)", name=state.assignee)
    return N_("A CCO reviewer (nobody is assigned yet)")


def _offices(names: tuple[str, ...]) -> str:
    return ", ".join(dict.fromkeys(names))


def _step(state: RequestState, holder: Holder, what: Phrase, for_submitter: Phrase,
          *actions: StepAction, before: tuple[str, ...] = ()) -> NextStep:
    who = {
        Holder.SUBMITTER: P_("%(name)s (the submitter)", name=state.submitter or "—"),
        Holder.REVIEWER: _reviewer(state),
        Holder.CONSULTED: P_("%(offices)s (consulted)", offices=_offices(state.consulted)),
        Holder.SIGNATORY: (P_("%(name)s (signing authority)", name=state.signatory)
                           if state.signatory else N_("The signing authority, not named yet")),
        Holder.SOLICITOR: N_("The City Solicitor"),
        Holder.NOBODY: _CLOSED,
    }[holder]
    submitter_who = {
        Holder.SUBMITTER: _YOU, Holder.REVIEWER: _CCO, Holder.CONSULTED: _CCO,
        Holder.SIGNATORY: N_("The City's signing authority"),
        Holder.SOLICITOR: N_("The City Solicitor"), Holder.NOBODY: _CLOSED,
    }[holder]
    return NextStep(holder, who, what, submitter_who, for_submitter, frozenset(actions),
                    before)


def _words(state: RequestState) -> tuple[Phrase, Phrase]:
    """Return the step of an open request as staff read it, and as its submitter does."""
    draft = state.newest_draft or 1
    return {
        Status.DRAFT: (N_("Complete every section and submit the request."), N_(
            "Complete every section, then check your answers and submit the request.")),
        Status.SUBMITTED: (N_(
            "Start triage: check the request's answers and eligibility."), _BEING_REVIEWED),
        Status.IN_TRIAGE: (N_(
            "Finish triage: start the review, ask the submitter for information, or decline "
            "the request."), _BEING_REVIEWED),
        Status.INFORMATION_REQUESTED: (N_(
            "Answer the City Clerk's Office's question. Without an answer, the reviewer may "
            "resume the review or decline the request."), N_(
            "Answer the question from the City Clerk's Office. Your request waits for your "
            "answer.")),
        Status.IN_REVIEW: (N_(
            "Recommend the request to the signing authority, or decline it."),
            _BEING_REVIEWED),
        Status.RECOMMENDED: (N_(
            "Approve or decline the request, as its signing authority."), N_(
            "The City Clerk's Office has finished its review. The City's signing authority "
            "now decides whether to approve your request.")),
        Status.APPROVED: (N_(
            "Generate the draft agreement, for the City Solicitor to approve as to form."),
            N_("Your request is approved. The City Clerk's Office is preparing the "
                      "draft agreement.")),
        Status.AGREEMENT_DRAFTED: (P_(
            "Approve version %(version)s of the draft agreement as to form.", version=draft), N_(
            "The City Solicitor is checking that the draft agreement is in a form "
            "satisfactory to the City.")),
        Status.APPROVED_AS_TO_FORM: (P_(
            "Have both Parties sign version %(version)s, the draft approved as to form, then "
            "record the signed agreement.", version=state.approved_draft or draft),
            N_("The draft agreement is approved as to form. The City Clerk's Office "
                      "will arrange the signatures with you, then record the signed "
                      "agreement.")),
    }[state.status]


def _before(state: RequestState) -> tuple[str, ...]:
    """Return what still stands in the way of the step, for staff."""
    if state.status is Status.IN_REVIEW:
        facts = replace(state.facts, open_consultations=len(state.consulted))
        return tuple(refusals(Status.IN_REVIEW, Action.RECOMMEND, Role.CCO_REVIEWER, facts))
    if state.status is Status.RECOMMENDED and not state.signatory:
        return tuple(filter(None, [state.signatory_unknown]))
    return ()


def next_step(state: RequestState) -> NextStep:
    """Return the next step of a request in ``state`` and who holds it.

    The step and its holder are the state's (``waits_on``, ``holder_of``); the one fact
    that hands it to someone else is a consultation still open on a request in review: the
    recommendation is refused until the offices consulted answer, so they hold the step.
    """
    holder = holder_of(state.status)
    if holder is Holder.NOBODY:
        return _closed(state)
    if state.consulted and consultations_hold(state.status):
        return _step(state, Holder.CONSULTED, N_(
            "Answer the City Clerk's Office's consultation; the reviewer then recommends the "
            "request to the signing authority or declines it."), _BEING_REVIEWED,
            ReviewAction.ANSWER_CONSULTATION, before=_before(state))
    if awaits_revision(state.status, state.draft_returned):
        # The Solicitor returned the newest version: a new one, from the reviewer, answers.
        return _step(state, Holder.REVIEWER, P_(
            "Answer the City Solicitor's changes to version %(version)s: upload the draft "
            "edited in Word, or generate a new version.", version=state.newest_draft or 1),
            N_("The City Solicitor asked for changes to the draft agreement. The City "
                      "Clerk's Office is preparing a new version."), Action.DRAFT_AGREEMENT)
    what, for_submitter = _words(state)
    return _step(state, holder, what, for_submitter, *step_actions(state.status),
                 before=_before(state))


def listed_step(status: Status, consulted: tuple[str, ...] = (),
                draft_returned: bool = False) -> Phrase:
    """Return the step a request waits on in a few words, for a list of requests.

    The same step as the request page's: a request in review with ``consulted`` offices
    still to answer reads as waiting on them, not as the reviewer's recommendation; a draft
    the Solicitor returned reads as waiting on the reviewer's new version.
    """
    step = next_step(RequestState(status, consulted=consulted, draft_returned=draft_returned))
    if step.holder is Holder.CONSULTED:
        return P_("Waiting on %(offices)s (consulted)", offices=_offices(consulted))
    if awaits_revision(status, draft_returned):
        return N_("Answer the Solicitor's changes with a new version")
    action = waits_on(status)
    return STEP_LABELS[action] if action is not None else Phrase("")


def _closed(state: RequestState) -> NextStep:
    ending = {
        Status.SIGNED: (N_("Nothing more: the agreement is signed and in the registry."),
                        N_("Your agreement is signed and recorded in the City's registry of "
                           "agreements. Nothing more is needed for this request.")),
        Status.DECLINED: (N_("Nothing more: the request was declined."),
                          N_("Your request was declined: the reason is under \u201cWhat has "
                             "happened\u201d. Nothing more will happen to this request.")),
        Status.WITHDRAWN: (N_("Nothing more: the request was withdrawn."),
                           N_("You withdrew this request. Nothing more will happen to it.")),
    }[state.status]
    return _step(state, Holder.NOBODY, *ending)


# What the person reading must do -----------------------------------------------------------

class TaskKind(StrEnum):
    """What a person must do on a request."""

    SUBMIT = "submit"
    ANSWER_QUESTION = "answer_question"
    ANSWER_CONSULTATION = "answer_consultation"
    TRIAGE = "triage"
    REVIEW = "review"
    DECIDE = "decide"
    DRAFT = "draft"
    APPROVE_AS_TO_FORM = "approve_as_to_form"
    REVISE_DRAFT = "revise_draft"
    RECORD_SIGNATURE = "record_signature"


@dataclass(frozen=True)
class Viewer:
    """Who reads the request, as the task depends on it."""

    role: Role
    is_submitting_party: bool = False
    is_assignee: bool = False
    is_named_signatory: bool = False
    """Whether the viewer holds the authority the policy names to decide the request."""
    consulted: bool = False
    """Whether a consultation put to the viewer's office awaits its answer."""


@dataclass(frozen=True)
class Task:
    """What the viewer must do now, and the actions that do it."""

    kind: TaskKind
    text: Phrase
    actions: frozenset[StepAction]


_TASKS: dict[Status, tuple[TaskKind, Phrase]] = {
    Status.DRAFT: (TaskKind.SUBMIT, N_("Complete every section and submit the request.")),
    Status.INFORMATION_REQUESTED: (TaskKind.ANSWER_QUESTION, N_(
        "Answer the question from the City Clerk's Office.")),
    Status.SUBMITTED: (TaskKind.TRIAGE, N_("Start triage of this request.")),
    Status.IN_TRIAGE: (TaskKind.TRIAGE, N_(
        "Finish triage: start the review, ask the submitter for information, or decline.")),
    Status.IN_REVIEW: (TaskKind.REVIEW, N_(
        "Recommend this request to the signing authority, or decline it.")),
    Status.RECOMMENDED: (TaskKind.DECIDE, N_("Approve or decline this request.")),
    Status.APPROVED: (TaskKind.DRAFT, N_("Generate the draft agreement.")),
    Status.AGREEMENT_DRAFTED: (TaskKind.APPROVE_AS_TO_FORM, N_(
        "Approve the newest draft agreement as to form, or comment on what must change.")),
    Status.APPROVED_AS_TO_FORM: (TaskKind.RECORD_SIGNATURE, N_(
        "Once both Parties have signed, record the signed agreement.")),
}

_REVISE = (TaskKind.REVISE_DRAFT, N_(
    "Answer the City Solicitor's changes: upload the draft edited in Word, or generate a new "
    "version."))


def _holds(step: NextStep, state: RequestState, viewer: Viewer) -> bool:
    if viewer.role not in HOLDER_ROLES[step.holder]:
        return False
    if step.holder is Holder.SUBMITTER:
        return viewer.is_submitting_party
    if step.holder is Holder.REVIEWER:
        # Any CCO reviewer may act, but the step is the assignee's once there is one.
        return state.assignee is None or viewer.is_assignee
    if step.holder is Holder.SIGNATORY:
        return viewer.is_named_signatory
    if step.holder is Holder.CONSULTED:
        return viewer.consulted
    return step.holder is Holder.SOLICITOR


def task_for(state: RequestState, viewer: Viewer) -> Task | None:
    """Return what ``viewer`` must do on a request in ``state`` now, or None.

    A consultation put to the viewer's office comes first: it is theirs to answer whoever
    holds the request. Otherwise the viewer has a task when they hold the next step.
    """
    if viewer.consulted and may(ReviewAction.ANSWER_CONSULTATION, viewer.role, state.status):
        return Task(TaskKind.ANSWER_CONSULTATION, N_(
            "Answer the question the City Clerk's Office put to your office."),
            frozenset({ReviewAction.ANSWER_CONSULTATION}))
    step = next_step(state)
    if step.holder is Holder.NOBODY or not _holds(step, state, viewer):
        return None
    kind, text = (_REVISE if awaits_revision(state.status, state.draft_returned)
                  else _TASKS[state.status])
    return Task(kind, text, step.actions)
