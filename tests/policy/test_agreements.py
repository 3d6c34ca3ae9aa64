"""Check the registry's rules: expiring soon, review due, expiry, renewal, reports due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.policy.agreements import (
    DEFAULT_REVIEW_WINDOW_DAYS,
    EXPIRING_SOON,
    STANDING_LABELS,
    AgreementStatus,
    Recommendation,
    can_be_promoted,
    can_be_renewed,
    has_ended,
    is_expiring_soon,
    is_review_due,
    recommendations_for,
    report_year_due,
    review_due_by,
    standing,
    status_once_renewed,
)
from portal.policy.categories import Category

TODAY = date(2027, 6, 15)
ACTIVE, EXPIRED = AgreementStatus.ACTIVE, AgreementStatus.EXPIRED
P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_the_default_review_window_is_180_days() -> None:
    assert DEFAULT_REVIEW_WINDOW_DAYS == 180
    assert review_due_by(TODAY) == days(180)
    assert review_due_by(TODAY, 30) == days(30)


@pytest.mark.parametrize(("end", "soon", "due", "ended"), [
    (None, False, False, False),      # an end never recorded: never chased
    (days(-1), False, True, True),    # past its end, not yet expired by the job
    (days(0), True, True, False),     # its last day
    (days(180), True, True, False),   # the last day of the window
    (days(181), False, False, False),
])
def test_an_active_agreement_is_expiring_soon_or_due_by_its_end(end, soon, due, ended) -> None:
    assert is_expiring_soon(ACTIVE, end, TODAY) is soon
    assert is_review_due(ACTIVE, end, TODAY) is due
    assert has_ended(ACTIVE, end, TODAY) is ended
    assert standing(ACTIVE, end, TODAY) == (EXPIRING_SOON if soon else "active")


@pytest.mark.parametrize("status", [s for s in AgreementStatus if s is not ACTIVE])
def test_only_an_active_agreement_comes_up_for_review_or_expires(status) -> None:
    assert not is_review_due(status, days(10), TODAY)
    assert not has_ended(status, days(-10), TODAY)
    assert standing(status, days(10), TODAY) == status.value


def test_the_window_can_be_widened() -> None:
    assert not is_review_due(ACTIVE, days(200), TODAY)
    assert is_review_due(ACTIVE, days(200), TODAY, window_days=365)
    assert standing(ACTIVE, days(200), TODAY, 365) == EXPIRING_SOON


def test_every_standing_has_a_label() -> None:
    assert set(STANDING_LABELS) == {*(s.value for s in AgreementStatus), EXPIRING_SOON}


def test_only_an_active_international_project_can_be_promoted() -> None:
    assert can_be_promoted(ACTIVE, IP)
    assert not can_be_promoted(ACTIVE, P)
    assert not can_be_promoted(EXPIRED, IP)
    assert not can_be_promoted(AgreementStatus.HISTORICAL, None)


def test_an_active_agreement_of_either_category_can_be_renewed() -> None:
    assert can_be_renewed(ACTIVE, IP) and can_be_renewed(ACTIVE, P)
    assert not can_be_renewed(ACTIVE, None)
    assert not can_be_renewed(AgreementStatus.PROMOTED, IP)


@pytest.mark.parametrize(("end", "expected"), [
    (None, EXPIRED), (days(-1), EXPIRED), (days(0), ACTIVE), (days(90), ACTIVE)])
def test_a_renewed_agreement_runs_to_its_end_unless_that_has_passed(end, expected) -> None:
    assert status_once_renewed(end, TODAY) is expected


@pytest.mark.parametrize(("status", "start", "end", "reported", "due"), [
    (ACTIVE, date(2025, 3, 1), date(2028, 2, 28), [], 2026),
    (ACTIVE, date(2025, 3, 1), date(2028, 2, 28), [2026], None),   # already reported
    (ACTIVE, date(2025, 3, 1), date(2028, 2, 28), [2025], 2026),   # an older year
    (ACTIVE, date(2026, 12, 31), None, [], 2026),                  # one day counts
    (ACTIVE, date(2027, 1, 1), date(2029, 12, 31), [], None),      # not active in 2026
    (EXPIRED, date(2024, 1, 1), date(2026, 1, 1), [], 2026),       # ended during 2026
    (EXPIRED, date(2022, 1, 1), date(2025, 12, 31), [], None),     # ended before 2026
    (ACTIVE, None, None, [], None),                                # start not recorded
    (AgreementStatus.PROMOTED, date(2025, 1, 1), date(2027, 12, 31), [], None),
    (AgreementStatus.HISTORICAL, date(2020, 1, 1), None, [], None),
])
def test_the_report_on_last_year_is_due_when_active_then_and_not_on_file(
        status, start, end, reported, due) -> None:
    assert report_year_due(status, start, end, TODAY, reported) == due


def test_a_review_may_recommend_promotion_only_for_a_project() -> None:
    assert Recommendation.PROMOTE in recommendations_for(IP)
    assert recommendations_for(P) == [Recommendation.RENEW, Recommendation.EXPIRE,
                                      Recommendation.TERMINATE]
    assert all(r.label for r in Recommendation)
