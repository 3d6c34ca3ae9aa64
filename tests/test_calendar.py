"""Working days skip Ontario's statutory holidays and the City's own, in every count.

The acceptance of issue 17, item 5: counts across Family Day, Good Friday, Victoria Day,
Canada Day, Civic Holiday, Labour Day, Thanksgiving and Christmas, in 2026 and 2027.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal import calendar
from portal.extensions import db
from portal.policy.lifecycle import Action
from portal.policy.roles import Role
from portal.policy.service_targets import working_days_between
from portal.review import services as review
from tests.factories import advance, submitted_request
from tests.test_review import outbox

HOLIDAYS = [
    # name, the holiday, the last working day before it, the first working day after it
    ("New Year's Day", date(2026, 1, 1), date(2025, 12, 31), date(2026, 1, 2)),
    ("Family Day", date(2026, 2, 16), date(2026, 2, 13), date(2026, 2, 17)),
    ("Good Friday", date(2026, 4, 3), date(2026, 4, 2), date(2026, 4, 6)),
    ("Victoria Day", date(2026, 5, 18), date(2026, 5, 15), date(2026, 5, 19)),
    ("Canada Day", date(2026, 7, 1), date(2026, 6, 30), date(2026, 7, 2)),
    ("Civic Holiday", date(2026, 8, 3), date(2026, 7, 31), date(2026, 8, 4)),
    ("Labour Day", date(2026, 9, 7), date(2026, 9, 4), date(2026, 9, 8)),
    ("Thanksgiving", date(2026, 10, 12), date(2026, 10, 9), date(2026, 10, 13)),
    # Christmas on a Friday, Boxing Day on the Saturday, observed on the Monday.
    ("Christmas Day", date(2026, 12, 25), date(2026, 12, 24), date(2026, 12, 29)),
    ("New Year's Day", date(2027, 1, 1), date(2026, 12, 31), date(2027, 1, 4)),
    ("Family Day", date(2027, 2, 15), date(2027, 2, 12), date(2027, 2, 16)),
    ("Good Friday", date(2027, 3, 26), date(2027, 3, 25), date(2027, 3, 29)),
    ("Victoria Day", date(2027, 5, 24), date(2027, 5, 21), date(2027, 5, 25)),
    ("Canada Day", date(2027, 7, 1), date(2027, 6, 30), date(2027, 7, 2)),
    ("Civic Holiday", date(2027, 8, 2), date(2027, 7, 30), date(2027, 8, 3)),
    ("Labour Day", date(2027, 9, 6), date(2027, 9, 3), date(2027, 9, 7)),
    ("Thanksgiving", date(2027, 10, 11), date(2027, 10, 8), date(2027, 10, 12)),
    # Christmas on a Saturday and Boxing Day on the Sunday: off Monday and Tuesday instead.
    ("Christmas Day (observed)", date(2027, 12, 27), date(2027, 12, 24), date(2027, 12, 29)),
]


@pytest.mark.parametrize("name, holiday, before, after", HOLIDAYS,
                         ids=[f"{h[1].year} {h[0]}" for h in HOLIDAYS])
def test_a_count_across_a_holiday_skips_it(app, name, holiday, before, after):
    closed = calendar.closed_days(before, after)
    assert holiday in closed
    assert working_days_between(before, after, closed) == 1  # the day after, alone
    assert (holiday, name) in [(day, str(said)) for day, said in calendar.holidays_of(
        holiday.year)]


@pytest.mark.parametrize("day", [date(2026, 4, 6), date(2026, 11, 11), date(2027, 3, 29),
                                 date(2027, 11, 11)],
                         ids=["Easter Monday 2026", "Remembrance Day 2026",
                              "Easter Monday 2027", "Remembrance Day 2027"])
def test_easter_monday_and_remembrance_day_are_working_days_at_the_city(app, day):
    assert day not in calendar.closed_days(day, day)


def test_boxing_day_on_a_weekend_is_observed_on_the_next_weekday(app):
    assert {date(2026, 12, 28), date(2027, 12, 28)} <= calendar.closed_days(
        date(2026, 12, 1), date(2027, 12, 31))


def test_a_city_is_not_reminded_for_the_civic_holiday(app, runner, make_staff,
                                                      make_city_user):
    """Asked on Friday 31 July 2026, three working days end on Thursday 6 August, not the 5th."""
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    req = submitted_request(make_city_user())
    advance(req, reviewer, Action.START_TRIAGE, Action.START_REVIEW)
    review.request_information(req, reviewer, "Which schools take part?")
    req.status_changed_at = datetime(2026, 7, 31, 15, 0)
    app.config["INFORMATION_REMINDER_WORKING_DAYS"] = 3
    db.session.commit()
    early = runner.invoke(args=["requests", "remind", "--today", "2026-08-05"])
    assert early.exit_code == 0 and outbox("information_reminder") == []
    due = runner.invoke(args=["requests", "remind", "--today", "2026-08-06"])
    assert due.exit_code == 0 and req.reference in due.output
    assert len(outbox("information_reminder")) == 1
