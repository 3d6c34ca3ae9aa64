"""The worker runs the scheduled jobs on any number of hosts, each job once at a time.

Two workers, each its own app and connection, run the jobs at once on one database: each
reminder is written once and each message reaches the mail server once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import func, select, update

from portal import create_app
from portal.extensions import db
from portal.models import JobLease, OutboxMessage, ReminderSent
from portal.models._types import utcnow
from portal.policy.agreements import AgreementStatus
from portal.policy.lifecycle import Action
from portal.policy.roles import Role
from portal.policy.schedule import LEASE, Job
from portal.review import services as review
from portal.worker import leases
from portal.worker.jobs import Worker
from tests.factories import advance, submitted_request
from tests.test_mail import Inbox, free_port

TODAY = date(2027, 6, 15)
NOW = datetime(2027, 6, 15, 2, 15)


def lease_of(job: Job) -> JobLease | None:
    db.session.expire_all()
    return db.session.get(JobLease, job.value)


def count_outbox(kind: str | None = None) -> int:
    query = select(func.count(OutboxMessage.id))
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return db.session.scalar(query) or 0


# The lease --------------------------------------------------------------------------------

def test_the_first_worker_takes_a_new_jobs_lease_and_a_second_is_refused(app):
    assert leases.take("send-mail", "host-a", NOW, LEASE)
    assert not leases.take("send-mail", "host-b", NOW + timedelta(minutes=1), LEASE)
    assert lease_of(Job.SEND_MAIL).holder == "host-a"


def test_the_holder_renews_its_lease(app):
    assert leases.take("send-mail", "host-a", NOW, LEASE)
    assert leases.take("send-mail", "host-a", NOW + timedelta(minutes=5), LEASE)
    assert lease_of(Job.SEND_MAIL).expires_at == NOW + timedelta(minutes=5) + LEASE


def test_a_lease_left_by_a_dead_host_is_taken_over_once_it_expires(app):
    assert leases.take("send-mail", "host-a", NOW, LEASE)  # and host-a dies mid-run
    assert not leases.take("send-mail", "host-b", NOW + LEASE - timedelta(seconds=1), LEASE)
    assert leases.take("send-mail", "host-b", NOW + LEASE + timedelta(seconds=1), LEASE)
    assert lease_of(Job.SEND_MAIL).holder == "host-b"


def test_a_lease_given_back_is_free_only_once_the_job_is_due_again(app):
    assert leases.take("send-mail", "host-a", NOW, LEASE)
    leases.give_back("send-mail", "host-a", NOW, NOW + timedelta(minutes=1))
    assert lease_of(Job.SEND_MAIL).holder is None
    assert not leases.take("send-mail", "host-b", NOW + timedelta(seconds=30), LEASE)
    assert leases.take("send-mail", "host-b", NOW + timedelta(seconds=61), LEASE)


def test_a_host_that_lost_its_lease_cannot_give_back_anothers(app):
    assert leases.take("send-mail", "host-a", NOW, LEASE)
    assert leases.take("send-mail", "host-b", NOW + LEASE * 2, LEASE)
    leases.give_back("send-mail", "host-a", NOW + LEASE * 2, NOW + LEASE * 3)
    assert lease_of(Job.SEND_MAIL).holder == "host-b"


# The command ------------------------------------------------------------------------------

def test_worker_once_runs_every_job_then_finds_none_due(app, runner):
    first = runner.invoke(args=["worker", "--once", "--today", TODAY.isoformat()])
    assert first.exit_code == 0, first.output
    assert "agreements-expire: 0 expired" in first.output
    assert "requests-remind: Reminded 0 submitter(s)." in first.output
    assert "send-mail: SMTP is not configured" in first.output

    second = runner.invoke(args=["worker", "--once"])
    assert second.exit_code == 0 and second.output.strip() == "No job was due."

    status = runner.invoke(args=["worker-status"])
    assert status.exit_code == 0
    assert [line.split(":")[0] for line in status.output.splitlines()] == [
        "agreements-expire", "requests-remind", "send-mail"]
    assert "due at" in status.output and "last finished never" not in status.output


def test_worker_today_goes_only_with_once(app, runner):
    result = runner.invoke(args=["worker", "--today", TODAY.isoformat()])
    assert result.exit_code == 2 and "--today goes with --once" in result.output


def test_a_failing_job_is_logged_and_the_others_still_run(app, runner, caplog):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_USE_TLS=True, MAIL_USE_SSL=True)
    result = runner.invoke(args=["worker", "--once", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "send-mail: Failed: see the log." in result.output
    assert "requests-remind: Reminded 0" in result.output
    assert "MAIL_USE_TLS (STARTTLS) and MAIL_USE_SSL cannot both be set" in caplog.text
    # Tried again soon, not in an hour.
    assert lease_of(Job.SEND_MAIL).expires_at <= utcnow() + timedelta(minutes=5)


# Two workers on one database --------------------------------------------------------------

@pytest.fixture()
def inbox(app: Flask) -> Iterator[tuple[Inbox, dict[str, object]]]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port,
            "MAIL_SENDER": "international@toronto.example", "MAIL_TIMEOUT": 5}
    app.config.update(mail)
    try:
        yield handler, mail
    finally:
        controller.stop()


def worker_app(database_url: str, mail: dict[str, object]) -> Flask:
    """Return another host's app on the same database: its own engine and connections."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                       "SECRET_KEY": "test-secret", "PUBLIC_BASE_URL": "http://portal.test",
                       **mail})


