"""Store rubric versions, each request's scores against one of them, and program settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models._types import enum_values, in_list, utcnow
from portal.models.accounts import User
from portal.models.phrase_text import PhraseText
from portal.policy.rubric import MAX_SCORE
from portal.policy.scoring import Band

_SCORE_RANGE = f"BETWEEN 0 AND {MAX_SCORE}"


class RubricVersion(db.Model):  # type: ignore[name-defined]
    """One saved version of the rubric; saving an edit makes a new one, never a change."""

    __tablename__ = "rubric_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The portal's note on the default rubric is a phrase; an administrator's is their text.
    note: Mapped[str] = mapped_column(PhraseText, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    created_by: Mapped[User | None] = relationship()


class Assessment(db.Model):  # type: ignore[name-defined]
    """A request's scores under one rubric version; the newest one is current.

    The total and band are kept beside the scores so that a queue of many thousand requests
    can sort and filter on them; ``portal.assessment`` is their only writer and recomputes
    them from the policy whenever a score changes.
    """

    __table_args__ = (
        CheckConstraint("total_percent BETWEEN 0 AND 100", name="total_in_range"),
        CheckConstraint(in_list("band", enum_values(Band)), name="band_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("engagement_request.id"), index=True)
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_version.id"))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    total_percent: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    rubric_version: Mapped[RubricVersion] = relationship()
    created_by: Mapped[User | None] = relationship()
    scores: Mapped[list[CriterionScoreRecord]] = relationship(
        cascade="all, delete-orphan", order_by="CriterionScoreRecord.position",
        back_populates="assessment")

    @property
    def band_enum(self) -> Band:
        """Return the band the total falls in."""
        return Band(self.band)


class CriterionScoreRecord(db.Model):  # type: ignore[name-defined]
    """One criterion's proposed score and explanation, and the reviewer's, if changed."""

    __tablename__ = "criterion_score"
    __table_args__ = (
        UniqueConstraint("assessment_id", "criterion_key", name="uq_criterion_score_key"),
        CheckConstraint(f"proposed {_SCORE_RANGE}", name="proposed_in_range"),
        CheckConstraint(f"reviewer_score IS NULL OR reviewer_score {_SCORE_RANGE}",
                        name="reviewer_in_range"),
        CheckConstraint("reviewer_score IS NULL OR length(justification) > 0",
                        name="change_justified"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    criterion_key: Mapped[str] = mapped_column(String(64))
    proposed: Mapped[int] = mapped_column(Integer)
    # Stored with its msgid, so that a French page reads the explanation in French.
    explanation: Mapped[str] = mapped_column(PhraseText)
    reviewer_score: Mapped[int | None] = mapped_column(Integer)
    justification: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None]

    assessment: Mapped[Assessment] = relationship(back_populates="scores")
    reviewed_by: Mapped[User | None] = relationship()


class Setting(db.Model):  # type: ignore[name-defined]
    """A program setting an administrator edits (signatories, limits, country list)."""

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
