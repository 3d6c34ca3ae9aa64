"""Say what awaits each person: each role's inbox on its home.

The step a request waits on and who holds it are ``policy.steps``'s, the one table the
request page's next step reads too (``policy.next_step``). Each role's inbox follows:

- a signing authority: recommended requests whose decision is theirs, exactly as
  ``policy.decisions`` says who may approve or decline;
- the City Solicitor: the newest draft of each drafted agreement, if it may still be
  approved as to form (``policy.drafts``);
- EDC, CMO and divisions: the consultations put to their office that are neither answered
  nor withdrawn, on a request still open to answers (``policy.review``);
- a CCO reviewer: the open requests assigned to them that wait on the reviewer, and those
  that wait on a reviewer with nobody assigned;
- a city or a division filing its own proposal: the requests that wait on the submitter
  ("Action needed") before the others.

The predicates take plain values, so that the SQL listings can be tested against them,
and tests/policy/test_steps.py checks them against the request page's holder.

One difference is meant: a request in review with a consultation open is held by the
offices consulted on the request page (the recommendation is refused until they answer),
yet it stays in its reviewer's "Assigned to me" (or "Unassigned"). The reviewer still owns
the file while the office answers: they may decline it or ask the submitter, they chase the
office, and a file that left their list while consulted would be found by nobody once the
answer came. The office finds it under its consultations; the reviewer's list says the
request waits on the office (``next_step.listed_step``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from portal.policy.decisions import is_signatorys_decision, may_decide
from portal.policy.drafts import approval_refusal, awaits_revision
from portal.policy.lifecycle import SUBMITTER, Action, Actor, Status, transition_for
from portal.policy.phrases import N_, Phrase
from portal.policy.review import ReviewAction, may
from portal.policy.roles import Role, SigningOffice
from portal.policy.signatories import Signatory
from portal.policy.steps import holders, waits_on


def awaits_submitter(status: Status) -> bool:
    """Return whether a submitted request in ``status`` waits on its submitter to act.

    A draft is the submitter's too, but it is not yet a request anyone else waits on: it is
    listed with the drafts, not marked "Action needed".
    """
    return status is not Status.DRAFT and SUBMITTER in holders(status)


def awaits_reviewer(status: Status) -> bool:
    """Return whether a request in ``status`` waits on a CCO reviewer's move."""
    return Role.CCO_REVIEWER in holders(status)


AWAITING_SUBMITTER: frozenset[Status] = frozenset(s for s in Status if awaits_submitter(s))
"""The states in which the submitter must act, for the SQL listings."""
AWAITING_REVIEWER: frozenset[Status] = frozenset(s for s in Status if awaits_reviewer(s))
"""The states that wait on a CCO reviewer's move, for the SQL listings."""
AWAITING_DECISION: frozenset[Status] = frozenset(
    s for s in Status if is_signatorys_decision(s, Action.APPROVE))
"""The states in which a request awaits the named signatory's decision."""
AWAITING_FORM: frozenset[Status] = frozenset(
    s for s in Status if Role.SOLICITOR in holders(s))
"""The states in which a draft agreement awaits the City Solicitor's approval as to form."""


def answerable_states(role: Role) -> frozenset[Status]:
    """Return the states in which someone of ``role`` may answer a consultation."""
    return frozenset(s for s in Status if may(ReviewAction.ANSWER_CONSULTATION, role, s))


@dataclass(frozen=True)
class DecisionOutcome:
    """What a decision does: the state the request takes, and the step it then waits on."""

    becomes: Status
    then: Action | None
    then_by: frozenset[Actor]


def decision_outcome(status: Status, action: Action) -> DecisionOutcome | None:
    """Return what ``action`` on a request in ``status`` leads to, or None if it is closed."""
    transition = transition_for(status, action)
    if transition is None:
        return None
    return DecisionOutcome(transition.target, waits_on(transition.target),
                           holders(transition.target))


# Each inbox's predicate ------------------------------------------------------------------

def awaits_decision_of(status: Status, signatory: Signatory | None,
                       office: SigningOffice | None, division: str | None,
                       sponsoring_division: str | None, name: str | None = None) -> bool:
    """Return whether a request awaits the decision of this signing authority.

    It does when it is recommended and the policy names this person's office (and
    division, or name) to decide it: the rule the approve button follows.
    """
    return (status in AWAITING_DECISION
            and may_decide(signatory, office, division, sponsoring_division, name))


def awaits_approval_as_to_form(status: Status, version: int, newest_version: int,
                               approved_version: int | None, returned: bool = False) -> bool:
    """Return whether draft ``version`` awaits the City Solicitor's approval as to form.

    A version the Solicitor returned with changes awaits the reviewer's new one instead.
    """
    return (status in AWAITING_FORM
            and approval_refusal(version, newest_version, approved_version, returned) is None)


def awaits_consultation_answer(role: Role, user_division_id: int | None,
                               consulted_division_id: int, answered: bool, withdrawn: bool,
                               status: Status) -> bool:
    """Return whether a consultation awaits an answer from this person's office."""
    return (user_division_id is not None and user_division_id == consulted_division_id
            and not answered and not withdrawn
            and may(ReviewAction.ANSWER_CONSULTATION, role, status))


def waits_on_reviewer(status: Status, draft_returned: bool = False) -> bool:
    """Return whether a request waits on a reviewer's move.

    A state whose step is the reviewer's; or a draft the Solicitor returned with changes,
    which waits on the reviewer's new version (``policy.drafts.awaits_revision``).
    """
    return status in AWAITING_REVIEWER or awaits_revision(status, draft_returned)