def run_at_once(apps: list[Flask]) -> list[dict[Job, list[str]]]:
    """Run one pass of a worker in each app, all starting together."""
    start = threading.Barrier(len(apps))
    results: list[dict[Job, list[str]]] = [{} for _ in apps]
    errors: list[BaseException] = []

    def run(index: int, host: Flask) -> None:
        try:
            with host.app_context():
                start.wait(timeout=30)
                results[index] = Worker().run_due()
                db.session.remove()
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, host)) for i, host in enumerate(apps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def work_to_do(make_staff, make_city_user) -> None:
    """Leave a question unanswered for a month, an agreement due for review, a receipt."""
    from portal.geography import find_or_create_city
    from portal.models import Agreement

    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    make_staff("omar@toronto.example", Role.CCO_REVIEWER, "CCO")
    req = submitted_request(make_city_user())
    advance(req, reviewer, Action.START_TRIAGE, Action.START_REVIEW)
    review.request_information(req, reviewer, "Which schools take part?")
    # Dates from the real clock: the reminder records when it was sent by it.
    req.status_changed_at = utcnow() - timedelta(days=40)
    db.session.add(Agreement(
        counterpart_name="Riga", counterpart_city=find_or_create_city("Riga", "LV"),
        country_code="LV", category="partnership_city", status=AgreementStatus.ACTIVE.value,
        established_year=2023, start_date=date(2023, 1, 1), end_date=date.today() + timedelta(30)))
    db.session.commit()


@pytest.mark.real_commits  # two more apps, each on its own connections, read the commits
def test_two_workers_at_once_send_each_reminder_and_each_message_once(
        app, database_url, inbox, make_staff, make_city_user):
    handler, mail = inbox
    work_to_do(make_staff, make_city_user)
    queued_before = count_outbox()
    hosts = [worker_app(database_url, mail), worker_app(database_url, mail)]
    try:
        first = run_at_once(hosts)
        # Every job ran, each on one host only.
        ran = [job for result in first for job in result]
        assert sorted(ran) == sorted(Job)
        # An hour later every job is due again, and both hosts run the pass again.
        with app.app_context():
            db.session.execute(update(JobLease).values(expires_at=utcnow() - timedelta(1)))
            db.session.commit()
        second = run_at_once(hosts)
        assert sorted(job for result in second for job in result) == sorted(Job)
    finally:
        for host in hosts:
            with host.app_context():
                db.engine.dispose()

    db.session.expire_all()
    assert count_outbox("information_reminder") == 1
    assert count_outbox("review_due") == 2  # one to each reviewer
    assert db.session.scalar(select(func.count(ReminderSent.id)).where(
        ReminderSent.kind == "review_due")) == 1
    total = count_outbox()
    assert total == queued_before + 3
    # Every message, the receipts queued before and the reminders, reached the server once.
    ids = [email["Message-ID"] for email in handler.received]
    assert len(ids) == len(set(ids)) == total
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.sent_at.is_(None))) == 0
    assert sorted(email["To"] for email in handler.received
                  if "Review due" in email["Subject"]) == [
        "omar@toronto.example", "rosa@toronto.example"]


@pytest.mark.real_commits  # the loop runs on another app, in a thread
def test_the_worker_loop_runs_the_jobs_and_stops_when_asked(app, database_url):
    host = worker_app(database_url, {})
    stop = threading.Event()

    def loop() -> None:
        with host.app_context():
            Worker().run_until(stop, poll_seconds=0.05)
            db.engine.dispose()

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        for _ in range(600):  # until the first pass has given every lease back
            db.session.expire_all()
            done = db.session.scalars(select(JobLease).where(
                JobLease.last_finished_at.is_not(None))).all()
            if len(done) == len(Job):
                break
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert sorted(lease.name for lease in done) == sorted(job.value for job in Job)
    assert all(lease.holder is None for lease in done)
