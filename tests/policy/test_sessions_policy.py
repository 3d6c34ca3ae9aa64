"""The policy ends sessions at the lengths the settings give, per role."""

from __future__ import annotations

import pytest

from portal.policy.roles import Role
from portal.policy.sessions import (
    SessionEnd,
    SessionLimits,
    reachable_before_confirmation,
    session_end,
)

LIMITS = SessionLimits(idle_minutes_staff=30, idle_minutes_city=120, max_minutes=720)
MINUTE = 60.0


@pytest.mark.parametrize(("role", "idle_minutes", "expected"), [
    (Role.CCO_REVIEWER, 30, None),
    (Role.CCO_REVIEWER, 31, SessionEnd.IDLE),
    (Role.ADMIN, 31, SessionEnd.IDLE),
    (Role.CITY, 31, None),
    (Role.CITY, 120, None),
    (Role.CITY, 121, SessionEnd.IDLE),
])
def test_idle_time_depends_on_the_role(role, idle_minutes, expected):
    started = 0.0
    seen = 60 * MINUTE
    assert session_end(role, started, seen, seen + idle_minutes * MINUTE, LIMITS) is expected


def test_a_busy_session_still_ends_after_its_lifetime():
    now = 721 * MINUTE
    assert session_end(Role.CITY, 0.0, now - MINUTE, now, LIMITS) is SessionEnd.TOO_OLD
    assert session_end(Role.CITY, 0.0, now - MINUTE, 720 * MINUTE, LIMITS) is None


def test_a_session_without_its_timestamps_is_over():
    assert session_end(Role.CITY, None, 0.0, 1.0, LIMITS) is SessionEnd.UNKNOWN_AGE
    assert session_end(Role.CITY, 0.0, None, 1.0, LIMITS) is SessionEnd.UNKNOWN_AGE


@pytest.mark.parametrize(("endpoint", "reachable"), [
    ("auth.unconfirmed", True), ("auth.confirm_email", True),
    ("auth.resend_confirmation", True), ("auth.logout", True), ("main.home", True),
    ("public_registry.index", True), ("static", True), ("main.favicon", True),
    ("intake.my_requests", False), ("intake.start", False), ("intake.step", False),
    ("review.requests", False), ("admin.users", False), ("registry.index", False), (None, False),
])
def test_an_unconfirmed_account_reaches_only_confirmation_and_public_pages(endpoint, reachable):
    assert reachable_before_confirmation(endpoint) is reachable
