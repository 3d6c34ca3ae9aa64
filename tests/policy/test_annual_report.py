"""Who produces the annual report, for which years, and which agreements it counts active."""

from __future__ import annotations

from datetime import date

import pytest

from portal.policy.agreement_states import AgreementDates
from portal.policy.agreements import AgreementStatus
from portal.policy.annual_report import (
    NOT_RATED,
    OutcomeRating,
    active_during,
    may_produce_annual_report,
    rating_label,
    rating_of,
    rating_refusal,
    report_years,
    year_refusal,
)
from portal.policy.roles import Role

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize("role", list(Role))
def test_only_cco_reviewers_and_administrators_produce_the_report(role):
    assert may_produce_annual_report(role) is (role in (Role.CCO_REVIEWER, Role.ADMIN))


def test_the_years_offered_run_from_this_year_back_to_the_program_s_update():
    assert report_years(TODAY) == [2026, 2025, 2024]
    assert year_refusal(2026, TODAY) is None
    assert year_refusal(2024, TODAY) is None
    assert year_refusal(2027, TODAY) == (
        "The year has not begun: choose this year or an earlier one.")
    assert year_refusal(2023, TODAY) == "The program's reports begin in 2024."


def dates(start: date | None, end: date | None,
          stored: AgreementStatus = AgreementStatus.ACTIVE) -> AgreementDates:
    return AgreementDates(stored, start, end, None)


@pytest.mark.parametrize(("agreement", "year", "active"), [
    (dates(date(2025, 3, 1), date(2028, 2, 28)), 2026, True),
    (dates(date(2025, 3, 1), date(2028, 2, 28)), 2025, True),
    (dates(date(2025, 3, 1), date(2028, 2, 28)), 2024, False),  # before its start
    (dates(date(2027, 3, 1), date(2029, 2, 28)), 2026, False),  # signed, not yet in force
    (dates(date(2022, 1, 1), date(2025, 6, 30), AgreementStatus.EXPIRED), 2025, True),
    (dates(date(2022, 1, 1), date(2025, 6, 30), AgreementStatus.EXPIRED), 2026, False),
    (dates(None, None, AgreementStatus.HISTORICAL), 2026, False),
    (dates(None, None), 2026, True),  # from before the portal: dates not recorded
])
def test_an_agreement_is_active_in_the_years_it_was_in_force(agreement, year, active):
    assert active_during(agreement, year, TODAY, 2019) is active


def test_a_stored_rating_is_read_and_anything_else_is_not_rated():
    assert rating_of("partly") is OutcomeRating.PARTLY
    assert [r.label for r in OutcomeRating] == ["Achieved", "Partly achieved", "Not achieved"]
    assert rating_of(None) is None
    assert rating_of("") is None
    assert rating_of("mostly") is None


def test_a_row_is_said_rated_or_not_rated_and_only_the_offered_ratings_are_accepted():
    assert rating_label("achieved") == "Achieved"
    assert rating_label(None) == rating_label("mostly") == NOT_RATED == "Not rated"
    assert rating_refusal("not") is None and rating_refusal("") is None
    assert rating_refusal(None) is None
    assert rating_refusal("mostly") == "Select one of the ratings, or Not rated"


def test_a_rating_stands_only_with_the_progress_it_rates():
    from portal.policy.annual_report import unrated_progress_refusal

    assert unrated_progress_refusal("achieved", "") == "Report the progress you rated"
    assert unrated_progress_refusal("achieved", "Six designers hosted") is None
    assert unrated_progress_refusal("", "") is None  # not rated, nothing said: no refusal
