"""Take and give back a scheduled job's lease, so only one host runs a job at a time.

A lease is a row of ``job_lease``. It is taken with one atomic UPDATE that succeeds only
when the lease has expired or this holder already has it; on the job's first run there is
no row yet, and the INSERT of two hosts at once fails for one of them on the primary key.
On PostgreSQL the second UPDATE waits on the first's row lock and then finds the lease
taken; SQLite lets one writer at a time. Each step commits at once: a lease no other host
can see protects nothing.

Times are the hosts' clocks in UTC (``utcnow``): keep them synchronised (NTP), as a host
whose clock runs ahead would take leases early.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import JobLease


def new_holder() -> str:
    """Return a name for one worker, unique across hosts, processes and threads."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def take(job: str, holder: str, now: datetime, lease: timedelta) -> bool:
    """Take ``job``'s lease for ``holder`` until ``now + lease``; False when held or not due."""
    until = now + lease
    taken = db.session.execute(
        update(JobLease)
        .where(JobLease.name == job, or_(JobLease.expires_at < now, JobLease.holder == holder))
        .values(holder=holder, expires_at=until)
        .execution_options(synchronize_session=False)).rowcount
    if taken:
        db.session.commit()
        return True
    if db.session.scalar(select(JobLease.name).where(JobLease.name == job)) is not None:
        db.session.rollback()
        return False
    db.session.add(JobLease(name=job, holder=holder, expires_at=until))
    try:
        db.session.commit()
    except IntegrityError:  # another host made the row first, and holds it
        db.session.rollback()
        return False
    return True


def give_back(job: str, holder: str, finished_at: datetime, due_again: datetime) -> None:
    """Give ``job``'s lease back, due again at ``due_again``; nothing if no longer held."""
    db.session.execute(
        update(JobLease)
        .where(JobLease.name == job, JobLease.holder == holder)
        .values(holder=None, expires_at=due_again, last_finished_at=finished_at)
        .execution_options(synchronize_session=False))
    db.session.commit()


def leases() -> list[JobLease]:
    """Return every job's lease, by name, for the command to show."""
    return list(db.session.scalars(select(JobLease).order_by(JobLease.name)))
