"""Name what is stored of an agreement's life (its decisions) and what a review recommends.

The stored status records only decisions no calendar can make: *active* (signed, no decision
yet), *renewed*, *promoted*, *terminated* (notice given), *expired* (by a decision or the
nightly job) and *historical* (kept by the 2024 review for the record). Where an agreement
stands on a given day (signed but not yet in force, in force, ending soon, expired ...) is
derived from these and its dates by ``portal.policy.agreement_states.status_on``.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from portal.policy.categories import Category


class AgreementStatus(StrEnum):
    """The decision stored on an agreement; read its state with ``status_on``."""

    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    RENEWED = "renewed"
    PROMOTED = "promoted"
    HISTORICAL = "historical"


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
