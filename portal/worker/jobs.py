"""Run each scheduled job, and every due one in turn under its lease.

Each job commits its own work: mail batch by batch, the registry's and the requests' once
their run is done. A job that fails is rolled back, logged and tried again after
``RETRY_AFTER_FAILURE``; the others still run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from portal.extensions import db
from portal.mail import SendReport, send_pending
from portal.models._types import utcnow
from portal.policy.schedule import LEASE, Job, next_run
from portal.worker import leases

log = logging.getLogger("portal.worker")

MAIL_BATCH = 100


def deliver_outbox(batch: int = MAIL_BATCH) -> SendReport:
    """Send every due message of the outbox, committing after each batch.

    Each batch is saved once sent, so a crash resends one batch at most. Raises
    ``MailSettingsError`` when the MAIL_* settings contradict each other.
    """
    total = SendReport()
    while True:
        report = send_pending(limit=batch)
        db.session.commit()
        total.sent += report.sent
        total.failed += report.failed
        total.waiting, total.configured, total.error = (
            report.waiting, report.configured, report.error)
        # A short batch means nothing more is due; failed messages wait for their next try.
        if not report.configured or report.error or report.sent + report.failed < batch:
            return total


def send_mail(today: date) -> list[str]:
    """Send the outbox's due messages; say what was sent."""
    report = deliver_outbox()
    if not report.configured:
        return [f"SMTP is not configured: nothing sent, {report.waiting} waiting."]
    return [report.summary()] + ([f"Error: {report.error}"] if report.error else [])


def expire_agreements(today: date) -> list[str]:
    """Expire ended agreements and write the registry's reminders due, once each."""
    from portal.registry import services

    report = services.run_scheduled(today, services.review_window_days())
    db.session.commit()
    return report.lines()


def remind_unanswered(today: date) -> list[str]:
    """Remind cities of questions left unanswered too long, once each."""
    from portal.review import reminders

    reminded = reminders.remind_unanswered(today)
    db.session.commit()
    return [f"Reminded {len(reminded)} submitter(s)."]


RUNNERS: dict[Job, Callable[[date], list[str]]] = {
    Job.SEND_MAIL: send_mail,
    Job.EXPIRE_AGREEMENTS: expire_agreements,
    Job.REMIND_UNANSWERED: remind_unanswered,
}


@dataclass
class Worker:
    """One worker: a holder name, and the runs it made."""

    holder: str = field(default_factory=leases.new_holder)

    def run_due(self, today: date | None = None) -> dict[Job, list[str]]:
        """Run each job that is due and not held by another worker; return what each did."""
        done: dict[Job, list[str]] = {}
        for job in Job:
            if not leases.take(job.value, self.holder, utcnow(), LEASE):
                continue
            failed = False
            try:
                done[job] = RUNNERS[job](today or date.today())
            except Exception:  # the worker outlives a bad run: log it, retry it soon
                db.session.rollback()
                log.exception("Scheduled job %s failed", job.value)
                done[job], failed = ["Failed: see the log."], True
            finished = utcnow()
            leases.give_back(job.value, self.holder, finished, next_run(job, finished, failed))
            for line in done[job]:
                log.info("%s: %s", job.value, line)
        return done

    def run_until(self, stop: threading.Event, poll_seconds: float) -> None:
        """Run the due jobs every ``poll_seconds`` until ``stop`` is set."""
        while not stop.is_set():
            self.run_due()
            db.session.remove()  # a fresh session each pass: nothing stale between runs
            stop.wait(poll_seconds)
