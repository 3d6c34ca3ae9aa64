"""Check what happens next to a request in every state, who holds it, and each reader's task."""

from __future__ import annotations

import pytest

from portal.policy.lifecycle import Action, RequestFacts, Status, can
from portal.policy.next_step import (
    HOLDER_ROLES,
    Holder,
    RequestState,
    TaskKind,
    Viewer,
    listed_step,
    next_step,
    task_for,
)
from portal.policy.review import ReviewAction, may
from portal.policy.roles import Role

EDC = "Economic Development & Culture"

# Who holds each state's next step, written out by hand (a request in review with nothing
# open; consultations are tested below).
EXPECTED_HOLDERS = {
    Status.DRAFT: Holder.SUBMITTER,
    Status.SUBMITTED: Holder.REVIEWER,
    Status.IN_TRIAGE: Holder.REVIEWER,
    Status.INFORMATION_REQUESTED: Holder.SUBMITTER,
    Status.IN_REVIEW: Holder.REVIEWER,
    Status.RECOMMENDED: Holder.SIGNATORY,
    Status.APPROVED: Holder.REVIEWER,
    Status.AGREEMENT_DRAFTED: Holder.SOLICITOR,
    Status.APPROVED_AS_TO_FORM: Holder.REVIEWER,
    Status.SIGNED: Holder.NOBODY,
    Status.DECLINED: Holder.NOBODY,
    Status.WITHDRAWN: Holder.NOBODY,
}


def state(status: Status, **kwargs: object) -> RequestState:
    """Return a request of Lyon's in ``status``, named signatory and all."""
    values: dict[str, object] = {"submitter": "Lyon", "signatory": "Harper Head, General "
                                 "Manager, Economic Development & Culture"}
    values.update(kwargs)
    return RequestState(status, **values)  # type: ignore[arg-type]


def test_every_state_of_the_lifecycle_has_a_holder_written_down() -> None:
    assert set(EXPECTED_HOLDERS) == set(Status)


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_each_state_names_who_holds_the_next_step(status: Status) -> None:
    step = next_step(state(status))
    assert step.holder is EXPECTED_HOLDERS[status]
    assert (step.holder is Holder.NOBODY) == status.is_final
    assert str(step.what) and str(step.who) and str(step.for_submitter)


def _open_to(action: Action | ReviewAction, status: Status, role: Role, *,
             as_submitter: bool) -> bool:
    if isinstance(action, ReviewAction):
        return may(action, role, status)
    return can(status, action, role, is_submitter=as_submitter)


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
@pytest.mark.parametrize("consulted", [(), (EDC,)], ids=["nothing open", "EDC consulted"])
def test_the_step_is_taken_by_actions_the_lifecycle_opens_to_its_holder(
        status: Status, consulted: tuple[str, ...]) -> None:
    """The page names a holder and offers them the step: never one the lifecycle refuses."""
    step = next_step(state(status, consulted=consulted))
    if step.holder is Holder.NOBODY:
        assert not step.actions
        return
    assert step.actions, status
    for action in step.actions:
        assert any(_open_to(action, status, role,
                            as_submitter=step.holder is Holder.SUBMITTER)
                   for role in HOLDER_ROLES[step.holder]), (status, action, step.holder)
    # Nobody outside the holder's roles takes the step.
    for role in set(Role) - HOLDER_ROLES[step.holder]:
        assert not any(_open_to(a, status, role, as_submitter=False)
                       for a in step.actions), (status, role)


def test_a_request_in_review_waits_for_the_offices_consulted_before_the_reviewer() -> None:
    waiting = next_step(state(Status.IN_REVIEW, consulted=(EDC, "City Manager's Office")))
    assert waiting.holder is Holder.CONSULTED
    assert str(waiting.who) == f"{EDC}, City Manager's Office (consulted)"
    assert "2 consultations are still unanswered" in " ".join(waiting.before)
    assert next_step(state(Status.IN_REVIEW)).holder is Holder.REVIEWER


def test_a_request_in_triage_stays_with_the_reviewer_while_an_office_is_consulted() -> None:
    # Triage does not wait for the answer: only the recommendation does.
    assert next_step(state(Status.IN_TRIAGE, consulted=(EDC,))).holder is Holder.REVIEWER


def test_what_stands_in_the_way_of_a_recommendation_is_said_with_the_step() -> None:
    step = next_step(state(Status.IN_REVIEW, facts=RequestFacts(category_settled=False)))
    assert step.holder is Holder.REVIEWER
    assert any(reason.startswith("Settle the category first") for reason in step.before)
    assert next_step(state(Status.IN_REVIEW)).before == ()


