"""Tell a reviewer what changed while their page was open: a criterion's score, the concern.

The sentences are the policy's (``portal.policy.changed_since``); this reads what they name.
"""

from __future__ import annotations

from portal.models import CriterionScoreRecord, EngagementRequest
from portal.policy import changed_since


def score_changed_since(record: CriterionScoreRecord) -> str:
    """Return the sentence telling a reviewer what a criterion's score is now, and by whom."""
    return changed_since.score_changed(record.reviewer_score,
                                       record.reviewed_by.name if record.reviewed_by else None,
                                       record.justification)


def concern_changed_since(req: EngagementRequest) -> str:
    """Return the sentence telling a reviewer what the request's concern is now."""
    return changed_since.concern_changed((req.reputational_concern or "").strip())
