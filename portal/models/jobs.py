"""Store the lease of each scheduled job: who runs it now, or when it is due again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class JobLease(db.Model):  # type: ignore[name-defined]
    """One scheduled job's lease (``portal.worker.leases`` takes and gives it back).

    While a host runs the job, ``holder`` names it and ``expires_at`` is when its lease
    lapses; once given back, ``holder`` is empty and ``expires_at`` is when the job is due
    again, so "free to take" and "due" are one test: ``expires_at`` has passed.
    """

    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(200))
    expires_at: Mapped[datetime]
    last_finished_at: Mapped[datetime | None]
