"""Store the personal access tokens staff use for the read API: digests only, never a token."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models._types import utcnow
from portal.models.accounts import User


def digest(token: str) -> str:
    """Return the SHA-256 digest under which a token is stored (hex, 64 characters).

    A token carries 256 bits of randomness, so a fast hash without salt is enough: no
    dictionary holds it, and a request is looked up by it in one indexed read.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(db.Model):  # type: ignore[name-defined]
    """A named, expiring token acting for its user; revoked, it is kept as a record."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # The SHA-256 of the token (``digest``): what a request is looked up by.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
