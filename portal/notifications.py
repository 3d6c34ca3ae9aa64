"""Queue the portal's messages in the outbox: the one way the portal writes to people.

Each message is stored as an ``OutboxMessage``; in development an administrator reads them
in the portal, and SMTP delivery sends what is pending.
"""

from __future__ import annotations

from flask import current_app, has_request_context, render_template, url_for

from portal.extensions import db
from portal.models import EngagementRequest, OutboxMessage, User


def queue_message(
    kind: str, to_address: str, subject: str, body: str,
    request: EngagementRequest | None = None,
) -> OutboxMessage:
    """Store one message for sending and return it."""
    message = OutboxMessage(
        kind=kind, to_address=to_address, subject=subject, body=body,
        request_id=request.id if request else None,
    )
    db.session.add(message)
    db.session.flush()
    return message


def external_url(endpoint: str, **values: object) -> str:
    """Return an absolute address for a link in a message."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context():  # a CLI command or a scheduled job
        return base + url_for(endpoint, **values)


def send_email_confirmation(user: User, token: str) -> OutboxMessage:
    """Ask a new account holder to confirm their email address."""
    link = external_url("auth.confirm_email", token=token)
    body = render_template("email/confirm_email.txt", user=user, link=link)
    return queue_message("account_confirmation", user.email,
                         "Confirm your email address for the IAP Portal", body)


def send_password_reset(user: User, token: str) -> OutboxMessage:
    """Send a single-use link to choose a new password."""
    link = external_url("auth.reset_password", token=token)
    body = render_template("email/password_reset.txt", user=user, link=link)
    return queue_message("password_reset", user.email, "Reset your IAP Portal password", body)


def send_invitation(user: User, token: str) -> OutboxMessage:
    """Invite a new staff member to choose a password."""
    link = external_url("auth.accept_invitation", token=token)
    body = render_template("email/invitation.txt", user=user, link=link)
    return queue_message("invitation", user.email, "Your IAP Portal account", body)


def send_receipt(request: EngagementRequest) -> OutboxMessage:
    """Confirm to the submitter that a request arrived, with its reference."""
    link = external_url("intake.show", request_id=request.id)
    body = render_template("email/receipt.txt", req=request, link=link)
    return queue_message(
        "submission_receipt", request.submitter.email,
        f"We received your request {request.reference}", body, request=request,
    )


def send_withdrawal_notice(request: EngagementRequest) -> OutboxMessage:
    """Confirm to the submitter that a request was withdrawn."""
    body = render_template("email/withdrawn.txt", req=request)
    return queue_message(
        "withdrawal", request.submitter.email,
        f"Your request {request.reference} was withdrawn", body, request=request,
    )
