"""Store what happened: each request's timeline and an audit trail of other changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models._types import utcnow
from portal.models.accounts import Division, User
from portal.models.phrase_text import PhraseText
from portal.models.requests import Document, EngagementRequest


class RequestEvent(db.Model):  # type: ignore[name-defined]
    """One entry in a request's timeline: a transition (who, when, from, to, why) or a note."""

    __tablename__ = "request_event"
    # The dashboard finds each request's decision by the status it moved to.
    __table_args__ = (Index("ix_request_event_decision", "to_status", "request_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("engagement_request.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    # The portal's own notes are phrases, said in each reader's language; typed ones are text.
    note: Mapped[str] = mapped_column(PhraseText, default="")
    visible_to_submitter: Mapped[bool] = mapped_column(Boolean, default=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))

    actor: Mapped[User | None] = relationship()
    document: Mapped[Document | None] = relationship()


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


class ConflictDeclaration(db.Model):  # type: ignore[name-defined]
    """A reviewer's declaration, before taking a file, of any conflict of interest in it."""

    __tablename__ = "conflict_declaration"
    __table_args__ = (
        UniqueConstraint("request_id", "user_id", name="uq_conflict_request_user"),
        CheckConstraint("NOT has_conflict OR length(detail) > 0", name="conflict_explained"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("engagement_request.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    has_conflict: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class Consultation(db.Model):  # type: ignore[name-defined]
    """A question the CCO puts to EDC, CMO or a division about a request, and its answer."""

    __table_args__ = (
        CheckConstraint("(answer IS NULL) = (answered_at IS NULL)", name="answer_dated"),
        # A consultation ends once: answered or withdrawn, never both.
        CheckConstraint("answered_at IS NULL OR withdrawn_at IS NULL",
                        name="answered_or_withdrawn"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("engagement_request.id"), index=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), index=True)
    question: Mapped[str] = mapped_column(Text)
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[datetime | None]
    # A reviewer may withdraw a question nobody answers, so that it stops holding the request.
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    division: Mapped[Division] = relationship()
    request: Mapped[EngagementRequest] = relationship()
    asked_by: Mapped[User] = relationship(foreign_keys=[asked_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def is_open(self) -> bool:
        """Return whether the consultation still awaits its answer (not answered nor withdrawn)."""
        return self.answered_at is None and self.withdrawn_at is None
