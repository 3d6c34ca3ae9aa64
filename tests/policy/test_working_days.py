"""Working days skip the days the City is closed, given to the policy as plain dates."""

from __future__ import annotations

from datetime import date

import pytest

from portal.policy.lifecycle import Status
from portal.policy.service_targets import is_ageing, working_days_between
from portal.policy.working_days import (
    CIVIC_HOLIDAY,
    city_holidays,
    closure_refusal,
    first_monday_of_august,
    is_working_day,
)

# A week with a Monday holiday: Fri 31 July 2026, Mon 3 August (closed), Tue 4 August.
FRIDAY, HOLIDAY, TUESDAY = date(2026, 7, 31), date(2026, 8, 3), date(2026, 8, 4)
TODAY = date(2026, 6, 15)


def test_a_day_the_city_is_closed_is_not_counted():
    assert working_days_between(FRIDAY, TUESDAY) == 2
    assert working_days_between(FRIDAY, TUESDAY, frozenset({HOLIDAY})) == 1


def test_a_closed_day_on_a_weekend_or_outside_the_span_changes_nothing():
    saturday, before, after = date(2026, 8, 1), date(2026, 7, 30), date(2026, 8, 5)
    assert working_days_between(FRIDAY, TUESDAY, {saturday, before, after, FRIDAY}) == 2


def test_a_day_closed_twice_over_is_counted_off_once():
    assert working_days_between(FRIDAY, TUESDAY, [HOLIDAY, HOLIDAY]) == 1


def test_a_request_is_not_late_for_the_days_the_city_was_closed():
    # Ten working days after Friday 31 July is Friday 14 August; the holiday moves it on.
    since, day_eleven = FRIDAY, date(2026, 8, 17)
    assert is_ageing(Status.SUBMITTED, since, day_eleven)
    assert not is_ageing(Status.SUBMITTED, since, day_eleven, closed=frozenset({HOLIDAY}))
    assert is_ageing(Status.SUBMITTED, since, date(2026, 8, 18), closed=frozenset({HOLIDAY}))


@pytest.mark.parametrize("year, monday", [(2026, date(2026, 8, 3)), (2027, date(2027, 8, 2)),
                                          (2029, date(2029, 8, 6)), (2033, date(2033, 8, 1))])
def test_the_civic_holiday_is_the_first_monday_of_august(year, monday):
    assert first_monday_of_august(year) == monday
    assert city_holidays(year) == {monday: CIVIC_HOLIDAY}


def test_a_working_day_is_a_weekday_the_city_is_open():
    assert is_working_day(TUESDAY, frozenset({HOLIDAY}))
    assert not is_working_day(HOLIDAY, frozenset({HOLIDAY}))
    assert not is_working_day(date(2026, 8, 1), frozenset())  # a Saturday


def test_a_closure_may_be_recorded_on_a_working_day_within_the_years_allowed():
    assert closure_refusal(TUESDAY, TODAY) is None
    assert closure_refusal(date(2025, 7, 2), TODAY) is None  # last year's storm
    assert closure_refusal(date(2031, 6, 2), TODAY) is None


@pytest.mark.parametrize("day, kwargs, says", [
    (date(2026, 8, 1), {}, "a Saturday or a Sunday"),
    (HOLIDAY, {"holiday": "Civic Holiday"}, "already a holiday: Civic Holiday"),
    (TUESDAY, {"closure": "Ice storm"}, "already a closure: Ice storm"),
    (date(2025, 6, 2), {}, "more than a year after the day"),
    (date(2031, 6, 30), {}, "more than five years ahead"),
])
def test_a_closure_that_would_change_nothing_or_is_a_typing_mistake_is_refused(
        day, kwargs, says):
    refused = closure_refusal(day, TODAY, **kwargs)
    assert refused is not None and says in refused
