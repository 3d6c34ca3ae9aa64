"""Name what is stored of an agreement's life (its decisions) and what a review recommends.

The stored status records only decisions no calendar can make: *active* (signed, no decision
yet), *renewed*, *promoted*, *terminated* (notice given), *expired* (by a decision or the
nightly job) and *historical* (kept by the 2024 review for the record). Where an agreement
stands on a given day (signed but not yet in force, in force, ending soon, expired ...) is
derived from these and its dates by ``portal.policy.agreement_states.status_on``.

Each change of an agreement is also kept in its history as an ``AgreementEventKind`` (signed,
reviewed, proposed for promotion ...), whose value is the word stored in the database.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from portal.policy.categories import Category
from portal.policy.phrases import N_, Phrase


class AgreementStatus(StrEnum):
    """The decision stored on an agreement; read its state with ``status_on``."""

    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    RENEWED = "renewed"
    PROMOTED = "promoted"
    HISTORICAL = "historical"


class AgreementEventKind(StrEnum):
    """What an entry of an agreement's history records; the value is the stored word."""

    SIGNED = "signed"
    REVIEWED = "reviewed"
    REPORTED = "reported"
    PROMOTION_STARTED = "promotion_started"
    RENEWAL_STARTED = "renewal_started"
    PROMOTED = "promoted"
    RENEWED = "renewed"
    EXPIRED = "expired"
    TERMINATED = "terminated"

    @property
    def label(self) -> Phrase:
        """Return the history's heading for the entry (English; the page translates it)."""
        return AGREEMENT_EVENT_LABELS[self]


AGREEMENT_EVENT_LABELS: dict[AgreementEventKind, Phrase] = {
    AgreementEventKind.SIGNED: N_("Signed"),
    AgreementEventKind.REVIEWED: N_("Periodic review recorded"),
    AgreementEventKind.REPORTED: N_("Annual outcome report recorded"),
    AgreementEventKind.PROMOTION_STARTED: N_("Promotion to a Partnership City proposed"),
    AgreementEventKind.RENEWAL_STARTED: N_("Renewal proposed"),
    AgreementEventKind.PROMOTED: N_("Promoted to a Partnership City"),
    AgreementEventKind.RENEWED: N_("Renewed"),
    AgreementEventKind.EXPIRED: N_("Expired"),
    AgreementEventKind.TERMINATED: N_("Notice of termination given"),
}


DEFAULT_REVIEW_WINDOW_DAYS = 180
"""How long before its end an agreement in force is "ending soon" and comes up for review."""


def review_due_by(today: date, window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> date:
    """Return the latest end date that brings an agreement in force up for review today."""
    return today + timedelta(days=window_days)


class Recommendation(StrEnum):
    """What a periodic review recommends for an agreement."""

    PROMOTE = "promote"
    RENEW = "renew"
    EXPIRE = "expire"
    TERMINATE = "terminate"

    @property
    def label(self) -> Phrase:
        """Return the recommendation as reviewers read it."""
        return RECOMMENDATION_LABELS[self]


RECOMMENDATION_LABELS: dict[Recommendation, Phrase] = {
    Recommendation.PROMOTE: N_("Promote to a Partnership City"),
    Recommendation.RENEW: N_("Renew for another term"),
    Recommendation.EXPIRE: N_("Let it expire at its end date"),
    Recommendation.TERMINATE: N_("Terminate it early"),
}


def recommendations_for(category: Category | None) -> list[Recommendation]:
    """Return the recommendations open to a review: only a project can be promoted."""
    return [r for r in Recommendation
            if r is not Recommendation.PROMOTE or category is Category.INTERNATIONAL_PROJECT]
