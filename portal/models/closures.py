"""Store the days the City closes beyond its holidays, which stop every count of working days."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models._types import utcnow


class Closure(db.Model):  # type: ignore[name-defined]
    """One day an administrator recorded as closed (a storm, a system move), with its reason."""

    __tablename__ = "closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One closure a day: a second one would count the same day off twice.
    day: Mapped[date] = mapped_column(unique=True)
    reason: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