def test_the_holder_is_named_the_assignee_the_signatory_or_the_office() -> None:
    assert str(next_step(state(Status.SUBMITTED)).who) == (
        "A CCO reviewer (nobody is assigned yet)")
    assert str(next_step(state(Status.SUBMITTED, assignee="Rosa Reviewer")).who) == (
        "Rosa Reviewer (City Clerk's Office)")
    assert str(next_step(state(Status.RECOMMENDED)).who).startswith("Harper Head, General")
    unnamed = next_step(state(Status.RECOMMENDED, signatory=None,
                              signatory_unknown="The category must be settled first."))
    assert str(unnamed.who) == "The signing authority, not named yet"
    assert unnamed.before == ("The category must be settled first.",)
    assert str(next_step(state(Status.INFORMATION_REQUESTED)).who) == "Lyon (the submitter)"


def test_the_draft_to_approve_and_to_sign_is_named_by_its_version() -> None:
    assert "version 3" in str(next_step(state(Status.AGREEMENT_DRAFTED, newest_draft=3)).what)
    assert "version 2" in str(next_step(state(Status.APPROVED_AS_TO_FORM, newest_draft=3,
                                               approved_draft=2)).what)


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_the_submitter_never_reads_the_files_internal_side(status: Status) -> None:
    step = next_step(state(status, consulted=(EDC,), assignee="Rosa Reviewer",
                           facts=RequestFacts(category_settled=False)))
    for said in (str(step.for_submitter), str(step.submitter_who)):
        assert EDC not in said and "Rosa" not in said and "Settle" not in said
        assert "consult" not in said.lower()


def test_the_submitter_is_told_it_acts_only_when_it_must() -> None:
    mine = {s for s in Status if str(next_step(state(s)).submitter_who) == "You"}
    assert mine == {Status.DRAFT, Status.INFORMATION_REQUESTED}


# The reader's task ---------------------------------------------------------------------------

REVIEWER = Viewer(Role.CCO_REVIEWER, is_assignee=True)
COLLEAGUE = Viewer(Role.CCO_REVIEWER)
EDC_CONSULTED = Viewer(Role.SUPPORTING_REVIEWER, consulted=True)
CMO = Viewer(Role.SUPPORTING_REVIEWER)
HEAD = Viewer(Role.SIGNING_AUTHORITY, is_named_signatory=True)
MAYOR = Viewer(Role.SIGNING_AUTHORITY)
SOLICITOR = Viewer(Role.SOLICITOR)
CITY = Viewer(Role.CITY, is_submitting_party=True)
OTHER_CITY = Viewer(Role.CITY)
ADMIN = Viewer(Role.ADMIN)

# (status, consulted, assignee, viewer) -> the task, or None.
TASKS = [
    (Status.SUBMITTED, (), None, COLLEAGUE, TaskKind.TRIAGE),  # nobody assigned: any reviewer
    (Status.SUBMITTED, (), "Rosa", REVIEWER, TaskKind.TRIAGE),
    (Status.SUBMITTED, (), "Rosa", COLLEAGUE, None),  # assigned to someone else
    (Status.IN_TRIAGE, (EDC,), "Rosa", EDC_CONSULTED, TaskKind.ANSWER_CONSULTATION),
    (Status.IN_TRIAGE, (EDC,), "Rosa", REVIEWER, TaskKind.TRIAGE),
    (Status.IN_TRIAGE, (EDC,), "Rosa", CMO, None),
    (Status.INFORMATION_REQUESTED, (), "Rosa", CITY, TaskKind.ANSWER_QUESTION),
    (Status.INFORMATION_REQUESTED, (), "Rosa", OTHER_CITY, None),
    (Status.INFORMATION_REQUESTED, (), "Rosa", REVIEWER, None),
    (Status.IN_REVIEW, (), "Rosa", REVIEWER, TaskKind.REVIEW),
    (Status.IN_REVIEW, (EDC,), "Rosa", REVIEWER, None),  # waiting for EDC
    (Status.IN_REVIEW, (EDC,), "Rosa", EDC_CONSULTED, TaskKind.ANSWER_CONSULTATION),
    (Status.RECOMMENDED, (), "Rosa", HEAD, TaskKind.DECIDE),
    (Status.RECOMMENDED, (), "Rosa", MAYOR, None),  # a signing authority, not the one named
    (Status.RECOMMENDED, (), "Rosa", REVIEWER, None),
    (Status.RECOMMENDED, (EDC,), "Rosa", EDC_CONSULTED, TaskKind.ANSWER_CONSULTATION),
    (Status.APPROVED, (), "Rosa", REVIEWER, TaskKind.DRAFT),
    (Status.APPROVED, (EDC,), "Rosa", EDC_CONSULTED, None),  # the decision closed the file
    (Status.APPROVED, (), "Rosa", SOLICITOR, None),
    (Status.AGREEMENT_DRAFTED, (), "Rosa", SOLICITOR, TaskKind.APPROVE_AS_TO_FORM),
    (Status.AGREEMENT_DRAFTED, (), "Rosa", REVIEWER, None),
    (Status.APPROVED_AS_TO_FORM, (), "Rosa", REVIEWER, TaskKind.RECORD_SIGNATURE),
    (Status.SIGNED, (), "Rosa", REVIEWER, None),
    (Status.DECLINED, (), "Rosa", CITY, None),
    (Status.WITHDRAWN, (), None, COLLEAGUE, None),
    (Status.DRAFT, (), None, CITY, TaskKind.SUBMIT),
]


