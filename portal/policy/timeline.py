"""Name the entries of a request's timeline that do not change its status.

A change of status is named by its ``lifecycle.Action``; every other entry (a comment, a
consultation, a signatory chosen) is one of these. The stored value is the enum's string, so
the database keeps the same words; each has the heading the timeline shows.
"""

from __future__ import annotations

from enum import StrEnum


class TimelineEvent(StrEnum):
    """What happened to a request without changing its status."""

    CREATED = "created"
    COMMENT = "comment"
    MESSAGE = "message"
    ASSIGNED = "assigned"
    CONFLICT_DECLARED = "conflict_declared"
    CONSULTED = "consulted"
    CONSULTATION_ANSWERED = "consultation_answered"
    GOVERNMENT_CONSULTED = "government_consulted"
    FEDERAL_GOVERNMENT_CONSULTED = "federal_government_consulted"
    CONSULTATION_WITHDRAWN = "consultation_withdrawn"
    CATEGORY_SETTLED = "category_settled"
    INFORMATION_REMINDER = "information_reminder"
    SPONSOR_SET = "sponsor_set"
    SIGNATORY_CHOSEN = "signatory_chosen"
    PROMOTION_STARTED = "promotion_started"
    RENEWAL_STARTED = "renewal_started"
    UPLOAD_DRAFT = "upload_draft"
    RETURN_DRAFT = "return_draft"

    @property
    def label(self) -> str:
        """Return the timeline's heading for the entry."""
        return TIMELINE_LABELS.get(self, self.value.replace("_", " ").capitalize())


TIMELINE_LABELS: dict[TimelineEvent, str] = {
    TimelineEvent.CREATED: "Draft started",
    TimelineEvent.COMMENT: "Internal comment",
    TimelineEvent.MESSAGE: "Message from the City Clerk's Office",
    TimelineEvent.ASSIGNED: "Assigned",
    TimelineEvent.CONFLICT_DECLARED: "Conflict of interest declaration",
    TimelineEvent.CONSULTED: "Consultation asked",
    TimelineEvent.CONSULTATION_ANSWERED: "Consultation answered",
    TimelineEvent.GOVERNMENT_CONSULTED: "Consultation with another government",
    TimelineEvent.FEDERAL_GOVERNMENT_CONSULTED: "Consultation with the federal government",
    TimelineEvent.CONSULTATION_WITHDRAWN: "Consultation withdrawn",
    TimelineEvent.CATEGORY_SETTLED: "Category settled",
    TimelineEvent.INFORMATION_REMINDER: "Reminder sent",
    TimelineEvent.SPONSOR_SET: "Sponsoring division set",
    TimelineEvent.SIGNATORY_CHOSEN: "Signatory chosen",
}
