"""Decide who produces the annual program report, for which years, and what it counts.

The report goes to the Council committee that adopted the program's update (item
2024.EC13.5), so the first year it covers is 2024 and the last the current one. It is the
City Clerk's Office's report: its reviewers and the administrators produce it. An agreement
counts as active in a year when the year is one of its years in force, the same rule that
offers outcome reports (``agreement_states.years_in_force``), so every active agreement is
one that could have reported.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from portal.policy.agreement_states import AgreementDates, years_in_force
from portal.policy.agreements import AgreementEventKind
from portal.policy.phrases import N_, P_, Phrase
from portal.policy.roles import Role

FIRST_REPORT_YEAR = 2024
"""The year Council adopted the program's update; nothing before it was reported so."""

ANNUAL_REPORT_ROLES: frozenset[Role] = frozenset({Role.CCO_REVIEWER, Role.ADMIN})
"""The CCO leads the program and reports on it; administrators run the portal for it."""

HAPPENED_IN_YEAR: tuple[AgreementEventKind, ...] = (
    AgreementEventKind.RENEWED, AgreementEventKind.PROMOTED, AgreementEventKind.EXPIRED,
    AgreementEventKind.TERMINATED)
"""The entries of an agreement's history the report lists under the year they were made.

Signing is read from the agreement's signing date instead: the history records when the
signature was entered, which may be days after the Parties signed.
"""

ENDED: tuple[AgreementEventKind, ...] = (AgreementEventKind.EXPIRED,
                                         AgreementEventKind.TERMINATED)
"""What ends an agreement, for the report's "ended in the year" figure."""


def may_produce_annual_report(role: Role) -> bool:
    """Return whether someone in ``role`` may produce the annual program report."""
    return role in ANNUAL_REPORT_ROLES


def report_years(today: date) -> list[int]:
    """Return the years a report may be produced for, newest first."""
    return list(range(today.year, FIRST_REPORT_YEAR - 1, -1))


def year_refusal(year: int, today: date) -> Phrase | None:
    """Return why no report can be produced for ``year``, or None when one can."""
    if year > today.year:
        return N_("The year has not begun: choose this year or an earlier one.")
    if year < FIRST_REPORT_YEAR:
        return P_("The program's reports begin in %(first)s.", first=str(FIRST_REPORT_YEAR))
    return None


def active_during(dates: AgreementDates, year: int, today: date,
                  established: int | None = None) -> bool:
    """Return whether the agreement was in force at some time in ``year``."""
    as_of = min(today, date(year, 12, 31))
    return year in years_in_force(dates, as_of, established)


class OutcomeRating(StrEnum):
    """How far an outcome was achieved in the year, as the lead division judges it."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not"

    @property
    def label(self) -> Phrase:
        """Return the rating as the report and the form say it."""
        return OUTCOME_RATING_LABELS[self]


OUTCOME_RATING_LABELS: dict[OutcomeRating, Phrase] = {
    OutcomeRating.ACHIEVED: N_("Achieved"),
    OutcomeRating.PARTLY: N_("Partly achieved"),
    OutcomeRating.NOT_ACHIEVED: N_("Not achieved"),
}


NOT_RATED = N_("Not rated")
"""A row of an outcome report without a rating: the rating is optional, and older reports
were recorded before it was asked."""


def rating_of(stored: str | None) -> OutcomeRating | None:
    """Return the rating a stored report row holds, or None for a row not rated."""
    try:
        return OutcomeRating(stored) if stored else None
    except ValueError:
        return None


def rating_label(stored: str | None) -> Phrase:
    """Return how a report row's rating is said: its label, or "Not rated"."""
    rating = rating_of(stored)
    return rating.label if rating else NOT_RATED


def rating_refusal(given: str | None) -> Phrase | None:
    """Return why ``given`` is not a rating (a value the form never offered), or None.

    Nothing given is no refusal: a row may be left not rated.
    """
    if given and rating_of(given) is None:
        return N_("Select one of the ratings, or Not rated")
    return None


def unrated_progress_refusal(rating: str | None, progress: str | None) -> Phrase | None:
    """Return why a row's rating cannot stand without its progress, or None.

    A rating on a row left empty would be lost, or rate nothing said.
    """
    if rating_of(rating) and not progress:
        return N_("Report the progress you rated")
    return None
