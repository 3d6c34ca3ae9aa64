"""Deliver the outbox by SMTP: the one place the portal talks to a mail server.

``send_pending`` sends every message that is due over one SMTP connection. A message the
server refuses is kept, counted and tried again later with a growing delay; a server that
cannot be reached leaves every message unsent with the error recorded. Nothing is deleted.
With no ``MAIL_SERVER`` configured nothing is sent and the messages stay in the outbox, where
an administrator reads them.

Settings (``portal/config.py``): ``MAIL_SERVER``, ``MAIL_PORT``, ``MAIL_USE_TLS`` (STARTTLS),
``MAIL_USE_SSL`` (SMTP over TLS), ``MAIL_USERNAME``, ``MAIL_PASSWORD``, ``MAIL_TIMEOUT`` and
``MAIL_SENDER`` (the From address).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, parseaddr
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, func, or_, select

from portal.extensions import db
from portal.models import OutboxMessage
from portal.models._types import utcnow

FIRST_RETRY_DELAY = timedelta(minutes=5)
LONGEST_RETRY_DELAY = timedelta(hours=24)
ERROR_LENGTH = 500  # what an administrator needs to read, not a whole server transcript
# Encode non-ASCII text (Київ, 重庆) so any server takes it, with or without 8BITMIME.
SEVEN_BIT = default_policy.clone(cte_type="7bit")

# The outbox filters an administrator can choose, by name.
DELIVERY_STATES = ("unsent", "failed", "sent")


class MailSettingsError(ValueError):
    """The MAIL_* settings contradict each other."""


@dataclass
class SendReport:
    """Say what one run of ``send_pending`` did."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0  # unsent and not tried in this run: due later, or beyond the batch
    configured: bool = True
    error: str = ""  # why the server could not be reached, when it could not

    def summary(self) -> str:
        """Return the counts as one line, for the command line."""
        return f"Sent {self.sent}, failed {self.failed}, waiting {self.waiting}"


