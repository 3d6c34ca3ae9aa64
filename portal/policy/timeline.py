"""Name the entries of a request's timeline that do not change its status.

A change of status is named by its ``lifecycle.Action``; every other entry (a comment, a
consultation, a signatory chosen) is one of these. The stored value is the enum's string, so
the database keeps the same words; each has the heading the timeline shows.
"""

from __future__ import annotations

from enum import StrEnum

from portal.policy.phrases import N_, Phrase


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
    def label(self) -> Phrase:
        """Return the timeline's heading for the entry."""
        return TIMELINE_LABELS[self]


TIMELINE_LABELS: dict[TimelineEvent, Phrase] = {
    TimelineEvent.CREATED: N_("Draft started"),
    TimelineEvent.COMMENT: N_("Internal comment"),
    TimelineEvent.MESSAGE: N_("Message from the City Clerk's Office"),
    TimelineEvent.ASSIGNED: N_("Assigned"),
    TimelineEvent.CONFLICT_DECLARED: N_("Conflict of interest declaration"),
    TimelineEvent.CONSULTED: N_("Consultation asked"),
    TimelineEvent.CONSULTATION_ANSWERED: N_("Consultation answered"),
    TimelineEvent.GOVERNMENT_CONSULTED: N_("Consultation with another government"),
    TimelineEvent.FEDERAL_GOVERNMENT_CONSULTED: N_("Consultation with the federal government"),
    TimelineEvent.CONSULTATION_WITHDRAWN: N_("Consultation withdrawn"),
    TimelineEvent.CATEGORY_SETTLED: N_("Category settled"),
    TimelineEvent.INFORMATION_REMINDER: N_("Reminder sent"),
    TimelineEvent.SPONSOR_SET: N_("Sponsoring division set"),
    TimelineEvent.SIGNATORY_CHOSEN: N_("Signatory chosen"),
    TimelineEvent.PROMOTION_STARTED: N_("Promotion started"),
    TimelineEvent.RENEWAL_STARTED: N_("Renewal started"),
    TimelineEvent.UPLOAD_DRAFT: N_("Edited version uploaded"),
    TimelineEvent.RETURN_DRAFT: N_("Draft returned with changes requested"),
}
