"""Remind each city of a question it has left unanswered too long, once per question.

The nightly command (``flask remind``) calls ``remind_unanswered``; ``policy.lifecycle``
says when a reminder is due, counting working days from the question: the City's holidays
and closures (``portal.calendar``) are not counted.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from portal import calendar, notifications, transitions
from portal.extensions import db
from portal.models import EngagementRequest, RequestEvent
from portal.policy import timeline_notes as notes
from portal.policy.lifecycle import (
    DEFAULT_INFORMATION_REMINDER_WORKING_DAYS,
    Status,
    information_reminder_due,
)
from portal.policy.service_targets import working_days_between
from portal.policy.timeline import TimelineEvent

REMINDED = TimelineEvent.INFORMATION_REMINDER
"""The timeline action recording that the submitter was reminded of a question."""


def reminder_working_days() -> int:
    """Return the working days after which a city is reminded of an unanswered question."""
    value = current_app.config.get("INFORMATION_REMINDER_WORKING_DAYS")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return DEFAULT_INFORMATION_REMINDER_WORKING_DAYS


def remind_unanswered(today: date) -> list[str]:
    """Remind each submitter of a question left unanswered too long; return the references.

    Written once per question: a reminder recorded since the request entered "information
    requested" means it was sent, so running this again changes nothing.
    """
    after = reminder_working_days()
    reminded: list[str] = []
    waiting = [req for req in db.session.scalars(select(EngagementRequest).where(
        EngagementRequest.status == Status.INFORMATION_REQUESTED.value))
        if req.status_changed_at is not None]
    # The days the City was closed since the oldest question: read once for the run.
    closed = calendar.closed_days(
        min((req.status_changed_at.date() for req in waiting), default=today), today)
    for req in waiting:
        since = req.status_changed_at
        already = (db.session.scalar(select(func.count()).select_from(RequestEvent).where(
            RequestEvent.request_id == req.id, RequestEvent.action == REMINDED,
            RequestEvent.at >= since)) or 0) > 0
        waited = working_days_between(since.date(), today, closed)
        if not information_reminder_due(req.status_enum, waited, already_reminded=already,
                                        after=after):
            continue
        transitions.record_note(req, None, REMINDED,
                                notes.REMINDED_OF_QUESTION)
        notifications.send_information_reminder(req)
        reminded.append(req.reference or str(req.id))
    return reminded
