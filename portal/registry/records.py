"""What every registry job shares: an agreement's history and its origin.

Every change of an agreement is recorded here as an ``AgreementEvent`` (who, when, why), as a
request's changes are, and shown on the agreement's staff page. It flushes, never commits.
Where an agreement stands (``state_of``, with the configured review window) is read in
``portal.access``, which the intake's duplicate notice asks too; it is named here as well
for the registry's modules.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.access import can_view
from portal.access import review_window_days as review_window_days
from portal.access import state_of as state_of
from portal.extensions import db
from portal.models import Agreement, AgreementEvent, EngagementRequest, User
from portal.policy.agreements import AgreementEventKind
from portal.policy.roles import Role

STAFF_ROLES = tuple(role for role in Role if role.is_staff)
"""Everyone who works on the program for the City sees the whole registry."""

def record_event(agreement: Agreement, kind: AgreementEventKind, actor: User | None,
                 note: str = "") -> AgreementEvent:
    """Add an entry to ``agreement``'s history: what, who (None for the nightly job), why."""
    event = AgreementEvent(agreement_id=agreement.id, action=kind.value,
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
    return agreement.origin


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
