"""Gather what a signing authority reads before deciding: the recommendation, score, risks.

The home page lists these for every request awaiting the person's decision, and the
confirmation page restates them above the form, so both read the same brief.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.assessment import services as assessment
from portal.extensions import db
from portal.models import Assessment, EngagementRequest, RequestEvent
from portal.policy.lifecycle import Action
from portal.policy.risk import RiskNote
from portal.policy.signatories import Signatory


@dataclass(frozen=True)
class DecisionBrief:
    """A recommended request as its signing authority reads it before deciding."""

    req: EngagementRequest
    signatory: Signatory | None
    unknown_reason: str
    recommendation: RequestEvent | None
    assessment: Assessment | None
    risks: list[RiskNote]


def recommendation_of(req: EngagementRequest) -> RequestEvent | None:
    """Return the reviewer's latest recommendation of ``req``, with its reasons."""
    return db.session.scalars(
        select(RequestEvent).where(RequestEvent.request_id == req.id,
                                   RequestEvent.action == Action.RECOMMEND.value)
        .order_by(RequestEvent.at.desc(), RequestEvent.id.desc()).limit(1)).first()


def decision_brief(req: EngagementRequest) -> DecisionBrief:
    """Return the brief of ``req``: who decides and why, the recommendation, score, risks."""
    answer = assessment.signatory(req)
    return DecisionBrief(req=req, signatory=answer.signatory,
                         unknown_reason=answer.unknown_reason or "",
                         recommendation=recommendation_of(req),
                         assessment=assessment.current_assessment(req),
                         risks=assessment.risks(req))
