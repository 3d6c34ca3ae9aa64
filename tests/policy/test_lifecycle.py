"""Check every (state, action, role) triple of the request lifecycle, allowed or refused."""

from __future__ import annotations

import pytest

from portal.policy.lifecycle import (
    AGREEMENT_HOLDING_STATES,
    DRAFT_HOLDING_STATES,
    FINAL_STATES,
    Action,
    Status,
    TransitionRefused,
    actions_open,
    can,
    can_withdraw,
    is_editable_by_submitter,
    next_status,
    reachable_from,
)
from portal.policy.roles import Role

# The program's lifecycle written out by hand, independently of lifecycle.TRANSITIONS:
# from state, action, to state, who may take it ("submitter" is the request's own submitter).
EXPECTED_TABLE = """
draft                  submit              submitted            submitter
submitted              start_triage        in_triage            cco_reviewer
in_triage              start_review        in_review            cco_reviewer
in_triage              request_information information_requested cco_reviewer
in_review              request_information information_requested cco_reviewer
information_requested  answer              in_review            submitter
information_requested  resume_review       in_review            cco_reviewer
information_requested  decline             declined             cco_reviewer
in_review              recommend           recommended          cco_reviewer
in_triage              decline             declined             cco_reviewer
in_review              decline             declined             cco_reviewer
recommended            decline             declined             signing_authority
recommended            approve             approved             signing_authority
approved               draft_agreement     agreement_drafted    cco_reviewer
agreement_drafted      draft_agreement     agreement_drafted    cco_reviewer
agreement_drafted      approve_as_to_form  approved_as_to_form  solicitor
approved_as_to_form    record_signature    signed               cco_reviewer
submitted              withdraw            withdrawn            submitter
in_triage              withdraw            withdrawn            submitter
information_requested  withdraw            withdrawn            submitter
in_review              withdraw            withdrawn            submitter
recommended            withdraw            withdrawn            submitter
"""

ROWS = [line.split() for line in EXPECTED_TABLE.strip().splitlines()]
EXPECTED: dict[tuple[Status, Action], tuple[Status, str]] = {
    (Status(source), Action(action)): (Status(target), who) for source, action, target, who in ROWS
}
SUBMITTER_ROLES = (Role.CITY, Role.DIVISION_STAFF)


def expected_target(
    source: Status, action: Action, role: Role, is_submitter: bool
) -> Status | None:
    """Return where the table lets this actor take the request, or None when refused."""
    row = EXPECTED.get((source, action))
    if row is None:
        return None
    target, who = row
    if who == role.value or (who == "submitter" and is_submitter):
        return target
    return None


def test_the_expected_table_names_each_state_and_action_once() -> None:
    """No row of the hand-written table hides another."""
    assert len(EXPECTED) == len(ROWS) == 22


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("source", list(Status))
def test_a_role_may_take_an_action_only_where_the_table_allows(
    source: Status, action: Action, role: Role
) -> None:
    """Every (state, action, role) triple, by someone who did not submit the request."""
    target = expected_target(source, action, role, is_submitter=False)
    assert can(source, action, role) is (target is not None)
    if target is None:
        with pytest.raises(TransitionRefused):
            next_status(source, action, role)
    else:
        assert next_status(source, action, role) is target


@pytest.mark.parametrize("role", SUBMITTER_ROLES)
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("source", list(Status))
def test_a_submitter_may_take_only_the_submitters_actions_on_their_own_request(
    source: Status, action: Action, role: Role
) -> None:
    """Every (state, action) for a city representative or division staff who submitted it."""
    target = expected_target(source, action, role, is_submitter=True)
    assert can(source, action, role, is_submitter=True) is (target is not None)
    if target is not None:
        assert next_status(source, action, role, is_submitter=True) is target


@pytest.mark.parametrize("source", [s for s, a in EXPECTED if a is Action.WITHDRAW])
def test_a_city_cannot_withdraw_another_citys_request(source: Status) -> None:
    """Withdrawal belongs to the request's own submitter."""
    assert not can(source, Action.WITHDRAW, Role.CITY)
    assert can(source, Action.WITHDRAW, Role.CITY, is_submitter=True)


@pytest.mark.parametrize("source", list(Status))
def test_a_request_may_be_withdrawn_only_before_the_signing_authority_decides(
    source: Status,
) -> None:
    """Withdrawal is open from submission until approval or decline."""
    assert can_withdraw(source) is ((source, Action.WITHDRAW) in EXPECTED)


@pytest.mark.parametrize("source", list(Status))
def test_only_a_draft_may_be_edited_by_its_submitter(source: Status) -> None:
    """Once submitted, the answers change only through an information request."""
    assert is_editable_by_submitter(source) is (source is Status.DRAFT)


@pytest.mark.parametrize("source", [Status.DECLINED, Status.WITHDRAWN, Status.SIGNED])
def test_nothing_happens_to_a_request_after_it_is_declined_withdrawn_or_signed(
    source: Status,
) -> None:
    """A final state opens no action to anyone."""
    assert source.is_final
    for role in Role:
        assert actions_open(source, role, is_submitter=True) == []


def test_a_cco_reviewer_in_triage_may_review_ask_for_information_or_decline() -> None:
    """The actions open are listed for the request page."""
    assert set(actions_open(Status.IN_TRIAGE, Role.CCO_REVIEWER)) == {
        Action.START_REVIEW, Action.REQUEST_INFORMATION, Action.DECLINE
    }


def test_an_administrator_and_a_supporting_reviewer_move_no_request() -> None:
    """Neither role has a transition of its own."""
    for role in (Role.ADMIN, Role.SUPPORTING_REVIEWER):
        assert all(actions_open(s, role) == [] for s in Status)


def test_every_state_has_a_label() -> None:
    """Every state shows a name to people."""
    assert all(s.label for s in Status)


def test_every_state_is_reachable_from_a_draft_and_a_final_state_leads_nowhere():
    assert reachable_from(Status.DRAFT) == set(Status)
    for final in FINAL_STATES:
        assert reachable_from(final) == {final}
    assert reachable_from(Status.RECOMMENDED) == {
        Status.RECOMMENDED, Status.DECLINED, Status.WITHDRAWN, Status.APPROVED,
        Status.AGREEMENT_DRAFTED, Status.APPROVED_AS_TO_FORM, Status.SIGNED}


def test_drafts_are_held_once_drafted_and_an_agreement_once_signed():
    """A page reads neither before: nothing can have made them."""
    assert DRAFT_HOLDING_STATES == {Status.AGREEMENT_DRAFTED, Status.APPROVED_AS_TO_FORM,
                                    Status.SIGNED}
    assert AGREEMENT_HOLDING_STATES == {Status.SIGNED}
