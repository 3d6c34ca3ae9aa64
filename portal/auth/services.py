"""Create and authenticate accounts; every change to an account is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from portal import audit, notifications
from portal.auth import tokens
from portal.extensions import db
from portal.geography import find_or_create_city
from portal.kept_reference import note_versions, with_versions
from portal.models import User
from portal.models._types import utcnow
from portal.policy.counterparts import GovernmentKind
from portal.policy.phrases import P_
from portal.policy.refusals import Refused
from portal.policy.roles import Role, SigningOffice
from portal.policy.signatories import account_office_problems
from portal.policy.submission import is_refused_counterpart

_SESSION_ID = re.compile(r"(?P<id>[0-9]{1,18})\.(?P<epoch>[0-9]{1,18})")

# Every signed-in request reads its account: built once, as building the query costs more
# than running it (``Session.get`` builds one each time). It is the request's first read,
# and brings the numbers of what workers keep (``kept_reference``): one round trip, not two.
_ACCOUNT = with_versions(select(User).where(User.id == bindparam("id")))

# Compared against when no account matches, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def load_user(session_id: str) -> User | None:
    """Return the account a session names (``"<id>.<epoch>"``, see ``User.get_id``).

    A session of an older epoch (signed out, password changed, deactivated, role changed)
    or of a deactivated account names nobody.
    """
    named = _SESSION_ID.fullmatch(str(session_id))
    if named is None:
        return None  # a cookie from before epochs, or not ours: sign in again
    found = db.session.execute(_ACCOUNT, {"id": int(named["id"])}).first()
    if found is None:
        return None
    note_versions(found)
    user: User = found[0]
    if user.session_epoch != int(named["epoch"]) or not user.active:
        return None
    return user


def end_sessions(user: User) -> None:
    """End every session of ``user``, on every host, at its next request."""
    user.session_epoch = (user.session_epoch or 0) + 1


def find_by_email(email: str) -> User | None:
    """Return the account registered under ``email``, case ignored."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str, *, max_failures: int = 5,
                 lockout: timedelta = timedelta(minutes=15)) -> User | None:
    """Return the active account matching the credentials, or None.

    ``max_failures`` wrong passwords in a row lock the account for ``lockout``: while it is
    locked even the right password is refused. Every refusal looks and costs the same (one
    password hash is checked whatever happens), so the answer never says whether an account
    exists or is locked. An unknown email locks nothing.
    """
    user = find_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    now = utcnow()
    if is_locked(user, now):
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password):
        _count_failure(user, now, max_failures, lockout)
        return None
    if not user.active:
        return None
    if user.failed_logins or user.locked_until is not None:
        user.failed_logins, user.locked_until = 0, None
    return user


def is_locked(user: User, now: datetime | None = None) -> bool:
    """Return whether repeated wrong passwords have locked ``user``'s account for now."""
    return user.locked_until is not None and user.locked_until > (now or utcnow())


def _count_failure(user: User, now: datetime, max_failures: int, lockout: timedelta) -> None:
    # Each change is one UPDATE computed by the database, so failures sent to several
    # workers at once are all counted; a read, add one, write back would lose some.
    row = update(User).where(User.id == user.id).execution_options(synchronize_session=False)
    failures = db.session.execute(
        row.values(failed_logins=User.failed_logins + 1).returning(User.failed_logins)
    ).scalar_one()
    locked_until = user.locked_until
    if failures >= max_failures:
        locked_until = now + lockout
        db.session.execute(row.values(failed_logins=0, locked_until=locked_until))
        audit.record(None, "account.locked", f"user:{user.id}", failures=failures,
                     until=locked_until.isoformat(timespec="seconds"))
        failures = 0
    # The rows are written; keep the loaded account in step without writing it again.
    set_committed_value(user, "failed_logins", failures)
    set_committed_value(user, "locked_until", locked_until)


class EmailTaken(Refused):
    """An account already uses this email address."""


@dataclass(frozen=True)
class CityRegistration:
    """What a city's representative gives when registering."""

    name: str
    job_title: str
    email: str
    password: str
    city_name: str
    country_code: str
    government_kind: GovernmentKind
    language: str | None = None  # the language of the pages registered in, if not the default


def register_city_representative(details: CityRegistration) -> User | None:
    """Open an account for a city's representative and send the confirmation link.

    When an account already uses the email address, open nothing and tell that account's
    holder that someone tried, with links to sign in or reset the password; return None.
    The caller answers both cases alike, so the answer never says whether an account
    exists, and both cost about the same (a password is hashed and a message written).
    Two registrations of one address at the same moment end the same way: the second finds
    the first's row through the unique constraint.
    """
    if is_refused_counterpart(details.government_kind):
        raise ValueError("only local governments may register")
    existing = find_by_email(details.email)
    if existing is not None:
        return _registration_attempted(existing, details.password)
    city = find_or_create_city(details.city_name, details.country_code)
    # The city is only claimed: a CCO reviewer or a verified representative of that city
    # links the account to it (city_verified_at stays empty here).
    user = User(
        email=details.email.lower(), name=details.name, job_title=details.job_title,
        role=Role.CITY.value, city=city, government_kind=details.government_kind.value,
        language=details.language,
    )
    user.set_password(details.password)
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        existing = find_by_email(details.email)
        if existing is None:
            raise
        return _registration_attempted(existing, details.password)
    audit.record(user, "account.registered", f"user:{user.id}", city=city.name)
    send_confirmation(user)
    return user