def is_configured(config: Mapping[str, Any] | None = None) -> bool:
    """Return whether a mail server is configured."""
    settings = current_app.config if config is None else config
    return bool(settings.get("MAIL_SERVER"))


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait after the ``attempts``-th failed send: 5 min, 10, 20, ... 24 h."""
    doublings = min(max(attempts - 1, 0), 20)  # 5 min × 2^9 already exceeds a day
    return min(FIRST_RETRY_DELAY * 2**doublings, LONGEST_RETRY_DELAY)


def delivery_condition(state: str) -> ColumnElement[bool] | None:
    """Return the SQL condition selecting outbox messages in ``state``; None for any state."""
    if state == "unsent":
        return OutboxMessage.sent_at.is_(None)
    if state == "failed":
        return and_(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts > 0)
    if state == "sent":
        return OutboxMessage.sent_at.is_not(None)
    return None


def due_condition(now: datetime) -> ColumnElement[bool]:
    """Return the SQL condition selecting messages to send at ``now``."""
    return and_(OutboxMessage.sent_at.is_(None),
                or_(OutboxMessage.next_attempt_at.is_(None),
                    OutboxMessage.next_attempt_at <= now))


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """Return ``message`` as a plain-text email from ``sender``, UTF-8 where needed."""
    email = EmailMessage(policy=SEVEN_BIT)
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(datetime.now(UTC))
    # One Message-ID per outbox message: a resend after a crash reads as the same message.
    domain = parseaddr(sender)[1].rpartition("@")[2] or "iap-portal.invalid"
    email["Message-ID"] = (
        f"<outbox-{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>")
    email.set_content(message.body)
    return email


def send_pending(now: datetime | None = None, limit: int = 100) -> SendReport:
    """Send up to ``limit`` due messages over one SMTP connection; flush, never commit.

    ``now`` (naive UTC, as stored) decides which retries are due. On PostgreSQL the chosen
    rows stay locked until the caller commits, so two overlapping runs never send one
    message twice.
    """
    now = _as_stored(now or utcnow())
    config = current_app.config
    if not is_configured(config):
        return SendReport(configured=False, waiting=_count_unsent())
    if config.get("MAIL_USE_TLS") and config.get("MAIL_USE_SSL"):
        raise MailSettingsError("MAIL_USE_TLS (STARTTLS) and MAIL_USE_SSL cannot both be set.")
    messages = db.session.scalars(
        select(OutboxMessage).where(due_condition(now)).order_by(OutboxMessage.id)
        .limit(limit).with_for_update(skip_locked=True)).all()
    report = SendReport()
    if messages:
        _deliver(messages, config, now, report)
        db.session.flush()
    report.waiting = _count_unsent() - report.failed
    return report


def _deliver(messages: Sequence[OutboxMessage], config: Mapping[str, Any], now: datetime,
             report: SendReport) -> None:
    sender = config["MAIL_SENDER"]
    try:
        connection = _connect(config)
    except (OSError, smtplib.SMTPException) as error:  # refused, timed out, bad login, TLS
        report.error = _describe(error)
        for message in messages:
            _connection_failed(message, report)
        return
    try:
        for index, message in enumerate(messages):
            try:
                connection.send_message(build_email(message, sender))
            except (OSError, smtplib.SMTPException, ValueError) as error:
                _failed(message, _describe(error), now, report)
                if connection.sock is None:  # the server hung up: the rest wait for next run
                    report.error = "The mail server closed the connection."
                    for rest in messages[index + 1:]:
                        _connection_failed(rest, report)
                    return
            else:
                message.sent_at = now
                message.next_attempt_at = None
                report.sent += 1
    finally:
        _hang_up(connection)


def _connect(config: Mapping[str, Any]) -> smtplib.SMTP:
    host, port = str(config["MAIL_SERVER"]), int(config.get("MAIL_PORT") or 25)
    timeout = float(config.get("MAIL_TIMEOUT") or 10)
    connection: smtplib.SMTP
    if config.get("MAIL_USE_SSL"):
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                      context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config.get("MAIL_USE_TLS"):
            connection.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            # PORTAL_* variables that read as JSON arrive as numbers: a password may be one.
            connection.login(str(config["MAIL_USERNAME"]), str(config.get("MAIL_PASSWORD") or ""))
    except BaseException:
        connection.close()
        raise
    return connection


def _hang_up(connection: smtplib.SMTP) -> None:
    """Say goodbye to the server; what it answers no longer matters, the mail is handed over."""
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


def _failed(message: OutboxMessage, error: str, now: datetime, report: SendReport) -> None:
    """Record a refused message and when to try it again."""
    message.attempts = (message.attempts or 0) + 1
    message.last_error = error
    message.next_attempt_at = now + retry_delay(message.attempts)
    report.failed += 1


def _connection_failed(message: OutboxMessage, report: SendReport) -> None:
    """Record that ``message`` could not be sent because the server could not be reached.

    No delay is added: the fault is the server's, and mail should flow at the first run after
    it comes back.
    """
    message.attempts = (message.attempts or 0) + 1
    message.last_error = report.error
    message.next_attempt_at = None
    report.failed += 1


def _describe(error: BaseException) -> str:
    """Return a short, readable account of a send failure."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{address}: {_reply(code, reply)}"
                         for address, (code, reply) in error.recipients.items())
    elif isinstance(error, smtplib.SMTPResponseException):
        text = _reply(error.smtp_code, error.smtp_error)
    else:
        text = str(error) or type(error).__name__
        if isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException):
            text = f"Could not reach the mail server: {text}"
    return text[:ERROR_LENGTH]


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}"


def _as_stored(moment: datetime) -> datetime:
    """Return ``moment`` as the database keeps times: naive UTC."""
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _count_unsent() -> int:
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))) or 0