@pytest.mark.parametrize(("status", "consulted", "assignee", "viewer", "expected"), TASKS,
                         ids=[f"{s.value}-{v.role.value}-{i}" for i, (s, _c, _a, v, _e)
                              in enumerate(TASKS)])
def test_each_reader_is_given_their_own_task_and_no_one_elses(
        status: Status, consulted: tuple[str, ...], assignee: str | None, viewer: Viewer,
        expected: TaskKind | None) -> None:
    task = task_for(state(status, consulted=consulted, assignee=assignee), viewer)
    assert (task.kind if task else None) is expected


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
@pytest.mark.parametrize("viewer", [REVIEWER, COLLEAGUE, EDC_CONSULTED, CMO, HEAD, MAYOR,
                                    SOLICITOR, CITY, OTHER_CITY, ADMIN],
                         ids=lambda v: f"{v.role.value}{'-x' if v.is_assignee else ''}")
def test_a_task_is_the_step_the_reader_holds_or_their_consultation(
        status: Status, viewer: Viewer) -> None:
    """The summary's "your task" never contradicts its "who acts next"."""
    current = state(status, consulted=(EDC,), assignee="Rosa")
    task = task_for(current, viewer)
    if task is None:
        return
    step = next_step(current)
    if task.kind is TaskKind.ANSWER_CONSULTATION:
        assert task.actions == {ReviewAction.ANSWER_CONSULTATION}
        assert may(ReviewAction.ANSWER_CONSULTATION, viewer.role, status)
        return
    assert viewer.role in HOLDER_ROLES[step.holder]
    assert task.actions == step.actions


def test_a_draft_returned_with_changes_waits_on_the_reviewers_new_version() -> None:
    returned = state(Status.AGREEMENT_DRAFTED, newest_draft=2, draft_returned=True)
    step = next_step(returned)
    assert step.holder is Holder.REVIEWER
    assert "changes to version 2" in str(step.what)
    # The step is one the lifecycle opens to the reviewer, and to nobody else.
    assert step.actions == {Action.DRAFT_AGREEMENT}
    assert can(Status.AGREEMENT_DRAFTED, Action.DRAFT_AGREEMENT, Role.CCO_REVIEWER)
    assert "preparing a new version" in str(step.for_submitter)
    reviewer = task_for(returned, Viewer(Role.CCO_REVIEWER))
    assert reviewer is not None and reviewer.kind is TaskKind.REVISE_DRAFT
    assert task_for(returned, Viewer(Role.SOLICITOR)) is None
    # Not returned, the Solicitor holds it as before.
    assert task_for(state(Status.AGREEMENT_DRAFTED, newest_draft=2),
                    Viewer(Role.SOLICITOR)).kind is TaskKind.APPROVE_AS_TO_FORM


def test_a_list_names_the_reviewers_new_version_once_the_solicitor_returns_a_draft() -> None:
    drafted = Status.AGREEMENT_DRAFTED
    assert str(listed_step(drafted)) == "Approve the draft as to form"
    assert str(listed_step(drafted, draft_returned=True)) == (
        "Answer the Solicitor's changes with a new version")
    # A return means nothing before a draft exists.
    assert str(listed_step(Status.APPROVED, draft_returned=True)) == str(
        listed_step(Status.APPROVED))