def _registration_attempted(existing: User, password: str) -> None:
    # Hash the password as a new account would (on an account never stored), so both
    # answers take about as long.
    User().set_password(password)
    notifications.send_registration_attempt(existing)
    return None


def send_confirmation(user: User) -> None:
    """Queue a fresh email-confirmation link for ``user``."""
    notifications.send_email_confirmation(user, tokens.make_token(user, tokens.CONFIRM))


def confirm_email(user: User) -> None:
    """Mark the account's email address as confirmed."""
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        audit.record(user, "account.email_confirmed", f"user:{user.id}")


def start_password_reset(email: str) -> None:
    """Send a reset link when an active account uses ``email``; say nothing otherwise.

    The same work is done either way (a link is signed and its message written), and only
    the sending depends on the account, so the answer's timing does not tell either.
    """
    user = find_by_email(email)
    if user is not None and user.active:
        notifications.send_password_reset(user, tokens.make_token(user, tokens.RESET))
        return
    stand_in = User(id=0, email=email, name="", password_hash=_DUMMY_HASH)
    notifications.password_reset_body(stand_in, tokens.make_token(stand_in, tokens.RESET))


def change_password(user: User, password: str, *, reason: str) -> None:
    """Set a new password; links made before this one stop working."""
    user.set_password(password)
    # Proving control of the mailbox is proof enough: a locked account opens again.
    user.failed_logins, user.locked_until = 0, None
    if reason == "invitation" and user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    # Whoever held a session (perhaps the reason for the reset) holds it no longer.
    end_sessions(user)
    audit.record(user, f"account.password_{reason}", f"user:{user.id}")


@dataclass(frozen=True)
class StaffDetails:
    """What an administrator sets on a staff account."""

    name: str
    job_title: str
    role: Role
    division_id: int | None
    signing_office: SigningOffice | None


def create_staff_user(actor: User | None, email: str, details: StaffDetails,
                      password: str | None = None) -> User:
    """Create a staff account; without a password, invite its holder to choose one."""
    if find_by_email(email):
        raise EmailTaken(P_("An account already uses %(email)s.", email=email))
    user = User(email=email.lower(), role=details.role.value, name=details.name,
                job_title=details.job_title, email_confirmed_at=utcnow())
    _apply_staff_details(user, details)
    # An invited account gets a random password nobody knows until the link is used.
    user.set_password(password or tokens_secret())
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "account.created", f"user:{user.id}", role=user.role,
                 division_id=user.division_id, signing_office=user.signing_office)
    if password is None:
        notifications.send_invitation(user, tokens.make_token(user, tokens.INVITE))
    return user


def update_staff_user(actor: User, user: User, details: StaffDetails) -> None:
    """Change a staff account's name, title, role, division and office."""
    before = {"role": user.role, "division_id": user.division_id,
              "signing_office": user.signing_office, "name": user.name}
    user.name, user.job_title = details.name, details.job_title
    user.role = details.role.value
    _apply_staff_details(user, details)
    after = {"role": user.role, "division_id": user.division_id,
             "signing_office": user.signing_office, "name": user.name}
    # What the account may see follows from these three: a session begun under the old
    # ones must not carry on under the new ones (a name or title changes nothing).
    if any(before[key] != after[key] for key in ("role", "division_id", "signing_office")):
        end_sessions(user)
    audit.record(actor, "account.updated", f"user:{user.id}", before=before, after=after)


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate or reactivate an account; a deactivated one cannot sign in."""
    if user.active != active:
        user.active = active
        if not active:
            end_sessions(user)
        audit.record(actor, "account.activated" if active else "account.deactivated",
                     f"user:{user.id}")


class StaffDetailsRefused(Refused, ValueError):
    """The account's office and division do not fit its role; ``problems`` says why."""

    def __init__(self, problems: list[str]) -> None:
        """Keep the problems, one sentence each."""
        super().__init__(" ".join(problems))
        self.problems = problems


def _apply_staff_details(user: User, details: StaffDetails) -> None:
    # The one office rule every door uses (the administrator's form and the command line
    # ask it first, so they show the sentence at the field): nothing reaches an account
    # that the rule refuses, and nothing is silently dropped.
    problems = account_office_problems(details.role is Role.SIGNING_AUTHORITY,
                                       details.signing_office, details.division_id is not None)
    if problems:
        raise StaffDetailsRefused(problems)
    user.signing_office = details.signing_office.value if details.signing_office else None
    user.division_id = details.division_id


def tokens_secret() -> str:
    """Return a long random string, used as a password nobody knows."""
    import secrets

    return secrets.token_urlsafe(32)