def assigned_and_awaiting(status: Status, assignee_id: int | None, user_id: int,
                          draft_returned: bool = False) -> bool:
    """Return whether a request is assigned to this reviewer and waits on their move."""
    return (assignee_id is not None and assignee_id == user_id
            and waits_on_reviewer(status, draft_returned))


def unassigned_and_awaiting(status: Status, assignee_id: int | None,
                            draft_returned: bool = False) -> bool:
    """Return whether a request waits on a reviewer and nobody is assigned to it.

    Mostly submitted requests nobody has claimed yet; but any state waiting on the
    reviewer counts (an approved request whose agreement nobody drafts would otherwise
    wait in nobody's inbox), and any CCO reviewer may take that step.
    """
    return assignee_id is None and waits_on_reviewer(status, draft_returned)


# Each role's home ------------------------------------------------------------------------

class Inbox(StrEnum):
    """A list of work on a person's home page."""

    AWAITING_DECISION = "awaiting_decision"
    DRAFTS_AWAITING_FORM = "drafts_awaiting_form"
    CONSULTATIONS = "consultations"
    ASSIGNED_TO_ME = "assigned_to_me"
    UNASSIGNED = "unassigned"
    ACTION_NEEDED = "action_needed"


INBOXES: dict[Role, tuple[Inbox, ...]] = {
    Role.SIGNING_AUTHORITY: (Inbox.AWAITING_DECISION,),
    Role.SOLICITOR: (Inbox.DRAFTS_AWAITING_FORM,),
    Role.SUPPORTING_REVIEWER: (Inbox.CONSULTATIONS,),
    Role.CCO_REVIEWER: (Inbox.ASSIGNED_TO_ME, Inbox.UNASSIGNED),
    # A division files proposals and, in the working group, answers consultations.
    Role.DIVISION_STAFF: (Inbox.ACTION_NEEDED, Inbox.CONSULTATIONS),
    Role.CITY: (Inbox.ACTION_NEEDED,),
    Role.ADMIN: (),
}
"""The inboxes each role's home shows, in order: what it must do first comes first."""


def submitter_order(status: Status) -> int:
    """Return where a submitter's request is listed: those needing their action first."""
    return 0 if awaits_submitter(status) else 1


# What changed between two versions of a draft -------------------------------------------

TERM_LABELS: dict[str, Phrase] = {
    "reference": N_("Reference"),
    "category": N_("Category"),
    "counterpart_city": N_("Counterpart city"),
    "counterpart_country": N_("Counterpart country"),
    "start_date": N_("Start date"),
    "term_years": N_("Term"),
    "title": N_("Title"),
    "signatory_name": N_("City signatory"),
    "signatory_title": N_("City signatory's title"),
    "counterpart_signatory_name": N_("Counterpart signatory"),
    "counterpart_signatory_title": N_("Counterpart signatory's title"),
    "objectives": N_("Objectives"),
    "activities": N_("Activities"),
    "areas": N_("Areas of cooperation"),
    "outcomes": N_("Outcomes"),
    "lead_division": N_("Lead division"),
    "counterpart_legal_name": N_("Counterpart's legal name"),
    "counterpart_country_code": N_("Counterpart country"),
    "counterpart_language": N_("Language of the counterpart's version"),
    "authority_recital": N_("The City's authority"),
    "anticipated_cost": N_("Assessed cost"),
    "funding_source": N_("Funding source"),
    "counterpart_contribution": N_("Counterpart's contribution"),
    "city_coordinator": N_("City coordinator"),
    "counterpart_coordinator": N_("Counterpart coordinator"),
    "city_legal_name": N_("The City's legal name"),
    "counterpart_signatory_authority": N_("Counterpart signatory's authority"),
    "city_coordinator_name": N_("City coordinator"),
    "city_coordinator_title": N_("City coordinator's title"),
    "city_coordinator_email": N_("City coordinator's email"),
    "city_coordinator_address": N_("City coordinator's address"),
    "counterpart_coordinator_name": N_("Counterpart coordinator"),
    "counterpart_coordinator_title": N_("Counterpart coordinator's title"),
    "counterpart_coordinator_email": N_("Counterpart coordinator's email"),
    "counterpart_coordinator_address": N_("Counterpart coordinator's address"),
    "draft_language": N_("Language of the draft"),
    "title_fr": N_("Title in French"),
    "objectives_fr": N_("Objectives in French"),
    "activities_fr": N_("Activities in French"),
    "areas_fr": N_("Areas of cooperation in French"),
    "outcomes_fr": N_("Outcomes in French"),
    "authority_recital_fr": N_("The City's authority in French"),
}
"""The name of each term of a draft, as the Solicitor reads it."""

UNCOMPARED = frozenset({"version"})
"""Terms that differ between any two versions by construction, so say nothing."""


@dataclass(frozen=True)
class DraftChanges:
    """What a draft version changed since the one before: None for a first version."""

    changed: tuple[str, ...] | None
    """Each changed term's name: a phrase, or for a term no label names, its key in words."""

    @property
    def first_version(self) -> bool:
        """Return whether there is no earlier version to compare with."""
        return self.changed is None


def changed_terms(previous: Mapping[str, Any] | None,
                  newest: Mapping[str, Any]) -> DraftChanges:
    """Return the names of the terms ``newest`` changed since ``previous``, in term order."""
    if previous is None:
        return DraftChanges(None)
    keys = [*TERM_LABELS, *sorted((previous.keys() | newest.keys()) - TERM_LABELS.keys())]
    # A term with no label (added to the terms, not yet here) is still said, in its key's words.
    return DraftChanges(tuple(
        TERM_LABELS.get(key, key.replace("_", " ").capitalize()) for key in keys
        if key not in UNCOMPARED and previous.get(key) != newest.get(key)))
