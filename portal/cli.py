"""Add the portal's ``flask`` commands: init-db, seed-demo, create-user, backup, report..."""

from __future__ import annotations

import os
import shlex
import sqlite3
from datetime import date, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import URL, func, select

from portal.extensions import db
from portal.models import Division, EngagementRequest, User
from portal.policy.lifecycle import APPROVED_STATES
from portal.policy.roles import ROLES_WITH_DIVISION, Role, SigningOffice
from portal.policy.signatories import account_office_problems


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or migrate the database to the newest schema and add reference data."""
    from flask_migrate import upgrade  # here: Alembic loads only for this command

    from portal.seed.reference_data import ensure_reference_data

    upgrade()
    added = ensure_reference_data()
    db.session.commit()
    click.echo(f"Database is up to date ({added} divisions added).")


def database_is_empty() -> bool:
    """Return whether the database holds no accounts and no requests."""
    users = db.session.scalar(select(func.count(User.id))) or 0
    requests = db.session.scalar(select(func.count(EngagementRequest.id))) or 0
    return users == 0 and requests == 0


@click.command("seed-demo")
@click.option("--password", envvar="PORTAL_DEMO_PASSWORD", default=None,
              help="Password of every demo account (default: the README's).")
@with_appcontext
def seed_demo(password: str | None) -> None:
    """Fill a new database with demo accounts and sample requests; never touch real data."""
    from portal.seed.demo import seed

    if not database_is_empty():
        click.echo("The database already holds data: demo data was not added.")
        return
    seed(password or current_app.config["DEMO_PASSWORD"])
    db.session.commit()
    click.echo("Demo data added. Sign in as admin@demo.example, city@demo.example, ...")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role if r.is_staff]))
@click.option("--job-title", default="")
@click.option("--division", "division_code", default=None, help="Division code, e.g. EDC.")
@click.option("--office", type=click.Choice([o.value for o in SigningOffice]), default=None)
@click.password_option(help="Password (prompted when not given).")
@with_appcontext
def create_user(email: str, name: str, role: str, job_title: str, division_code: str | None,
                office: str | None, password: str) -> None:
    """Create a staff account (an administrator's, say) from the command line."""
    from portal.auth import services

    chosen = Role(role)
    signing_office = SigningOffice(office) if office else None
    problems = account_office_problems(chosen is Role.SIGNING_AUTHORITY, signing_office, True)
    if problems:
        raise click.UsageError(" ".join(problems) + " (--office)")
    needs_division = chosen in ROLES_WITH_DIVISION or (
        chosen is Role.SIGNING_AUTHORITY and signing_office is SigningOffice.DIVISION_HEAD)
    if needs_division and not division_code:
        raise click.UsageError(f"A {chosen.label} account needs --division (a code such as EDC).")
    division_id = _division_id(division_code) if division_code else None
    details = services.StaffDetails(name=name, job_title=job_title, role=chosen,
                                    division_id=division_id, signing_office=signing_office)
    try:
        services.create_staff_user(None, email, details, password=password)
    except services.EmailTaken:
        raise click.ClickException(f"An account already uses {email}.") from None
    db.session.commit()
    click.echo(f"Created {role} account {email}.")


def _division_id(code: str) -> int:
    division = db.session.scalar(select(Division).where(func.upper(Division.code) == code.upper()))
    if division is None:
        known = ", ".join(db.session.scalars(select(Division.code).order_by(Division.code)))
        raise click.UsageError(f"No division has the code {code}. Known codes: {known}.")
    return division.id


@click.command("send-mail")
@click.option("--batch", default=100, show_default=True, type=click.IntRange(min=1),
              help="Messages sent over one connection before the work so far is saved.")
@with_appcontext
def send_mail(batch: int) -> None:
    """Send the outbox's pending messages by SMTP; failed ones are tried again later.

    Safe to run from cron: sent messages are never sent again, and with nothing due it does
    not even connect. Exits with status 1 when the mail server cannot be reached.
    """
    from portal.mail import MailSettingsError
    from portal.worker.jobs import deliver_outbox

    try:
        total = deliver_outbox(batch)
    except MailSettingsError as error:
        raise click.ClickException(str(error)) from None
    if not total.configured:
        click.echo("SMTP is not configured (set PORTAL_MAIL_SERVER): nothing was sent. "
                   "Messages stay in the outbox, where an administrator can read them.")
    click.echo(total.summary())
    if total.error:
        click.echo(f"Error: {total.error}", err=True)
        raise click.exceptions.Exit(1)


@click.group("agreements")
def agreements_group() -> None:
    """Work with agreements: draft one, or run the registry's scheduled work."""


@agreements_group.command("draft")
@click.argument("reference")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the .docx file.")
@with_appcontext
def draft_agreement(reference: str, out: str) -> None:
    """Write the current draft of request REFERENCE (its newest terms) to --out."""
    from portal.agreements import services

    req = db.session.scalars(select(EngagementRequest).where(
        EngagementRequest.reference == reference.strip().upper())).first()
    if req is None:
        raise click.ClickException(f"No request has the reference {reference}.")
    if req.status_enum not in APPROVED_STATES:
        raise click.ClickException(f"{reference} is {req.status_enum.label.lower()}: a draft "
                                   "is made once a request is approved.")
    drafts = services.drafts_of(req)
    try:
        terms = services.terms_for(req, drafts[0].version if drafts else 1)
        content = services.render(terms, req.category)  # type: ignore[arg-type]
    except services.AgreementRefused as refused:
        raise click.ClickException(str(refused)) from None
    with open(out, "wb") as handle:
        handle.write(content)
    click.echo(f"Wrote {out} ({len(content):,} bytes).")


@agreements_group.command("expire")
@click.option("--today", "today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Run as of this date (YYYY-MM-DD) instead of today.")
@with_appcontext
def expire_agreements(today: datetime | None) -> None:
    """Expire agreements past their end date and write the reminders due (review, report).

    Safe to run from cron as often as you like: an agreement expires once, and each
    reminder is written once, so a second run the same day changes nothing.
    """
    from portal.registry import services

    report = services.run_scheduled(today.date() if today else date.today(),
                                    services.review_window_days())
    db.session.commit()
    for line in report.lines():
        click.echo(line)


@click.group("requests")
def requests_group() -> None:
    """Work with requests: run their scheduled work."""


@requests_group.command("remind")
@click.option("--today", "today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Run as of this date (YYYY-MM-DD) instead of today.")
@with_appcontext
def remind_unanswered(today: datetime | None) -> None:
    """Remind submitters of questions left unanswered past the working days set.

    Safe to run from cron daily: each question is reminded once, so a second run changes
    nothing.
    """
    from portal.review import reminders

    reminded = reminders.remind_unanswered(today.date() if today else date.today())
    db.session.commit()
    click.echo(f"Reminded {len(reminded)} submitter(s)" + (
        f": {', '.join(reminded)}." if reminded else "."))


@click.command("seed-registry")
@with_appcontext
def seed_registry() -> None:
    """Add the agreements of the 2024 program review that the registry lacks."""
    from portal.seed.registry_data import ensure_registry

    added = ensure_registry()
    db.session.commit()
    click.echo(f"Registry is up to date ({added} agreements added).")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@with_appcontext
def backup(file: Path, force: bool) -> None:
    """Copy the SQLite database to FILE, safely while the portal is running.

    SQLite's online backup copies the database as it stood when the copy began: every
    committed change, nothing half-written. FILE is one self-contained SQLite file; restore
    it by copying it into instance/ while the portal is stopped (README, "Backup and
    restore"). With PostgreSQL, prints the pg_dump command to use instead and exits with 1.
    """
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        # pg_dump takes a libpq address: no "+psycopg", and never the password in a command.
        address = URL.create("postgresql", username=url.username, host=url.host,
                             port=url.port, database=url.database, query=url.query)
        click.echo("This portal uses PostgreSQL: back it up with pg_dump, which reads the "
                   "password from PGPASSWORD or ~/.pgpass:")
        click.echo(f"  pg_dump --format=custom --file={shlex.quote(str(file))} "
                   f"{shlex.quote(address.render_as_string(hide_password=False))}")
        raise click.exceptions.Exit(1)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise click.ClickException(
            f"Cannot back up {url.render_as_string(hide_password=True)}: only a SQLite file "
            "or PostgreSQL.")
    database = Path(url.database)  # type: ignore[arg-type]
    if not database.is_file():
        raise click.ClickException(f"There is no database at {database}: nothing to back up.")
    if file.exists() and not force:
        raise click.ClickException(f"{file} already exists: name another file, or add --force "
                                   "to replace it.")
    if not file.parent.is_dir():
        raise click.ClickException(f"The folder {file.parent} does not exist.")
    size = backup_sqlite(database, file)
    click.echo(f"Backed up {database} to {file} ({size:,} bytes).")


def backup_sqlite(database: Path, target: Path) -> int:
    """Copy the SQLite ``database`` to ``target`` with the online backup; return its size.

    The copy is written beside ``target``, readable by its owner only, checked, and then
    renamed over it, so ``target`` is never a half-written file.
    """
    from portal.database import SQLITE_BUSY_TIMEOUT_MS

    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        source = sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                # One file, no -wal beside it: the portal turns WAL on again when it opens it.
                copy.execute("PRAGMA journal_mode=DELETE")
                problems = copy.execute("PRAGMA quick_check").fetchall()
            finally:
                copy.close()
        finally:
            source.close()
        if problems != [("ok",)]:
            raise click.ClickException(f"The copy failed its check: {problems[:3]}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def register(app: Flask) -> None:
    """Add the commands to ``app``."""
    from portal.reports.cli import report_group
    from portal.worker.cli import worker, worker_status

    for command in (init_db, seed_demo, create_user, send_mail, agreements_group,
                    requests_group, seed_registry, backup, report_group, worker,
                    worker_status):
        app.cli.add_command(command)
