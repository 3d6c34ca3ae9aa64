"""Tables of the agreement lifecycle: each state × dates, each action with its refusal sentence.

Written from DESIGN.md's "Lifecycle of an agreement" and the template's 90-day notice, not from
the implementation: signed, not yet in force → in force (from its start) → ending soon
(inside the window) → expired | terminated | renewed | promoted.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.policy.agreement_states import (
    MAY_BE_CURRENT,
    NOTICE_DAYS,
    STATE_LABELS,
    AgreementAction,
    AgreementDates,
    AgreementState,
    established_year,
    is_review_due,
    notice_date_refusal,
    refusal,
    report_year_due,
    signing_date_refusal,
    status_on,
    termination_end,
    years_in_force,
)
from portal.policy.agreements import AgreementStatus as S
from portal.policy.categories import Category

TODAY = date(2026, 11, 15)
P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT
St = AgreementState


def d(n: int) -> date:
    return TODAY + timedelta(days=n)


STATE_TABLE = [
    # stored, start, end, terminates_on, expected on TODAY (window 180 days)
    (S.ACTIVE, date(2027, 1, 1), date(2029, 12, 31), None, St.SIGNED),   # the defect
    (S.ACTIVE, d(1), d(400), None, St.SIGNED),
    (S.ACTIVE, d(0), d(400), None, St.IN_FORCE),      # in force on its start date, no job
    (S.ACTIVE, d(-400), d(181), None, St.IN_FORCE),
    (S.ACTIVE, d(-400), d(180), None, St.ENDING_SOON),  # last day of the window
    (S.ACTIVE, d(-400), d(0), None, St.ENDING_SOON),    # its last day
    (S.ACTIVE, d(-400), d(-1), None, St.EXPIRED),       # past its end, no job needed
    (S.ACTIVE, None, None, None, St.IN_FORCE),          # seeded, dates not recorded
    (S.EXPIRED, d(-800), d(-1), None, St.EXPIRED),
    (S.EXPIRED, None, None, None, St.EXPIRED),
    (S.TERMINATED, d(-400), d(900), d(30), St.ENDING_SOON),  # notice given, still in force
    (S.TERMINATED, d(-400), d(900), d(0), St.ENDING_SOON),
    (S.TERMINATED, d(-400), d(900), d(-1), St.TERMINATED),
    (S.RENEWED, d(-400), d(400), None, St.IN_FORCE),    # runs to its end
    (S.RENEWED, d(-400), d(30), None, St.ENDING_SOON),
    (S.RENEWED, d(-800), d(-1), None, St.RENEWED),
    (S.RENEWED, None, None, None, St.RENEWED),
    (S.PROMOTED, d(-400), d(400), None, St.PROMOTED),
    (S.HISTORICAL, None, None, None, St.HISTORICAL),
]


@pytest.mark.parametrize(("stored", "start", "end", "terminates", "expected"), STATE_TABLE)
def test_the_state_is_derived_from_the_dates(stored, start, end, terminates, expected) -> None:
    assert status_on(AgreementDates(stored, start, end, terminates), TODAY) is expected


DAYS = (None, d(-800), d(-1), d(0), d(1), d(30), d(400))


@pytest.mark.parametrize("stored", list(S))
def test_only_the_decisions_that_may_be_current_ever_are(stored) -> None:
    """A query passes over rows whose decision is not in MAY_BE_CURRENT: none is current."""
    current = {status_on(AgreementDates(stored, start, end, terminates), TODAY).current
               for start in DAYS for end in DAYS for terminates in DAYS
               if start is None or end is None or end >= start}
    assert (True in current) == (stored in MAY_BE_CURRENT)


def test_the_window_is_configurable() -> None:
    dates = AgreementDates(S.ACTIVE, d(-400), d(60))
    assert status_on(dates, TODAY, 30) is St.IN_FORCE
    assert status_on(dates, TODAY, 90) is St.ENDING_SOON


def test_every_state_has_a_label_and_signed_is_not_in_force() -> None:
    assert set(STATE_LABELS) == set(AgreementState)
    assert St.SIGNED.current and not St.SIGNED.in_force
    assert St.ENDING_SOON.in_force and not St.EXPIRED.current


NOT_IN_FORCE = {
    St.SIGNED: "it is signed but not yet in force",
    St.EXPIRED: "it has expired",
    St.TERMINATED: "it was terminated",
    St.RENEWED: "it was renewed by a new agreement",
    St.PROMOTED: "it was promoted to a Partnership City",
    St.HISTORICAL: "it is a historical agreement kept for the record",
}


def _expected(action: AgreementAction, state: AgreementState, category: Category) -> str | None:
    done = {"promote": "promoted", "renew": "renewed", "terminate": "terminated"}
    if action.value in done:
        if state in (St.IN_FORCE, St.ENDING_SOON):
            if action is AgreementAction.PROMOTE and category is P:
                return "Only an International Project can be promoted to a Partnership City."
            return None
        return f"Only an agreement in force can be {done[action.value]}: {NOT_IN_FORCE[state]}."
    if action is AgreementAction.REVIEW:
        if state in (St.IN_FORCE, St.ENDING_SOON, St.EXPIRED):
            return None
        return f"Only an agreement in force or just expired is reviewed: {NOT_IN_FORCE[state]}."
    if state in (St.SIGNED, St.HISTORICAL):
        return f"Outcome reports are for years in force: {NOT_IN_FORCE[state]}."
    return None


@pytest.mark.parametrize("category", [P, IP])
@pytest.mark.parametrize("state", list(AgreementState))
@pytest.mark.parametrize("action", list(AgreementAction))
def test_every_action_in_every_state(action, state, category) -> None:
    assert refusal(action, state, category) == _expected(action, state, category)


@pytest.mark.parametrize("action", [AgreementAction.PROMOTE, AgreementAction.RENEW,
                                    AgreementAction.TERMINATE])
def test_notice_given_ends_promotion_renewal_and_a_second_notice(action) -> None:
    assert refusal(action, St.ENDING_SOON, IP, notice_given=True) == (
        f"Notice of termination has been given, so it can no longer be "
        f"{ {'promote': 'promoted', 'renew': 'renewed', 'terminate': 'terminated'}[action.value]}.")


@pytest.mark.parametrize(("signed_on", "approved_on", "expected"), [
    (date(2020, 1, 1), date(2026, 11, 2),
     "The signing date cannot be before the City Solicitor approved the draft as to form "
     "(2026-11-02)."),
    (date(2026, 11, 2), date(2026, 11, 2), None),
    (TODAY, date(2026, 11, 2), None),
    (d(1), date(2026, 11, 2), "The signing date cannot be in the future."),
])
def test_the_signing_date(signed_on, approved_on, expected) -> None:
    assert signing_date_refusal(signed_on, approved_on, TODAY) == expected


def test_established_is_the_year_of_the_first_signing() -> None:
    assert established_year(date(2026, 11, 2)) == 2026
    assert established_year(date(2026, 11, 2), previous=2019) == 2019


@pytest.mark.parametrize(("notice_on", "expected"), [
    (TODAY, None),
    (d(-10), None),
    (d(1), "The notice date cannot be in the future: record notice once it is given."),
    (date(2024, 1, 1), "The notice date cannot be before the agreement came into force "
                       "(2025-01-01)."),
])
def test_the_notice_date(notice_on, expected) -> None:
    assert notice_date_refusal(notice_on, date(2025, 1, 1), TODAY) == expected


def test_termination_takes_effect_90_days_after_notice_or_at_the_end_if_sooner() -> None:
    assert NOTICE_DAYS == 90
    assert termination_end(TODAY, d(900)) == d(90)
    assert termination_end(TODAY, d(30)) == d(30)
    assert termination_end(TODAY, None) == d(90)


@pytest.mark.parametrize(("dates", "expected"), [
    (AgreementDates(S.ACTIVE, date(2027, 1, 1), date(2029, 12, 31)), []),  # not yet in force
    (AgreementDates(S.ACTIVE, date(2024, 3, 1), date(2027, 2, 28)), [2026, 2025, 2024]),
    (AgreementDates(S.ACTIVE, date(2022, 3, 1), date(2025, 2, 28)), [2025, 2024, 2023, 2022]),
    (AgreementDates(S.TERMINATED, date(2024, 3, 1), date(2029, 2, 28), date(2025, 6, 1)),
     [2025, 2024]),
    (AgreementDates(S.HISTORICAL, None, None), []),
])
def test_outcome_reports_only_for_years_in_force(dates, expected) -> None:
    assert years_in_force(dates, TODAY) == expected


def test_the_report_due_is_last_years_if_it_was_in_force_then() -> None:
    running = AgreementDates(S.ACTIVE, date(2024, 3, 1), date(2027, 2, 28))
    assert report_year_due(running, TODAY, set()) == 2025
    assert report_year_due(running, TODAY, {2025}) is None
    assert report_year_due(AgreementDates(S.ACTIVE, date(2026, 3, 1), None), TODAY, set()) \
        is None  # not in force last year
    assert report_year_due(AgreementDates(S.ACTIVE, None, None), TODAY, set()) is None


def test_review_is_due_when_ending_soon_and_nothing_decided() -> None:
    assert is_review_due(AgreementDates(S.ACTIVE, d(-400), d(30)), TODAY)
    assert not is_review_due(AgreementDates(S.ACTIVE, d(-400), d(400)), TODAY)
    assert not is_review_due(AgreementDates(S.RENEWED, d(-400), d(30)), TODAY)
    assert not is_review_due(AgreementDates(S.TERMINATED, d(-400), d(900), d(30)), TODAY)
