"""Add ``flask worker``: run the scheduled jobs on their intervals, or once with ``--once``.

A plain loop with a sleep, not APScheduler or RQ: the schedule is three jobs on fixed
intervals, and the lease rows already say when each is due and who runs it, on every host.
A scheduler library would keep a second record of the same (its job store) and a thread
pool; RQ would need Redis, which the portal only needs for rate limits across hosts.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from datetime import datetime
from types import FrameType

import click
from flask.cli import with_appcontext

from portal.worker import leases
from portal.worker.jobs import Worker, log


@click.command("worker")
@click.option("--once", is_flag=True,
              help="Run every due job once and exit (for cron and tests).")
@click.option("--poll", "poll_seconds", default=30.0, show_default=True,
              type=click.FloatRange(min=1), help="Seconds between looks for due jobs.")
@click.option("--today", "today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="With --once: run as of this date (YYYY-MM-DD) instead of today.")
@with_appcontext
def worker(once: bool, poll_seconds: float, today: datetime | None) -> None:
    """Send mail, expire agreements and send reminders, each when due, on any number of hosts.

    Each job runs on one host at a time (its lease in the database) and writes nothing
    twice, so the same command may run on every host. Stops after the job in hand on
    SIGTERM or SIGINT.
    """
    runner = Worker()
    if once:
        done = runner.run_due(today.date() if today else None)
        for job, lines in done.items():
            for line in lines:
                click.echo(f"{job.value}: {line}")
        if not done:
            click.echo("No job was due.")
        return
    if today is not None:
        raise click.UsageError("--today goes with --once.")
    _log_to_stderr()
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()  # the loop ends once the job in hand is saved and its lease given back

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    click.echo(f"Worker {runner.holder} started; looking for due jobs every "
               f"{poll_seconds:g} s.")
    runner.run_until(stop, poll_seconds)
    click.echo(f"Worker {runner.holder} stopped.")


def _log_to_stderr() -> None:
    """Write what each run did, and each failure, where systemd's journal reads it."""
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


@click.command("worker-status")
@with_appcontext
def worker_status() -> None:
    """Show each scheduled job: who runs it now, or when it is due, and its last run."""
    rows = leases.leases()
    if not rows:
        click.echo("No job has run yet.")
    for row in rows:
        state = f"running on {row.holder} until" if row.holder else "due at"
        last = row.last_finished_at.isoformat(" ", "seconds") if row.last_finished_at else "never"
        click.echo(f"{row.name}: {state} {row.expires_at.isoformat(' ', 'seconds')} UTC; "
                   f"last finished {last}")
