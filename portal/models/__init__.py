"""Gather the portal's models so Alembic and the app see every table."""

from portal.models.accounts import Division, User
from portal.models.agreements import (
    Agreement,
    AgreementDraft,
    AgreementEvent,
    AgreementReview,
    AgreementTemplate,
    OutcomeReport,
    ReminderSent,
)
from portal.models.api_tokens import ApiToken
from portal.models.assessment import (
    Assessment,
    CriterionScoreRecord,
    RubricVersion,
    Setting,
)
from portal.models.audit import AuditEntry, ConflictDeclaration, Consultation, RequestEvent
from portal.models.cities import CounterpartCity
from portal.models.closures import Closure
from portal.models.jobs import JobLease
from portal.models.notifications import OutboxMessage
from portal.models.requests import (
    Document,
    EngagementRequest,
    Outcome,
    ReferenceCounter,
    RequestStatusCount,
)

__all__ = [
    "Agreement",
    "ApiToken",
    "AgreementDraft",
    "AgreementEvent",
    "AgreementReview",
    "OutcomeReport",
    "ReminderSent",
    "AgreementTemplate",
    "Assessment",
    "CriterionScoreRecord",
    "RubricVersion",
    "Setting",
    "AuditEntry",
    "ConflictDeclaration",
    "Consultation",
    "Closure",
    "CounterpartCity",
    "Division",
    "Document",
    "EngagementRequest",
    "JobLease",
    "OutboxMessage",
    "Outcome",
    "ReferenceCounter",
    "RequestEvent",
    "RequestStatusCount",
    "User",
]
