"""The registry's use cases, by job, under one name for the routes, commands and tests.

The work lives in modules by job: ``records`` (history, origin, window), ``listing`` (staff
and public registry), ``succession`` (promote, renew, signing), ``follow_up`` (reviews,
reports, termination) and ``scheduled`` (expiry records and reminders). Every rule they apply
is asked of ``portal.policy.agreement_states``. This module only re-exports them, so callers
written against the one module keep working.
"""

from __future__ import annotations

from portal.registry.follow_up import (
    LEAD_DIVISION_ROLES,
    AgreementChangeRefused,
    can_report,
    can_review,
    can_terminate,
    record_review,
    report_for,
    report_years,
    reports_of,
    reviews_of,
    save_report,
    terminate,
)
from portal.registry.listing import (
    CATEGORY_FILTERS,
    PER_PAGE,
    REVIEW_DUE,
    SORTS,
    STATUS_FILTER_LABELS,
    STATUS_FILTERS,
    PublicEntry,
    PublicRegistry,
    RegistryFilters,
    RegistryPage,
    RegistryRow,
    current_condition,
    own_city_agreements,
    parse_filters,
    public_registry,
    registry_page,
    row_for,
    state_sql,
    status_counts,
)
from portal.registry.records import (
    STAFF_ROLES,
    events_of,
    indicators_of,
    record_event,
    request_of,
    review_window_days,
    state_of,
    visible_request,
)
from portal.registry.scheduled import ScheduledReport, reports_due, run_scheduled
from portal.registry.succession import (
    CARRIED_ANSWERS,
    DIVISION_ANSWERS,
    OPEN_STATUSES,
    ProposalRefused,
    can_promote,
    can_renew,
    on_signed,
    open_successor,
    proposal_refused,
    start_promotion,
    start_renewal,
    state_refusal,
    successors,
)

__all__ = [
    "CARRIED_ANSWERS", "CATEGORY_FILTERS", "DIVISION_ANSWERS",
    "LEAD_DIVISION_ROLES", "OPEN_STATUSES", "PER_PAGE", "REVIEW_DUE", "SORTS", "STAFF_ROLES",
    "STATUS_FILTERS", "STATUS_FILTER_LABELS", "AgreementChangeRefused", "ProposalRefused",
    "PublicEntry", "PublicRegistry", "RegistryFilters", "RegistryPage", "RegistryRow",
    "ScheduledReport", "can_promote", "can_renew", "can_report", "can_review",
    "can_terminate", "current_condition", "events_of", "indicators_of", "on_signed",
    "open_successor", "own_city_agreements", "parse_filters", "proposal_refused",
    "public_registry", "record_event", "record_review", "registry_page", "report_for",
    "report_years", "reports_due", "reports_of", "request_of", "review_window_days",
    "reviews_of", "row_for", "run_scheduled", "save_report", "start_promotion",
    "start_renewal", "state_of", "state_refusal", "status_counts", "state_sql", "successors",
    "terminate", "visible_request",
]
