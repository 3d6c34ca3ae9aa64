"""Make and read the signed, expiring links sent by email."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.models import User

CONFIRM = "confirm-email"
RESET = "reset-password"
INVITE = "invitation"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def _password_fingerprint(user: User) -> str:
    # Tied to the current password hash: once the password changes, the link is spent.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    """Return a signed token for ``purpose`` naming ``user``."""
    payload: dict[str, Any] = {"uid": user.id}
    if purpose == CONFIRM:
        payload["email"] = user.email
    else:
        payload["pw"] = _password_fingerprint(user)
    return _serializer(purpose).dumps(payload)


class TokenProblem(Exception):
    """A link that has expired, was already used, or was never ours."""

    def __init__(self, expired: bool) -> None:
        """Say whether the link was merely too old."""
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def read_token(token: str, purpose: str, max_age: int) -> User:
    """Return the user a valid token names, or raise TokenProblem."""
    from portal.extensions import db

    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenProblem(expired=True) from None
    except BadSignature:
        raise TokenProblem(expired=False) from None
    user = db.session.get(User, payload.get("uid")) if isinstance(payload, dict) else None
    if user is None or not user.active:
        raise TokenProblem(expired=False)
    if purpose == CONFIRM and payload.get("email") != user.email:
        raise TokenProblem(expired=False)
    if purpose != CONFIRM and payload.get("pw") != _password_fingerprint(user):
        raise TokenProblem(expired=False)
    return user
