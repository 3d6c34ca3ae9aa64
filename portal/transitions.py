"""Move requests through the state machine, recording every transition in the timeline."""

from __future__ import annotations

from portal.access import is_submitting_party
from portal.extensions import db
from portal.models import EngagementRequest, RequestEvent, User
from portal.models._types import utcnow
from portal.policy.lifecycle import Action, next_status
from portal.policy.timeline import TimelineEvent


def perform(req: EngagementRequest, action: Action, actor: User, *, note: str = "",
            visible_to_submitter: bool = True) -> RequestEvent:
    """Take ``action`` on ``req`` as ``actor``, as the policy allows, and record it.

    Raises ``TransitionRefused`` when the policy does not open the action to the actor.
    """
    source = req.status_enum
    target = next_status(source, action, actor.role_enum,
                         is_submitter=is_submitting_party(actor, req))
    req.status = target.value
    req.status_changed_at = utcnow()
    event = RequestEvent(request_id=req.id, actor_id=actor.id, action=action.value,
                         from_status=source.value, to_status=target.value, note=note,
                         visible_to_submitter=visible_to_submitter)
    db.session.add(event)
    db.session.flush()
    return event


def record_note(req: EngagementRequest, actor: User | None, action: TimelineEvent,
                note: str = "", *, visible_to_submitter: bool = True) -> RequestEvent:
    """Add an entry to ``req``'s timeline that does not change its status."""
    event = RequestEvent(request_id=req.id, actor_id=actor.id if actor else None, action=action,
                         from_status=None, to_status=None, note=note,
                         visible_to_submitter=visible_to_submitter)
    db.session.add(event)
    db.session.flush()
    return event
