"""Scheduled work of the registry: record expiries and write the reminders due, once each.

An agreement's state is derived from its dates, so nothing here is needed for it to come into
force or to show as expired; the nightly run records the expiry in the agreement's history
(and stores the decision, so the record reads the same if the dates are later corrected),
then writes the "review due" and "report due" reminders, each at most once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import render_template
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import notifications
from portal.extensions import db
from portal.languages import in_language_of
from portal.models import Agreement, OutcomeReport, ReminderSent, User
from portal.policy.agreement_states import (
    AgreementState,
    is_review_due,
    report_year_due,
    status_on,
)
from portal.policy.agreements import (
    DEFAULT_REVIEW_WINDOW_DAYS,
    AgreementEventKind,
    AgreementStatus,
)
from portal.policy.phrases import P_
from portal.registry.follow_up import LEAD_DIVISION_ROLES
from portal.registry.records import record_event


@dataclass
class ScheduledReport:
    """What one run of the scheduled job did."""

    expired: list[Agreement] = field(default_factory=list)
    review_reminders: list[tuple[Agreement, int]] = field(default_factory=list)
    report_reminders: list[tuple[Agreement, int, int]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Return whether the run changed anything."""
        return bool(self.expired or self.review_reminders or self.report_reminders)

    def lines(self) -> list[str]:
        """Return a line per thing done, for the command's output."""
        lines = [f"Expired: {a.counterpart_name} (agreement {a.id}, ended "
                 f"{a.end_date.isoformat() if a.end_date else '?'})" for a in self.expired]
        lines += [f"Review due reminder: {a.counterpart_name} (agreement {a.id}) to {n} "
                  f"reviewer(s)" for a, n in self.review_reminders]
        lines += [f"Report due reminder: {a.counterpart_name} (agreement {a.id}), {year}, to "
                  f"{n} person(s)" for a, year, n in self.report_reminders]
        lines.append(f"{len(self.expired)} expired, {len(self.review_reminders)} review and "
                     f"{len(self.report_reminders)} report reminder(s) written.")
        return lines


def run_scheduled(today: date, window_days: int = DEFAULT_REVIEW_WINDOW_DAYS,
                  ) -> ScheduledReport:
    """Expire agreements past their end and write the reminders due; never anything twice."""
    report = ScheduledReport()
    active = list(db.session.scalars(select(Agreement).where(
        Agreement.status == AgreementStatus.ACTIVE.value, Agreement.end_date.is_not(None))
        .order_by(Agreement.end_date, Agreement.id)))
    for agreement in active:
        if status_on(agreement.dates, today, window_days) is AgreementState.EXPIRED:
            agreement.status = AgreementStatus.EXPIRED.value
            record_event(agreement, AgreementEventKind.EXPIRED, None, P_(
                "Expired at its end date, %(end)s.", end=agreement.end_date or ""))
            report.expired.append(agreement)
        elif is_review_due(agreement.dates, today, window_days):
            sent = _remind_review(agreement)
            if sent:
                report.review_reminders.append((agreement, sent))
    for agreement, year in reports_due(today):
        sent = _remind_report(agreement, year)
        if sent:
            report.report_reminders.append((agreement, year, sent))
    db.session.flush()
    return report


def reports_due(today: date) -> list[tuple[Agreement, int]]:
    """Return each agreement owing an annual outcome report, with the year it is owed for."""
    candidates = list(db.session.scalars(select(Agreement).where(
        Agreement.status.in_([AgreementStatus.ACTIVE.value, AgreementStatus.EXPIRED.value,
                              AgreementStatus.RENEWED.value]),
        Agreement.start_date.is_not(None)).order_by(Agreement.id)))
    reported: dict[int, set[int]] = {}
    for agreement_id, year in db.session.execute(select(
            OutcomeReport.agreement_id, OutcomeReport.year).where(
            OutcomeReport.year == today.year - 1)):
        reported.setdefault(agreement_id, set()).add(year)
    due = []
    for agreement in candidates:
        year = report_year_due(agreement.dates, today, reported.get(agreement.id, set()))
        if year is not None:
            due.append((agreement, year))
    return due


def _claim(agreement: Agreement, kind: str, period: str) -> bool:
    """Record that a reminder is written; False when it already was (by any run)."""
    exists = db.session.scalar(select(ReminderSent.id).where(
        ReminderSent.agreement_id == agreement.id, ReminderSent.kind == kind,
        ReminderSent.period == period))
    if exists is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(ReminderSent(agreement_id=agreement.id, kind=kind, period=period))
    except IntegrityError:  # a run at the same moment wrote it first
        return False
    return True


def _active_users(*conditions: Any) -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True), *conditions)
                                   .order_by(User.id)))


def _remind(kind: str, recipients: list[User], agreement: Agreement, subject: LazyString,
            text: LazyString) -> int:
    """Queue a reminder to each recipient, in their own language."""
    link = notifications.external_url("registry.agreement", agreement_id=agreement.id)
    for user in recipients:
        with in_language_of(user):
            body = render_template("registry/reminder.txt", agreement=agreement,
                                   text=str(text), link=link)
            notifications.queue_message(kind, user.email, str(subject), body)
    return len(recipients)


def _remind_review(agreement: Agreement) -> int:
    reviewers = User.active_cco_reviewers()
    assert agreement.end_date is not None
    if not reviewers or not _claim(agreement, "review_due", agreement.end_date.isoformat()):
        return 0
    return _remind("review_due", reviewers, agreement, _l(
        "Review due: the agreement with %(city)s ends on %(end)s",
        city=agreement.counterpart_name, end=agreement.end_date.isoformat()), _l(
        "The agreement with %(city)s ends on %(end)s. Record its periodic review: what it "
        "achieved and whether it should be promoted, renewed or left to expire.",
        city=agreement.counterpart_name, end=agreement.end_date.isoformat()))


def _remind_report(agreement: Agreement, year: int) -> int:
    if agreement.lead_division_id is None:
        return 0
    staff = _active_users(User.division_id == agreement.lead_division_id,
                          User.role.in_([r.value for r in LEAD_DIVISION_ROLES]))
    if not staff or not _claim(agreement, "report_due", str(year)):
        return 0
    return _remind("report_due", staff, agreement, _l(
        "Outcome report for %(year)s due: the agreement with %(city)s",
        year=year, city=agreement.counterpart_name), _l(
        "Your division leads the agreement with %(city)s. Record its outcome report for "
        "%(year)s: the progress made against each outcome indicator.",
        city=agreement.counterpart_name, year=year))
