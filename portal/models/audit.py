"""Store what happened: each request's timeline and an audit trail of other changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models._types import utcnow
from portal.models.accounts import User


class RequestEvent(db.Model):  # type: ignore[name-defined]
    """One entry in a request's timeline: a transition (who, when, from, to, why) or a note."""

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("engagement_request.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    visible_to_submitter: Mapped[bool] = mapped_column(Boolean, default=True)

    actor: Mapped[User | None] = relationship()


class AuditEntry(db.Model):  # type: ignore[name-defined]
    """A change to accounts or settings: who did what to which record, and when."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(120))
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()
