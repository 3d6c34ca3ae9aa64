"""The rules of personal access tokens: who holds one, for how long, and when one works."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from portal.policy.api_tokens import (
    MAX_PER_PAGE,
    PER_PAGE,
    expiry_refusal,
    may_hold_tokens,
    per_page,
    token_refusal,
)
from portal.policy.roles import Role

NOW = datetime(2026, 6, 1, 12)
TODAY = NOW.date()


def test_only_staff_hold_tokens():
    assert not may_hold_tokens(Role.CITY)
    assert all(may_hold_tokens(role) for role in Role if role is not Role.CITY)


@pytest.mark.parametrize(("expires", "refused"), [
    (TODAY, True), (TODAY - timedelta(days=1), True), (TODAY + timedelta(days=1), False),
    (TODAY + timedelta(days=365), False), (TODAY + timedelta(days=366), True),
])
def test_a_token_expires_within_a_year(expires: date, refused: bool):
    assert (expiry_refusal(expires, TODAY) is not None) is refused


def _refusal(**changes):
    values = {"revoked_at": None, "expires_at": NOW + timedelta(days=1), "now": NOW,
              "account_active": True, "role": Role.CCO_REVIEWER, **changes}
    return token_refusal(**values)


def test_a_valid_token_acts_for_its_account():
    assert _refusal() is None


@pytest.mark.parametrize("changes", [
    {"revoked_at": NOW}, {"expires_at": NOW}, {"account_active": False}, {"role": Role.CITY},
])
def test_a_token_is_refused_revoked_expired_or_for_an_account_that_may_not(changes):
    assert _refusal(**changes) is not None


@pytest.mark.parametrize(("asked", "given"), [
    (None, PER_PAGE), ("", PER_PAGE), ("10", 10), ("0", PER_PAGE), ("-1", PER_PAGE),
    (str(MAX_PER_PAGE), MAX_PER_PAGE), (str(MAX_PER_PAGE + 1), PER_PAGE), ("²", PER_PAGE),
])
def test_a_page_holds_what_is_asked_within_bounds(asked, given):
    assert per_page(asked) == given
