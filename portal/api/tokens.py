"""Create, list and revoke a staff member's personal access tokens for the read API.

The token itself is returned once, by ``create_token``, and never stored: the database keeps
its SHA-256 digest (``models.api_tokens.digest``). Services flush and record; the route commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time

from flask import abort
from sqlalchemy import select

from portal import audit
from portal.extensions import db
from portal.models import ApiToken, User
from portal.models._types import utcnow
from portal.models.api_tokens import digest
from portal.policy.api_tokens import expiry_refusal
from portal.policy.refusals import Refused


class TokenRefused(Refused):
    """The policy refused the token asked for (its expiry date)."""


@dataclass(frozen=True)
class NewToken:
    """A token just created: the record, and the token, shown this once."""

    record: ApiToken
    token: str


def tokens_of(user: User) -> list[ApiToken]:
    """Return ``user``'s tokens, the newest first, revoked and expired ones too."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def create_token(user: User, name: str, expires_on: date, today: date) -> NewToken:
    """Create a token for ``user`` named ``name``, valid until the end of ``expires_on``."""
    refused = expiry_refusal(expires_on, today)
    if refused is not None:
        raise TokenRefused(refused)
    token = secrets.token_urlsafe(32)
    record = ApiToken(user_id=user.id, name=name, token_hash=digest(token),
                      created_at=utcnow(), expires_at=datetime.combine(expires_on, time.max))
    db.session.add(record)
    db.session.flush()
    audit.record(user, "api_token.create", f"api_token:{record.id}", name=name,
                 expires=expires_on.isoformat())
    return NewToken(record, token)


def own_token(user: User, token_id: int) -> ApiToken:
    """Return ``user``'s own token ``token_id``, or answer 404 (another's is never named)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        abort(404)
    return token


def revoke_token(user: User, token: ApiToken) -> None:
    """Revoke ``token`` now; revoking it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(user, "api_token.revoke", f"api_token:{token.id}", name=token.name)
