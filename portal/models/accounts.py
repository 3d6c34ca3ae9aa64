"""Store the people who use the portal and the City divisions they work in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Row, Select, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal.database import rows
from portal.extensions import db
from portal.kept_reference import REFERENCE, kept
from portal.models._types import enum_values, in_list, utcnow
from portal.models.cities import CounterpartCity
from portal.policy.counterparts import GovernmentKind
from portal.policy.roles import Role, SigningOffice


class Division(db.Model):  # type: ignore[name-defined]
    """A City division: a sponsor of projects and a member of the working group."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    head_title: Mapped[str] = mapped_column(String(160))
    head_name: Mapped[str | None] = mapped_column(String(160))

    def __repr__(self) -> str:
        return f"<Division {self.code}>"

    @classmethod
    def names(cls) -> list[Row[tuple[int, str]]]:
        """Return the id and name of each division, by name: all a list to pick from shows."""
        return list(kept(REFERENCE, "division_names", lambda: tuple(rows(_DIVISION_NAMES))))

    @classmethod
    def by_name(cls) -> list[Division]:
        """Return every division, by name."""
        return list(db.session.scalars(_DIVISIONS))


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    """An account: a foreign city's representative or a member of City staff."""

    __table_args__ = (
        CheckConstraint(in_list("role", enum_values(Role)), name="role_known"),
        CheckConstraint(
            "(role = 'signing_authority') = (signing_office IS NOT NULL)",
            name="signing_office_iff_authority",
        ),
        CheckConstraint(
            "role != 'city' OR (city_id IS NOT NULL AND government_kind IS NOT NULL)",
            name="city_account_names_city",
        ),
        CheckConstraint(
            "role NOT IN ('division_staff', 'supporting_reviewer') OR division_id IS NOT NULL",
            name="division_roles_name_division",
        ),
        CheckConstraint("failed_logins >= 0", name="failed_logins_not_negative"),
        CheckConstraint("city_verified_at IS NULL OR city_refused_at IS NULL",
                        name="verified_or_refused"),
        CheckConstraint("session_epoch >= 0", name="session_epoch_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    name: Mapped[str] = mapped_column(String(120))
    job_title: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(32), index=True)
    signing_office: Mapped[str | None] = mapped_column(String(32))
    division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("counterpart_city.id"))
    government_kind: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email_confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Wrong passwords in a row, and the end of the lockout they caused: kept in the
    # database, so every worker refuses a locked account.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    # A city account's link to ``city`` is only claimed until a CCO reviewer verifies it, or
    # it accepts an invitation from a verified representative of that city (DESIGN: trust).
    city_verified_at: Mapped[datetime | None]
    city_verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    city_refused_at: Mapped[datetime | None]
    city_refusal_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Part of the session's identity (Flask-Login's alternative id): raising it ends every
    # session of the account at once, on every host, with sessions still in signed cookies.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    # The language the person chose to read the portal and its messages in (a Babel code,
    # "fr_CA"); None until they choose, when their browser's language decides.
    language: Mapped[str | None] = mapped_column(String(16))

    division: Mapped[Division | None] = relationship()
    city: Mapped[CounterpartCity | None] = relationship()
    city_verified_by: Mapped[User | None] = relationship(remote_side=[id])

    def get_id(self) -> str:
        """Return the session's name for the account: its id and its session epoch.

        Flask-Login keeps this in the session cookie (and any "remember me" cookie); the
        loader refuses one whose epoch is not the account's (``portal.auth.sessions``).
        """
        return f"{self.id}.{self.session_epoch}"

    @classmethod
    def active_cco_reviewers(cls) -> list[User]:
        """Return the CCO reviewers whose accounts are active, by name (whom to assign, tell)."""
        return list(db.session.scalars(cls._active_cco_reviewers(select(cls))))

    @classmethod
    def active_cco_reviewer_names(cls) -> list[Row[tuple[int, str]]]:
        """Return the id and name of each of ``active_cco_reviewers``, for a list to pick from."""
        return list(kept(REFERENCE, "reviewer_names", lambda: tuple(rows(_REVIEWER_NAMES))))

    @classmethod
    def _active_cco_reviewers(cls, query: Select[Any]) -> Select[Any]:
        return query.where(cls.role == Role.CCO_REVIEWER.value,
                           cls.active.is_(True)).order_by(cls.name, cls.id)

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Return whether the account may sign in (Flask-Login asks this)."""
        return self.active

    @property
    def role_enum(self) -> Role:
        """Return the account's role."""
        return Role(self.role)

    @property
    def office(self) -> SigningOffice | None:
        """Return the signing office the account holds, if any."""
        return SigningOffice(self.signing_office) if self.signing_office else None

    @property
    def kind(self) -> GovernmentKind | None:
        """Return the kind of government a city representative represents."""
        return GovernmentKind(self.government_kind) if self.government_kind else None

    @property
    def is_staff(self) -> bool:
        """Return whether the account belongs to City staff."""
        return self.role_enum.is_staff

    @property
    def email_confirmed(self) -> bool:
        """Return whether the account's email address has been confirmed."""
        return self.email_confirmed_at is not None

    @property
    def is_verified_representative(self) -> bool:
        """Return whether the account is a verified representative of its city."""
        return (self.role_enum is Role.CITY and self.city_verified_at is not None
                and self.city_id is not None)

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password``, never the password itself."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Return whether ``password`` is this account's password."""
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


# Built once: the review queue's filters and the request page's forms list them on every
# page.
_REVIEWER_NAMES = User._active_cco_reviewers(select(User.id, User.name))
_DIVISION_NAMES = select(Division.id, Division.name).order_by(Division.name)
_DIVISIONS = select(Division).order_by(Division.name)
