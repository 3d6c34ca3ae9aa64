"""Say which jobs run without a person, how often, and how long a host may hold one.

The worker (``flask worker``) runs each job on its interval. Before a run a host takes the
job's lease in the database; another host finds it held and skips the job, so one job never
runs on two hosts at once. A lease outlives any sane run: a host that dies mid-run leaves it
held until it expires, after which another host takes the job over. Every job is idempotent
besides (a sent message, an expiry, a reminder is recorded once), so a run repeated after a
crash changes nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


class Job(StrEnum):
    """A piece of scheduled work, named as its lease row is; a pass runs them in this order.

    Mail goes last, so the reminders a pass writes leave in the same pass.
    """

    EXPIRE_AGREEMENTS = "agreements-expire"
    REMIND_UNANSWERED = "requests-remind"
    SEND_MAIL = "send-mail"


INTERVALS: dict[Job, timedelta] = {
    # Mail flows within a minute: a confirmation link is waited for at the screen.
    Job.SEND_MAIL: timedelta(minutes=1),
    # Expiries and reminders are decided by the day; hourly, a reminder goes out the
    # morning it falls due, and a missed run (a host down) is made up within the hour.
    Job.EXPIRE_AGREEMENTS: timedelta(hours=1),
    Job.REMIND_UNANSWERED: timedelta(hours=1),
}

LEASE = timedelta(minutes=15)
"""How long a run may hold its job before another host may take it over."""

RETRY_AFTER_FAILURE = timedelta(minutes=5)
"""How soon a job that failed (the database or mail server away) is tried again."""


def next_run(job: Job, finished_at: datetime, failed: bool) -> datetime:
    """Return when ``job``, finished at ``finished_at``, is due again."""
    wait = INTERVALS[job]
    if failed:
        wait = min(wait, RETRY_AFTER_FAILURE)
    return finished_at + wait
