"""Move requests through the state machine, recording every transition in the timeline."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from portal.access import is_submitting_party
from portal.database import write
from portal.extensions import db
from portal.models import EngagementRequest, RequestEvent, User
from portal.models._types import utcnow
from portal.policy.lifecycle import Action, Status, next_status
from portal.policy.timeline import TimelineEvent


def perform(req: EngagementRequest, action: Action, actor: User, *, note: str = "",
            visible_to_submitter: bool = True) -> RequestEvent:
    """Take ``action`` on ``req`` as ``actor``, as the policy allows, and record it.

    Raises ``TransitionRefused`` when the policy does not open the action to the actor.
    """
    source = req.status_enum
    target = _target(req, action, actor)
    req.status = target.value
    req.status_changed_at = utcnow()
    event = RequestEvent(request_id=req.id, actor_id=actor.id, action=action.value,
                         from_status=source.value, to_status=target.value, note=note,
                         visible_to_submitter=visible_to_submitter)
    db.session.add(event)
    db.session.flush()
    return event


def _target(req: EngagementRequest, action: Action, actor: User) -> Status:
    return next_status(req.status_enum, action, actor.role_enum,
                       is_submitter=is_submitting_party(actor, req))


# Built once: SQLAlchemy then computes their cache keys once (portal.database says why).
_REQUESTS = EngagementRequest.__table__
_EVENTS = RequestEvent.__table__
_ADD_EVENT = insert(_EVENTS)
# The columns it sets are the values it is given, besides the two the guard names.
_UPDATE_REQUEST = update(_REQUESTS).where(_REQUESTS.c.id == bindparam("of_id"),
                                          _REQUESTS.c.version == bindparam("of_version"))


def perform_written(req: EngagementRequest, action: Action, actor: User, now: datetime,
                    changes: Callable[[], Mapping[str, Any]]) -> None:
    """Take ``action`` as ``perform`` does, writing ``changes()`` with it, without the flush.

    The timeline entry and the request's row are written at once through SQLAlchemy Core,
    the request guarded by its version as the ORM guards it (``StaleDataError`` when
    another request changed it first), and ``req`` is kept in step with what was written.
    The unit of work's flush cost a submission more than its statements; ``req`` must
    hold no change of its own not yet flushed.

    ``changes`` is asked for after the timeline entry is written, just before the request's
    row: what it takes then (a submission's reference, from the counter every submission
    bumps) is locked from there to the commit, and every other submission waits for it.
    The request's row comes last for the same reason: its new status moves the counts by
    status, rows every submission changes.
    """
    source = req.status_enum
    target = _target(req, action, actor)
    write(_ADD_EVENT, {
        "request_id": req.id, "at": now, "actor_id": actor.id, "action": action.value,
        "from_status": source.value, "to_status": target.value, "note": "",
        "visible_to_submitter": True, "document_id": None})
    values = {**changes(), "status": target.value, "status_changed_at": now,
              "updated_at": now, "version": req.version + 1}
    written = write(_UPDATE_REQUEST, {**values, "of_id": req.id, "of_version": req.version})
    if written.rowcount != 1:
        raise StaleDataError(f"request {req.id} changed since version {req.version}")
    for key, value in values.items():
        set_committed_value(req, key, value)


def record_note(req: EngagementRequest, actor: User | None, action: TimelineEvent,
                note: str = "", *, visible_to_submitter: bool = True) -> RequestEvent:
    """Add an entry to ``req``'s timeline that does not change its status."""
    event = RequestEvent(request_id=req.id, actor_id=actor.id if actor else None, action=action,
                         from_status=None, to_status=None, note=note,
                         visible_to_submitter=visible_to_submitter)
    db.session.add(event)
    db.session.flush()
    return event
