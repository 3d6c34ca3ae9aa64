"""Who may be assigned a request: an active CCO reviewer who declared no conflict."""

from __future__ import annotations

import pytest

from portal.policy.review import may_be_assigned, why_not_assigned
from portal.policy.roles import Role


@pytest.mark.parametrize("conflict", [None, False])
def test_an_active_cco_reviewer_without_a_conflict_may_be_assigned(conflict):
    assert may_be_assigned(Role.CCO_REVIEWER, conflict, active=True)
    assert why_not_assigned("Rosa", Role.CCO_REVIEWER, conflict, active=True) is None


@pytest.mark.parametrize("conflict", [None, False, True])
def test_a_deactivated_reviewer_may_never_be_assigned(conflict):
    assert not may_be_assigned(Role.CCO_REVIEWER, conflict, active=False)
    assert why_not_assigned("Rosa", Role.CCO_REVIEWER, conflict, active=False) == (
        "Rosa's account is deactivated, so they cannot be assigned a request.")


def test_a_declared_conflict_bars_the_assignment():
    assert not may_be_assigned(Role.CCO_REVIEWER, True, active=True)
    assert "declared a conflict of interest" in why_not_assigned(
        "Rosa", Role.CCO_REVIEWER, True, active=True)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.CCO_REVIEWER])
def test_only_a_cco_reviewer_may_be_assigned(role):
    assert not may_be_assigned(role, None, active=True)
    assert why_not_assigned("Eli", role, None, active=True) == (
        "Only a CCO reviewer can be assigned a request.")


# Scores and concerns close at the CCO's decision (issue #12) ------------------------------

from portal.policy.lifecycle import Status  # noqa: E402
from portal.policy.review import ASSESSING, ReviewAction, assessment_refusal  # noqa: E402


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", [ReviewAction.SCORE, ReviewAction.RAISE_CONCERN])
def test_scores_and_concerns_are_open_only_while_the_request_is_assessed(action, status):
    refusal = assessment_refusal(action, Role.CCO_REVIEWER, status)
    if status in ASSESSING:
        assert refusal is None
    else:
        assert refusal is not None and "closed" in refusal


def test_assessing_ends_at_the_decision():
    assert Status.IN_REVIEW in ASSESSING
    assert not {Status.RECOMMENDED, Status.DECLINED, Status.APPROVED} & ASSESSING


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.CCO_REVIEWER])
def test_only_a_cco_reviewer_changes_scores(role):
    assert assessment_refusal(ReviewAction.SCORE, role, Status.IN_REVIEW) == (
        "Only a CCO reviewer changes a request's scores.")
