"""An administrator deactivates any account but their own, once; and reactivates it."""

from __future__ import annotations

from portal.policy.accounts import deactivation_refusal, reactivation_refusal


def test_an_administrator_may_deactivate_another_active_account():
    assert deactivation_refusal(1, 2, active=True) is None


def test_an_administrator_may_never_deactivate_their_own_account():
    assert deactivation_refusal(1, 1, active=True) == "You cannot deactivate your own account."
    assert deactivation_refusal(1, 1, active=False) == (
        "You cannot deactivate your own account.")


def test_an_account_already_deactivated_is_not_deactivated_again():
    assert deactivation_refusal(1, 2, active=False) == "This account is already deactivated."


def test_only_a_deactivated_account_is_reactivated():
    assert reactivation_refusal(active=False) is None
    assert reactivation_refusal(active=True) == "This account is already active."
