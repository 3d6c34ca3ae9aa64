"""What every registry job shares: an agreement's history, its origin, and the review window.

Every change of an agreement is recorded here as an ``AgreementEvent`` (who, when, why), as a
request's changes are, and shown on the agreement's staff page. It flushes, never commits.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from portal.access import can_view
from portal.extensions import db
from portal.models import Agreement, AgreementEvent, EngagementRequest, User
from portal.policy.agreement_states import AgreementState
from portal.policy.agreements import DEFAULT_REVIEW_WINDOW_DAYS
from portal.policy.roles import Role

STAFF_ROLES = tuple(role for role in Role if role.is_staff)
"""Everyone who works on the program for the City sees the whole registry."""

EVENT_LABELS = {
    "signed": "Signed",
    "reviewed": "Periodic review recorded",
    "reported": "Annual outcome report recorded",
    "promotion_started": "Promotion to a Partnership City proposed",
    "renewal_started": "Renewal proposed",
    "promoted": "Promoted to a Partnership City",
    "renewed": "Renewed",
    "expired": "Expired",
    "terminated": "Notice of termination given",
}


def review_window_days() -> int:
    """Return how many days before its end an agreement comes up for review (configurable)."""
    return int(current_app.config.get("REGISTRY_REVIEW_WINDOW_DAYS",
                                      DEFAULT_REVIEW_WINDOW_DAYS))


def state_of(agreement: Agreement, today: date | None = None) -> AgreementState:
    """Return where ``agreement`` stands today, with the configured review window."""
    return agreement.state_on(today or date.today(), review_window_days())


def record_event(agreement: Agreement, action: str, actor: User | None,
                 note: str = "") -> AgreementEvent:
    """Add an entry to ``agreement``'s history: what, who (None for the nightly job), why."""
    event = AgreementEvent(agreement_id=agreement.id, action=action,
                           actor_id=actor.id if actor else None, note=note)
    db.session.add(event)
    db.session.flush()
    return event


def events_of(agreement: Agreement) -> list[AgreementEvent]:
    """Return ``agreement``'s history, oldest first."""
    return list(db.session.scalars(select(AgreementEvent).where(
        AgreementEvent.agreement_id == agreement.id)
        .order_by(AgreementEvent.at, AgreementEvent.id)))


def request_of(agreement: Agreement) -> EngagementRequest | None:
    """Return the request ``agreement`` was signed from, if it came through the portal."""
    if agreement.request_id is None:
        return None
    return db.session.get(EngagementRequest, agreement.request_id)


def visible_request(user: User, agreement: Agreement) -> EngagementRequest | None:
    """Return the originating request if ``user`` may open it."""
    req = request_of(agreement)
    return req if req is not None and can_view(user, req) else None


def indicators_of(agreement: Agreement) -> list[tuple[str, str, str]]:
    """Return (outcome, indicator, target) of each outcome of the originating request."""
    req = request_of(agreement)
    if req is None:
        return []
    return [(o.outcome, o.indicator, o.target) for o in req.outcomes if o.outcome]
