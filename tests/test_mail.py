"""The outbox is delivered by SMTP: sent once, a refused message retried later, never lost.

Every test talks to a real SMTP server (aiosmtpd) listening on 127.0.0.1.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import func, select

from portal import notifications
from portal.extensions import db
from portal.mail import retry_delay, send_pending
from portal.models import OutboxMessage
from portal.policy.roles import Role
from tests.conftest import login

NOW = datetime(2031, 3, 4, 9, 0)
SENDER = "Міжнародна програма <international@toronto.example>"
REFUSAL = "550 5.1.1 <nobody@lyon.example>: Recipient address rejected"


class Inbox:
    """An SMTP handler that keeps what it receives and refuses whom it is told to."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.envelope_senders: list[str] = []
        self.refused: set[str] = set()
        self.hang_up_on: set[str] = set()
        self.logins: list[tuple[str, str]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refused:
            return REFUSAL
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hang_up_on & set(envelope.rcpt_tos):
            return "421 4.3.2 Service shutting down"
        email = message_from_bytes(envelope.content, policy=default_policy)
        self.received.append(email)  # type: ignore[arg-type]
        self.envelope_senders.append(envelope.mail_from)
        return "250 Message accepted for delivery"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        user, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((user, password))
        # handled=False: aiosmtpd then answers a refusal with 535 itself.
        return AuthResult(success=(user, password) == ("portal", "123456"), handled=False)

    def to(self, address: str) -> list[EmailMessage]:
        return [email for email in self.received if email["To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def inbox(app) -> Iterator[Inbox]:
    """Run an SMTP server on a free local port and point the portal at it."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(),
                            authenticator=handler.authenticate, auth_require_tls=False)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_SENDER=SENDER,
                      MAIL_TIMEOUT=5)
    try:
        yield handler
    finally:
        controller.stop()


def queue(to: str, subject: str = "We received your request IAP-2031-0001",
          body: str = "Dear Camille Martin,\n\nThank you.") -> OutboxMessage:
    message = notifications.queue_message("submission_receipt", to, subject, body)
    db.session.commit()
    return message


def reload(message: OutboxMessage) -> OutboxMessage:
    db.session.expire_all()
    found = db.session.get(OutboxMessage, message.id)
    assert found is not None
    return found


def outbox_size() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id))) or 0


# Delivery ---------------------------------------------------------------------------------

def test_pending_messages_are_delivered_with_sender_recipient_subject_and_body(inbox):
    kyiv = queue("olena@kyiv.example", "Ми отримали ваш запит: Київ",
                 "Шановна Олено Коваленко,\n\nваш запит щодо Києва отримано.\n")
    chongqing = queue("li@chongqing.example", "重庆 request received", "您好，重庆。\n")

    report = send_pending(now=NOW)
    db.session.commit()

    assert (report.sent, report.failed, report.waiting) == (2, 0, 0)
    [to_kyiv] = inbox.to("olena@kyiv.example")
    assert to_kyiv["From"] == SENDER
    assert to_kyiv["Subject"] == "Ми отримали ваш запит: Київ"
    assert to_kyiv.get_content() == "Шановна Олено Коваленко,\n\nваш запит щодо Києва отримано.\n"
    assert to_kyiv["Date"] and to_kyiv["Message-ID"].endswith("@toronto.example>")
    [to_chongqing] = inbox.to("li@chongqing.example")
    assert to_chongqing["Subject"] == "重庆 request received"
    assert to_chongqing.get_content() == "您好，重庆。\n"
    assert inbox.envelope_senders == ["international@toronto.example"] * 2
    assert to_kyiv.as_bytes().isascii()  # 7-bit clean: any server relays it unchanged
    for message in (kyiv, chongqing):
        assert reload(message).sent_at == NOW


def test_running_twice_sends_nothing_new(inbox):
    queue("rep@lyon.example")
    send_pending(now=NOW)
    db.session.commit()

    again = send_pending(now=NOW + timedelta(hours=1))
    db.session.commit()

    assert (again.sent, again.failed, again.waiting) == (0, 0, 0)
    assert len(inbox.received) == 1


def test_a_message_already_sent_is_not_sent_again(inbox):
    delivered = queue("earlier@lyon.example")
    delivered.sent_at = NOW - timedelta(days=1)
    queue("new@lyon.example")
    db.session.commit()

    report = send_pending(now=NOW)

    assert report.sent == 1
    assert [email["To"] for email in inbox.received] == ["new@lyon.example"]
    assert reload(delivered).sent_at == NOW - timedelta(days=1)


# Failure and retry ------------------------------------------------------------------------

def test_a_refused_recipient_is_kept_for_a_later_try_while_the_others_are_sent(inbox):
    inbox.refused.add("nobody@lyon.example")
    first = queue("first@lyon.example")
    refused = queue("nobody@lyon.example")
    last = queue("last@lyon.example")

    report = send_pending(now=NOW)
    db.session.commit()

    assert (report.sent, report.failed, report.error) == (2, 1, "")
    assert sorted(email["To"] for email in inbox.received) == ["first@lyon.example",
                                                               "last@lyon.example"]
    kept = reload(refused)
    assert kept.sent_at is None
    assert kept.attempts == 1
    assert kept.last_error == f"nobody@lyon.example: {REFUSAL}"
    assert kept.next_attempt_at == NOW + timedelta(minutes=5)
    assert reload(first).sent_at == NOW and reload(last).sent_at == NOW
    assert outbox_size() == 3  # nothing is ever deleted


def test_a_refused_message_is_tried_again_once_its_next_try_is_due(inbox):
    inbox.refused.add("nobody@lyon.example")
    message = queue("nobody@lyon.example")
    send_pending(now=NOW)
    db.session.commit()
    inbox.refused.clear()  # the recipient's mailbox is fixed

    too_early = send_pending(now=NOW + timedelta(minutes=4))
    assert (too_early.sent, too_early.failed, too_early.waiting) == (0, 0, 1)
    assert inbox.received == []

    retry = send_pending(now=NOW + timedelta(minutes=5))
    db.session.commit()

    assert (retry.sent, retry.failed, retry.waiting) == (1, 0, 0)
    assert [email["To"] for email in inbox.received] == ["nobody@lyon.example"]
    sent = reload(message)
    assert sent.sent_at == NOW + timedelta(minutes=5)
    assert sent.attempts == 1 and sent.next_attempt_at is None


def test_each_failure_doubles_the_wait_before_the_next_try_up_to_a_day(inbox):
    inbox.refused.add("nobody@lyon.example")
    message = queue("nobody@lyon.example")
    send_pending(now=NOW)
    second_try = NOW + timedelta(minutes=5)
    send_pending(now=second_try)
    db.session.commit()

    kept = reload(message)
    assert kept.attempts == 2
    assert kept.next_attempt_at == second_try + timedelta(minutes=10)
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m)
                                                      for m in (5, 10, 20, 40)]
    assert retry_delay(10) == retry_delay(10_000) == timedelta(hours=24)


def test_a_server_that_is_down_keeps_every_message_unsent_with_the_error(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens
    messages = [queue("first@lyon.example"), queue("second@lyon.example")]

    report = send_pending(now=NOW)
    db.session.commit()

    assert (report.sent, report.failed) == (0, 2)
    assert report.error.startswith("Could not reach the mail server")
    for message in messages:
        kept = reload(message)
        assert kept.sent_at is None and kept.attempts == 1
        assert kept.last_error == report.error
        assert kept.next_attempt_at is None  # tried again at the next run, once the server is back
    assert outbox_size() == 2


def test_a_server_that_hangs_up_mid_batch_leaves_the_rest_for_the_next_run(inbox):
    inbox.hang_up_on.add("second@lyon.example")
    first = queue("first@lyon.example")
    second = queue("second@lyon.example")
    third = queue("third@lyon.example")

    report = send_pending(now=NOW)
    db.session.commit()

    assert (report.sent, report.failed) == (1, 2)
    assert reload(first).sent_at == NOW
    hung_up = reload(second)
    assert hung_up.last_error.startswith("421") and hung_up.next_attempt_at == NOW + timedelta(
        minutes=5)
    untried = reload(third)
    assert untried.sent_at is None and untried.next_attempt_at is None
    assert untried.last_error == "The mail server closed the connection."

    inbox.hang_up_on.clear()
    later = send_pending(now=NOW + timedelta(minutes=1))
    assert (later.sent, later.waiting) == (1, 1)  # the third goes; the second waits its turn
    assert [email["To"] for email in inbox.received] == ["first@lyon.example",
                                                         "third@lyon.example"]


def test_the_portal_signs_in_to_the_mail_server_with_its_username_and_password(app, inbox):
    # A PORTAL_MAIL_PASSWORD of digits arrives as a number: it must still be sent as text.
    app.config.update(MAIL_USERNAME="portal", MAIL_PASSWORD=123456)
    queue("rep@lyon.example")

    assert send_pending(now=NOW).sent == 1
    assert inbox.logins == [("portal", "123456")]


def test_a_rejected_sign_in_keeps_every_message_unsent_with_the_error(app, inbox):
    app.config.update(MAIL_USERNAME="portal", MAIL_PASSWORD="wrong")
    message = queue("rep@lyon.example")

    report = send_pending(now=NOW)
    db.session.commit()

    assert (report.sent, report.failed) == (0, 1)
    assert report.error.startswith("535")
    assert inbox.received == []
    assert reload(message).last_error == report.error


# Without a mail server --------------------------------------------------------------------

def test_without_a_mail_server_nothing_is_sent_and_messages_stay_in_the_outbox(app, inbox):
    app.config["MAIL_SERVER"] = None
    message = queue("rep@lyon.example")

    report = send_pending(now=NOW)

    assert not report.configured
    assert (report.sent, report.failed, report.waiting) == (0, 0, 1)
    assert inbox.received == []
    kept = reload(message)
    assert kept.sent_at is None and kept.attempts == 0 and kept.last_error == ""


# The command ------------------------------------------------------------------------------

def test_the_send_mail_command_prints_the_counts_and_saves_what_it_did(inbox, runner):
    inbox.refused.add("nobody@lyon.example")
    queue("first@lyon.example")
    refused = queue("nobody@lyon.example")
    queue("last@lyon.example")
    later = queue("later@lyon.example")
    later.attempts, later.next_attempt_at = 1, datetime(2999, 1, 1)
    db.session.commit()

    result = runner.invoke(args=["send-mail"])

    assert result.exit_code == 0, result.output
    assert "Sent 2, failed 1, waiting 1" in result.output
    db.session.rollback()  # whatever was not committed would be lost here
    assert reload(refused).attempts == 1
    assert db.session.scalar(select(func.count(OutboxMessage.id))
                             .where(OutboxMessage.sent_at.is_not(None))) == 2

    again = runner.invoke(args=["send-mail"])
    assert "Sent 0, failed 0, waiting 2" in again.output
    assert len(inbox.received) == 2


def test_the_send_mail_command_sends_a_backlog_larger_than_one_batch(inbox, runner):
    for number in range(5):
        queue(f"person{number}@lyon.example")

    result = runner.invoke(args=["send-mail", "--batch", "2"])

    assert "Sent 5, failed 0, waiting 0" in result.output
    assert len(inbox.received) == 5


def test_the_send_mail_command_says_when_smtp_is_not_configured(app, runner):
    app.config["MAIL_SERVER"] = None
    queue("rep@lyon.example")

    result = runner.invoke(args=["send-mail"])

    assert result.exit_code == 0
    assert "SMTP is not configured" in result.output
    assert "Sent 0, failed 0, waiting 1" in result.output


def test_the_send_mail_command_fails_loudly_when_the_server_is_down(app, runner):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    message = queue("rep@lyon.example")

    result = runner.invoke(args=["send-mail"])

    assert result.exit_code == 1
    assert "Sent 0, failed 1, waiting 0" in result.output
    assert "Could not reach the mail server" in result.output
    db.session.rollback()
    assert reload(message).attempts == 1  # the failure was saved before exiting


def test_the_send_mail_command_refuses_starttls_and_ssl_together(app, runner):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_USE_TLS=True, MAIL_USE_SSL=True)
    queue("rep@lyon.example")

    result = runner.invoke(args=["send-mail"])

    assert result.exit_code == 1
    assert "cannot both be set" in result.output


# The administrator's outbox ---------------------------------------------------------------

def test_the_admin_outbox_shows_why_a_message_failed_and_when_it_is_tried_again(
        client, make_staff, inbox):
    make_staff("avery.admin@toronto.example", Role.ADMIN, division="CCO")
    login(client, "avery.admin@toronto.example")
    inbox.refused.add("nobody@lyon.example")
    refused = queue("nobody@lyon.example", subject="Refused one")
    queue("rep@lyon.example", subject="Delivered one")
    queue("new@lyon.example", subject="Waiting one")
    send_pending(now=NOW)
    db.session.commit()
    queue("new@lyon.example", subject="Written later")

    listing = client.get("/admin/outbox").get_data(as_text=True)
    assert "Failed 1 time" in listing
    assert "550 5.1.1 &lt;nobody@lyon.example&gt;: Recipient address rejected" in listing
    assert "<nobody@lyon.example>" not in listing  # the server's words are escaped
    assert "Next try: " in listing

    failed = client.get("/admin/outbox?state=failed").get_data(as_text=True)
    assert "Refused one" in failed
    assert "Delivered one" not in failed and "Written later" not in failed
    unsent = client.get("/admin/outbox?state=unsent").get_data(as_text=True)
    assert "Refused one" in unsent and "Written later" in unsent
    assert "Delivered one" not in unsent
    sent = client.get("/admin/outbox?state=sent").get_data(as_text=True)
    assert "Delivered one" in sent and "Refused one" not in sent
    assert client.get("/admin/outbox?state=<script>").status_code == 200

    shown = client.get(f"/admin/outbox/{refused.id}").get_data(as_text=True)
    assert "Failed 1 time" in shown and "Last error" in shown
    assert "&lt;nobody@lyon.example&gt;: Recipient address rejected" in shown
