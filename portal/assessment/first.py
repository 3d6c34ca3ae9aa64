"""Write a submitted request's first assessment and its criteria at once, through Core.

A submission writes its rows without the unit of work's flush (``intake.services.submit``):
the assessment is inserted as a row, not added to the session as an object.
"""

from __future__ import annotations

from sqlalchemy import insert

from portal.assessment.services import ProposedScores, store_scores
from portal.database import write
from portal.models import Assessment, EngagementRequest

# Built once: SQLAlchemy then computes its cache key once (portal.database says why).
_ADD_ASSESSMENT = insert(Assessment.__table__)


def write_first_assessment(req: EngagementRequest, proposed: ProposedScores) -> float:
    """Write ``proposed`` (proposed ``first``) as ``req``'s current assessment; return its total.

    The caller writes the total on the request with its other changes: the queue sorts by
    the request's copy, which ``portal.assessment`` otherwise keeps.
    """
    written = write(_ADD_ASSESSMENT, {
        "request_id": req.id, "rubric_version_id": proposed.version_id, "is_current": True,
        "total_percent": proposed.total_percent, "band": proposed.band})
    store_scores(written.inserted_primary_key[0], proposed)
    return proposed.total_percent
