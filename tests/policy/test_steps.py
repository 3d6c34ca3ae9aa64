"""Check the one table of what a request waits on, and that the home and the page agree on it.

The request page names who holds a request's next step (``next_step``); each role's home
lists the requests that wait on that role (``inbox``). Both read ``policy.steps``, so for
every state the home's inbox for a role holds a request exactly when the page names that
role's holder, but for the one difference ``policy.inbox`` documents: a request in review
with a consultation open is held by the office on the page, yet stays on its reviewer's
list, where it reads as waiting on that office.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.policy.categories import Category
from portal.policy.inbox import (
    assigned_and_awaiting,
    awaits_approval_as_to_form,
    awaits_consultation_answer,
    awaits_decision_of,
    awaits_submitter,
    unassigned_and_awaiting,
)
from portal.policy.lifecycle import SUBMITTER, Status, transition_for
from portal.policy.next_step import (
    Holder,
    RequestState,
    TaskKind,
    Viewer,
    holder_of,
    listed_step,
    next_step,
    task_for,
)
from portal.policy.roles import Role, SigningOffice
from portal.policy.signatories import EXAMPLE_SIGNING_SETTINGS, signing_authority
from portal.policy.steps import STEP_LABELS, consultations_hold, holders, waits_on

EDC = "Economic Development and Culture"
EDC_ID, ROSA_ID = 3, 7
NAMED = signing_authority(Category.INTERNATIONAL_PROJECT, Decimal("20000"), EDC,
                          EXAMPLE_SIGNING_SETTINGS)


# The table ---------------------------------------------------------------------------------

def test_every_state_but_the_final_ones_waits_on_a_step_the_lifecycle_has():
    for status in Status:
        step = waits_on(status)
        if status.is_final:
            assert step is None and holders(status) == frozenset(), status
        else:
            assert step is not None and transition_for(status, step) is not None, status
            assert len(holders(status)) == 1, status  # one holder: holder_of reads it
            assert step in STEP_LABELS


@pytest.mark.parametrize(("status", "holder"), [
    (Status.DRAFT, SUBMITTER),
    (Status.SUBMITTED, Role.CCO_REVIEWER),
    (Status.IN_TRIAGE, Role.CCO_REVIEWER),
    (Status.INFORMATION_REQUESTED, SUBMITTER),  # the reviewer may resume, but waits first
    (Status.IN_REVIEW, Role.CCO_REVIEWER),
    (Status.RECOMMENDED, Role.SIGNING_AUTHORITY),
    (Status.APPROVED, Role.CCO_REVIEWER),
    (Status.AGREEMENT_DRAFTED, Role.SOLICITOR),  # a new version is a correction, not the step
    (Status.APPROVED_AS_TO_FORM, Role.CCO_REVIEWER),
])
def test_each_state_is_held_by_the_one_its_step_names(status, holder):
    assert holders(status) == frozenset({holder})


def test_only_the_recommendation_waits_for_open_consultations():
    # Read from the lifecycle's guard: triage or a decision goes on while an office answers.
    assert {s for s in Status if consultations_hold(s)} == {Status.IN_REVIEW}


# The home and the page agree ------------------------------------------------------------

def _inboxes_holding(status: Status, assigned: bool) -> set[Holder]:
    """Return the holders whose home inbox lists a request in ``status`` with nothing open."""
    held = {
        Holder.SUBMITTER: awaits_submitter(status),
        Holder.REVIEWER: (assigned_and_awaiting(status, ROSA_ID, ROSA_ID) if assigned
                          else unassigned_and_awaiting(status, None)),
        Holder.SIGNATORY: awaits_decision_of(status, NAMED, SigningOffice.DIVISION_HEAD, EDC,
                                             EDC),
        Holder.SOLICITOR: awaits_approval_as_to_form(status, 1, 1, None),
    }
    return {holder for holder, listed in held.items() if listed}


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
@pytest.mark.parametrize("assigned", [True, False], ids=["assigned", "unassigned"])
def test_the_home_lists_a_request_exactly_where_the_page_names_its_holder(status, assigned):
    page = next_step(RequestState(status, assignee="Rosa" if assigned else None)).holder
    assert page is holder_of(status)
    if status is Status.DRAFT:
        # The submitter's own draft: listed with their drafts, not as "Action needed".
        assert page is Holder.SUBMITTER and _inboxes_holding(status, assigned) == set()
    elif page is Holder.NOBODY:
        assert _inboxes_holding(status, assigned) == set()
    else:
        assert _inboxes_holding(status, assigned) == {page}


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_an_open_consultation_is_on_the_offices_home_exactly_when_it_is_their_task(status):
    """The office's inbox and its task on the page agree, whoever holds the step."""
    current = RequestState(status, assignee="Rosa", consulted=(EDC,))
    listed = awaits_consultation_answer(Role.SUPPORTING_REVIEWER, EDC_ID, EDC_ID,
                                        answered=False, withdrawn=False, status=status)
    task = task_for(current, Viewer(Role.SUPPORTING_REVIEWER, consulted=True))
    assert listed is (task is not None and task.kind is TaskKind.ANSWER_CONSULTATION)
    if next_step(current).holder is Holder.CONSULTED:
        assert listed


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_a_consultation_hands_the_step_over_only_in_review(status):
    consulted = next_step(RequestState(status, assignee="Rosa", consulted=(EDC,))).holder
    if status is Status.IN_REVIEW:
        assert consulted is Holder.CONSULTED
    else:
        assert consulted is holder_of(status)


def test_a_consulted_request_stays_on_its_reviewers_list_reading_as_waiting_on_the_office():
    """The documented difference: the reviewer still owns the file while the office answers."""
    page = next_step(RequestState(Status.IN_REVIEW, assignee="Rosa", consulted=(EDC,)))
    assert page.holder is Holder.CONSULTED
    assert assigned_and_awaiting(Status.IN_REVIEW, ROSA_ID, ROSA_ID)
    assert str(listed_step(Status.IN_REVIEW, (EDC, EDC))) == f"Waiting on {EDC} (consulted)"
    assert str(listed_step(Status.IN_REVIEW)) == "Recommend or decline"
    # Elsewhere a consultation changes nothing the list says.
    assert str(listed_step(Status.IN_TRIAGE, (EDC,))) == "Start the review"
    assert str(listed_step(Status.SIGNED)) == ""
