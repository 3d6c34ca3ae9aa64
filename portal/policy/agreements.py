"""Name the states of an agreement in the registry and when one is "expiring soon".

An agreement is active from its signature until it expires at its end date, is terminated
early, or is replaced by a promotion (a project grown into a partnership). Historical
agreements are those the 2024 review kept for the record (expired, or no longer meeting the
criteria). "Expiring soon" is not a state: it is derived from the end date and the review
window, so it can never disagree with the dates.

The rules of the registry's later life live here too: when an agreement comes up for
review, when it must expire, what its renewal does to it, and which year's outcome report
its lead division owes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

from portal.policy.categories import Category


class AgreementStatus(StrEnum):
    """Where an agreement in the registry stands."""

    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    PROMOTED = "promoted"
    HISTORICAL = "historical"

    @property
    def label(self) -> str:
        """Return the status as the registry shows it."""
        return AGREEMENT_STATUS_LABELS[self]


AGREEMENT_STATUS_LABELS = {
    AgreementStatus.ACTIVE: "Active",
    AgreementStatus.EXPIRED: "Expired",
    AgreementStatus.TERMINATED: "Terminated",
    AgreementStatus.PROMOTED: "Promoted to a Partnership City",
    AgreementStatus.HISTORICAL: "Historical",
}

DEFAULT_REVIEW_WINDOW_DAYS = 180
"""How long before its end an active agreement comes up for review."""


def is_expiring_soon(status: AgreementStatus, end_date: date | None, today: date,
                     window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> bool:
    """Return whether an active agreement ends within the review window."""
    return (status is AgreementStatus.ACTIVE and end_date is not None
            and today <= end_date <= today + timedelta(days=window_days))


def review_due_by(today: date, window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> date:
    """Return the latest end date that brings an active agreement up for review today."""
    return today + timedelta(days=window_days)


def is_review_due(status: AgreementStatus, end_date: date | None, today: date,
                  window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> bool:
    """Return whether an active agreement is due for review: its end is near, or past.

    An agreement whose end passed but that the scheduled job has not yet expired is still
    due: the reviewers must decide whether it is renewed or left to expire.
    """
    return (status is AgreementStatus.ACTIVE and end_date is not None
            and end_date <= review_due_by(today, window_days))


def has_ended(status: AgreementStatus, end_date: date | None, today: date) -> bool:
    """Return whether an active agreement is past its end date and must now expire."""
    return status is AgreementStatus.ACTIVE and end_date is not None and end_date < today


EXPIRING_SOON = "expiring_soon"
"""The standing shown for an active agreement inside the review window (not a stored state)."""


def standing(status: AgreementStatus, end_date: date | None, today: date,
             window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> str:
    """Return how the registry shows an agreement: its status, or "expiring soon"."""
    if is_expiring_soon(status, end_date, today, window_days):
        return EXPIRING_SOON
    return status.value


STANDING_LABELS = {**{s.value: label for s, label in AGREEMENT_STATUS_LABELS.items()},
                   EXPIRING_SOON: "Expiring soon"}


def can_be_promoted(status: AgreementStatus, category: Category | None) -> bool:
    """Return whether an agreement may grow into a Partnership City: an active project only."""
    return status is AgreementStatus.ACTIVE and category is Category.INTERNATIONAL_PROJECT


def can_be_renewed(status: AgreementStatus, category: Category | None) -> bool:
    """Return whether a new agreement of the same category may be proposed to follow it."""
    return status is AgreementStatus.ACTIVE and category is not None


def status_once_renewed(end_date: date | None, today: date) -> AgreementStatus:
    """Return what becomes of an agreement when its renewal is signed.

    It runs to its end date and then expires; one already past its end, or whose end was
    never recorded (an agreement from before the portal), gives way to the renewal at once.
    """
    if end_date is None or end_date < today:
        return AgreementStatus.EXPIRED
    return AgreementStatus.ACTIVE


def report_year_due(status: AgreementStatus, start_date: date | None, end_date: date | None,
                    today: date, reported_years: Iterable[int]) -> int | None:
    """Return the year whose annual outcome report is due, or None when none is.

    Each year the lead division reports on the year before. The report is due when the
    agreement was active during that year (it had started by its end and had not yet
    ended by its start) and no report for it exists. An agreement whose start date was
    never recorded is not chased: the portal cannot say it was active then. Promoted and
    terminated agreements have moved on; historical ones predate the reports.
    """
    if status not in (AgreementStatus.ACTIVE, AgreementStatus.EXPIRED) or start_date is None:
        return None
    year = today.year - 1
    if start_date > date(year, 12, 31) or (end_date is not None and end_date < date(year, 1, 1)):
        return None
    if year in set(reported_years):
        return None
    return year


class Recommendation(StrEnum):
    """What a periodic review recommends for an agreement."""

    PROMOTE = "promote"
    RENEW = "renew"
    EXPIRE = "expire"
    TERMINATE = "terminate"

    @property
    def label(self) -> str:
        """Return the recommendation as reviewers read it."""
        return RECOMMENDATION_LABELS[self]


RECOMMENDATION_LABELS = {
    Recommendation.PROMOTE: "Promote to a Partnership City",
    Recommendation.RENEW: "Renew for another term",
    Recommendation.EXPIRE: "Let it expire at its end date",
    Recommendation.TERMINATE: "Terminate it early",
}


def recommendations_for(category: Category | None) -> list[Recommendation]:
    """Return the recommendations open to a review: only a project can be promoted."""
    return [r for r in Recommendation
            if r is not Recommendation.PROMOTE or category is Category.INTERNATIONAL_PROJECT]
