"""Describe what the read API answers, as pydantic models: their JSON Schemas are the document's.

Pydantic v2 writes JSON Schema 2020-12, the dialect OpenAPI 3.1 uses, so each model's
schema goes into ``components/schemas`` unchanged (``portal.api.openapi``), and each answer
is built by the same model it is described by: the document cannot drift from the code.
Times are UTC with their offset (RFC 3339), as the schema's ``date-time`` format requires.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from portal.models import Assessment, EngagementRequest, RequestEvent
from portal.review.queue_rows import QueuedRequest


def utc(moment: datetime | None) -> datetime | None:
    """Return a stored (naive, UTC) time with its offset said."""
    return moment.replace(tzinfo=UTC) if moment is not None else None


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(_Answer):
    """An error: its HTTP status code, a title and a sentence saying what to do."""

    code: int
    title: str
    message: str


class Paging(_Answer):
    """Where a page stands among the matches."""

    page: int = Field(ge=1)
    per_page: int = Field(ge=1)
    total: int = Field(ge=0)
    pages: int = Field(ge=1)


class PublicAgreement(_Answer):
    """An agreement as anyone may read it: the open data's fields (``policy.open_data``)."""

    id: str
    name: str
    country: str
    country_code: str | None
    category: str | None
    category_code: str | None
    status: str
    status_code: str
    city_to_city: bool
    established_year: int | None
    start_date: date | None
    end_date: date | None
    lead_division: str | None


class AgreementPage(_Answer):
    """A page of the public registry."""

    items: list[PublicAgreement]
    paging: Paging


class RequestSummary(_Answer):
    """A request as the review queue lists it."""

    id: int
    reference: str | None
    title: str
    status: str
    origin: str
    category: str | None = Field(description="The category asked for; not_sure if undecided")
    counterpart_city: str | None
    country_code: str | None
    sponsoring_division: str | None
    submitted_at: AwareDatetime | None
    status_changed_at: AwareDatetime

    @classmethod
    def of(cls, req: EngagementRequest) -> RequestSummary:
        """Return ``req``'s summary."""
        city = req.counterpart_city
        return cls(
            id=req.id, reference=req.reference, title=req.title, status=req.status,
            origin=req.origin, category=req.requested_category,
            counterpart_city=city.name if city else None,
            country_code=(city.country_code or None) if city else None,
            sponsoring_division=req.sponsoring_division.name if req.sponsoring_division
            else None, submitted_at=utc(req.submitted_at),
            status_changed_at=utc(req.status_changed_at))  # type: ignore[arg-type]

    @classmethod
    def of_row(cls, req: QueuedRequest) -> RequestSummary:
        """Return the summary of a request as a queue row read it."""
        return cls(
            id=req.id, reference=req.reference, title=req.title, status=req.status,
            origin=req.origin, category=req.requested_category,
            counterpart_city=req.city_name, country_code=req.country_code or None,
            sponsoring_division=req.division_name, submitted_at=utc(req.submitted_at),
            status_changed_at=utc(req.status_changed_at))  # type: ignore[arg-type]


class RequestPage(_Answer):
    """A page of the requests the token's user may see, filtered like the queue."""

    items: list[RequestSummary]
    paging: Paging


class StatusChange(_Answer):
    """One move of a request from one status to another: when, and by which action."""

    at: AwareDatetime
    action: str
    from_status: str | None
    to_status: str

    @classmethod
    def of(cls, event: RequestEvent) -> StatusChange:
        """Return the status change ``event`` records."""
        return cls(at=utc(event.at), action=event.action,  # type: ignore[arg-type]
                   from_status=event.from_status, to_status=event.to_status or "")


class CriterionScore(_Answer):
    """One criterion of the rubric: the score proposed, and the reviewer's if given."""

    criterion: str
    proposed: int
    reviewer_score: int | None


class AssessmentView(_Answer):
    """The request's current assessment against the rubric."""

    total_percent: float
    band: str
    assessed_at: AwareDatetime
    criteria: list[CriterionScore]

    @classmethod
    def of(cls, scored: Assessment) -> AssessmentView:
        """Return ``scored`` as the API gives it."""
        return cls(total_percent=scored.total_percent, band=scored.band,
                   assessed_at=utc(scored.created_at),  # type: ignore[arg-type]
                   criteria=[CriterionScore(criterion=s.criterion_key, proposed=s.proposed,
                                            reviewer_score=s.reviewer_score)
                             for s in scored.scores])


class RequestDetail(_Answer):
    """A request, its status history (oldest first), and its current assessment.

    ``assessment`` is null when there is none, or when the token's user may not see the
    reviewers' work on the request (division staff on their own proposal).
    """

    request: RequestSummary
    status_history: list[StatusChange]
    assessment: AssessmentView | None


MODELS: tuple[type[BaseModel], ...] = (Problem, AgreementPage, RequestPage, RequestDetail)
"""The answers the document describes; the models they hold come along."""
