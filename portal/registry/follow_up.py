"""Follow-up of an agreement: periodic reviews, yearly outcome reports, and termination.

Who may review, report or terminate, and when (only years in force are reported; only an
agreement in force is terminated, on 90 days' notice) is asked of ``policy.agreement_states``;
this module stores what people record and writes it to the agreement's history. It flushes
and never commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import Agreement, AgreementReview, OutcomeReport, User
from portal.models._types import utcnow
from portal.policy.agreement_states import (
    AgreementAction,
    notice_date_refusal,
    termination_end,
    years_in_force,
)
from portal.policy.agreements import (
    AgreementEventKind,
    AgreementStatus,
    Recommendation,
    recommendations_for,
)
from portal.policy.phrases import N_, P_
from portal.policy.refusals import Refused
from portal.policy.roles import Role
from portal.registry.records import record_event
from portal.registry.succession import state_refusal

LEAD_DIVISION_ROLES = (Role.DIVISION_STAFF, Role.SUPPORTING_REVIEWER)


class AgreementChangeRefused(Refused):
    """The change cannot be made to the agreement; the message says why, for staff to read."""


def can_review(user: User, agreement: Agreement) -> bool:
    """Return whether ``user`` may record a periodic review: a CCO reviewer, of a live one."""
    return (user.role_enum is Role.CCO_REVIEWER
            and state_refusal(AgreementAction.REVIEW, agreement) is None)


def can_report(user: User, agreement: Agreement) -> bool:
    """Return whether ``user`` may record an annual outcome report on ``agreement``.

    The lead division's staff report on their agreement; a CCO reviewer may report for any
    (an agreement from before the portal has no lead division). Historical agreements
    predate the reports, and one not yet in force has nothing to report.
    """
    if state_refusal(AgreementAction.REPORT, agreement) is not None:
        return False
    if user.role_enum is Role.CCO_REVIEWER:
        return True
    return (user.role_enum in LEAD_DIVISION_ROLES and user.division_id is not None
            and user.division_id == agreement.lead_division_id)


def can_terminate(user: User, agreement: Agreement) -> bool:
    """Return whether ``user`` may give notice of termination: a CCO reviewer, while in force."""
    return (user.role_enum is Role.CCO_REVIEWER
            and state_refusal(AgreementAction.TERMINATE, agreement) is None)


def terminate(agreement: Agreement, actor: User, notice_on: date, reason: str,
              today: date | None = None) -> None:
    """Record notice of termination: the agreement ends 90 days after ``notice_on``."""
    today = today or date.today()
    if actor.role_enum is not Role.CCO_REVIEWER:
        raise AgreementChangeRefused(N_("Only a CCO reviewer gives notice of termination."))
    refused = state_refusal(AgreementAction.TERMINATE, agreement, today) or \
        notice_date_refusal(notice_on, agreement.start_date, today)
    if refused is not None:
        raise AgreementChangeRefused(refused)
    agreement.status = AgreementStatus.TERMINATED.value
    agreement.termination_notice_on = notice_on
    agreement.terminates_on = termination_end(notice_on, agreement.end_date)
    agreement.termination_reason = reason
    db.session.flush()
    # Phrases, stored as such: each reader of the history reads the note in their language.
    record_event(agreement, AgreementEventKind.TERMINATED, actor, P_(
        "Notice given on %(notice)s; it ends on %(end)s. Reason: %(reason)s",
        notice=notice_on, end=agreement.terminates_on, reason=reason))


def report_years(agreement: Agreement, today: date) -> list[int]:
    """Return the years an outcome report may be recorded for (years in force), newest first."""
    return years_in_force(agreement.dates, today, agreement.established_year)


def record_review(agreement: Agreement, actor: User, achievements: Sequence[Mapping[str, str]],
                  summary: str, recommendation: Recommendation) -> AgreementReview:
    """Record a periodic review: what each outcome achieved, a summary, a recommendation."""
    if not can_review(actor, agreement):
        raise PermissionError("only CCO reviewers review agreements in force or just expired")
    if recommendation not in recommendations_for(agreement.category_enum):
        raise ValueError(f"{recommendation} is not open to this agreement")
    review = AgreementReview(agreement_id=agreement.id, outcomes_achieved=[
        dict(row) for row in achievements], summary=summary,
        recommendation=recommendation.value, reviewed_by_id=actor.id)
    db.session.add(review)
    db.session.flush()
    record_event(agreement, AgreementEventKind.REVIEWED, actor, P_("Recommendation: %(r)s.",
                                                                r=recommendation.label))
    return review


def reviews_of(agreement: Agreement) -> list[AgreementReview]:
    """Return ``agreement``'s periodic reviews, newest first."""
    return list(db.session.scalars(select(AgreementReview).where(
        AgreementReview.agreement_id == agreement.id)
        .order_by(AgreementReview.reviewed_at.desc(), AgreementReview.id.desc())))


def report_for(agreement: Agreement, year: int) -> OutcomeReport | None:
    """Return ``agreement``'s outcome report for ``year``, if recorded."""
    return db.session.scalars(select(OutcomeReport).where(
        OutcomeReport.agreement_id == agreement.id, OutcomeReport.year == year)).first()


def reports_of(agreement: Agreement) -> list[OutcomeReport]:
    """Return ``agreement``'s outcome reports, newest year first."""
    return list(db.session.scalars(select(OutcomeReport).where(
        OutcomeReport.agreement_id == agreement.id).order_by(OutcomeReport.year.desc())))


def save_report(agreement: Agreement, actor: User, year: int,
                entries: Sequence[Mapping[str, str]]) -> OutcomeReport:
    """Record the year's progress against each outcome indicator; again, replace that year's."""
    if not can_report(actor, agreement):
        raise PermissionError("only the lead division or a CCO reviewer reports")
    report = report_for(agreement, year)
    if report is None:
        report = OutcomeReport(agreement_id=agreement.id, year=year)
        db.session.add(report)
        note = P_("Report for %(year)s recorded.", year=str(year))
    else:
        note = P_("Report for %(year)s changed.", year=str(year))
    report.entries = [dict(row) for row in entries]
    report.reported_by_id = actor.id
    report.reported_at = utcnow()
    db.session.flush()
    record_event(agreement, AgreementEventKind.REPORTED, actor, note)
    return report


