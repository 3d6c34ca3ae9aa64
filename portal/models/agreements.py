"""Store draft agreements (numbered versions), templates, and the registry of agreements.

Where an agreement stands is derived from its dates (``policy.agreement_states.status_on``,
read by ``Agreement.state_on``). So that lists filter, sort, count and page in SQL, the same
rule is written once more here as a CASE over the stored decision and the dates
(``state_sql``); ``tests/policy/test_agreement_states.py`` and ``tests/test_registry.py``
hold the two to agreeing. Keeping a stored column in sync instead would need a nightly job
to move signed agreements into force, which is what the derivation does away with.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    case,
    literal,
    select,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship, validates

from portal.database import remember_each, remembered
from portal.extensions import db
from portal.models._types import enum_values, in_list, utcnow
from portal.models.accounts import Division, User
from portal.models.cities import CounterpartCity
from portal.models.phrase_text import PhraseText
from portal.models.requests import EngagementRequest
from portal.models.sorting import key_of, stored_key
from portal.policy.agreement_states import (
    CURRENT_STATES,
    MAY_BE_CURRENT,
    SETTLED_BY_DECISION,
    AgreementDates,
    AgreementState,
    status_on,
)
from portal.policy.agreements import (
    DEFAULT_REVIEW_WINDOW_DAYS,
    AgreementEventKind,
    AgreementStatus,
)
from portal.policy.categories import Category
from portal.policy.lifecycle import AGREEMENT_HOLDING_STATES, DRAFT_HOLDING_STATES


class AgreementDraft(db.Model):  # type: ignore[name-defined]
    """One generated version of a request's draft agreement, with the terms it was made from."""

    __tablename__ = "agreement_draft"
    __table_args__ = (
        UniqueConstraint("request_id", "version", name="uq_agreement_draft_version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("(approved_at IS NULL) = (approved_by_id IS NULL)",
                        name="approval_signed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("engagement_request.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    terms: Mapped[dict[str, Any]] = mapped_column(JSON)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    sha256: Mapped[str] = mapped_column(String(64))
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime | None]
    # An edited Word file brought back (``DraftSource.UPLOADED``): ``generated_by`` is who
    # uploaded it, and the placeholders it left unfilled are kept to point them out.
    source: Mapped[str] = mapped_column(String(16), default="generated",
                                        server_default="generated")
    unfilled: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # The City Solicitor returned this version with changes requested, and said which.
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    returned_at: Mapped[datetime | None]
    return_comment: Mapped[str] = mapped_column(Text, default="", server_default="")

    generated_by: Mapped[User | None] = relationship(foreign_keys=[generated_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id])

    @classmethod
    def of_request(cls, req: EngagementRequest) -> list[AgreementDraft]:
        """Return the draft versions of ``req``, newest first (none before it is drafted)."""
        if req.status_enum not in DRAFT_HOLDING_STATES:
            return []
        # The next step and the agreement's panel both read them: once a page.
        return list(remembered(("drafts_of", req.id), lambda: tuple(db.session.scalars(
            _DRAFTS_OF, {"request_id": req.id}))))

    @classmethod
    def read_of_requests(cls, requests: Iterable[EngagementRequest]) -> None:
        """Read the draft versions of many requests at once, for ``of_request`` to find."""
        ids = sorted({req.id for req in requests if req.status_enum in DRAFT_HOLDING_STATES})
        if ids:
            remember_each("drafts_of", ids, db.session.scalars(_DRAFTS_OF_MANY, {"ids": ids}),
                          lambda draft: draft.request_id)

    @property
    def is_uploaded(self) -> bool:
        """Return whether this version is an edited Word file someone uploaded."""
        return self.source == "uploaded"


# Built once: SQLAlchemy spends more building a statement than SQLite spends running it.
_DRAFTS_OF = select(AgreementDraft).where(
    AgreementDraft.request_id == bindparam("request_id")).order_by(AgreementDraft.version.desc())
_DRAFTS_OF_MANY = select(AgreementDraft).where(
    AgreementDraft.request_id.in_(bindparam("ids", expanding=True))).order_by(
    AgreementDraft.request_id, AgreementDraft.version.desc())


def approved_of(drafts: list[AgreementDraft]) -> AgreementDraft | None:
    """Return the draft of ``drafts`` approved as to form, if any."""
    return next((d for d in drafts if d.approved_at is not None), None)


def newest_returned(drafts: list[AgreementDraft]) -> bool:
    """Return whether the newest of ``drafts`` (newest first) was returned with changes."""
    return bool(drafts) and drafts[0].returned_at is not None


class AgreementTemplate(db.Model):  # type: ignore[name-defined]
    """A replacement Word template an administrator uploaded; the newest per category is used."""

    __tablename__ = "agreement_template"
    __table_args__ = (CheckConstraint(in_list("category", enum_values(Category)),
                                      name="category_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()


COUNTERPART_NAME_LENGTH = 200


def new_public_id() -> str:
    """Return a new agreement's published identifier (``policy.open_data.ID_PATTERN``)."""
    return str(uuid4())


class Agreement(db.Model):  # type: ignore[name-defined]
    """An agreement in the City's registry, current or historical.

    One signed through the portal links to its request and keeps the signed copy; one from
    before the portal (seeded from the program review) has neither, and dates not recorded
    in the sources stay empty rather than invented.
    """

    __table_args__ = (
        CheckConstraint(in_list("status", enum_values(AgreementStatus)), name="status_known"),
        CheckConstraint("category IS NULL OR " + in_list("category", enum_values(Category)),
                        name="category_known"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                        name="ends_after_start"),
        CheckConstraint("(signed_copy IS NULL) = (signed_filename IS NULL)",
                        name="signed_copy_named"),
        # A terminated agreement says when notice was given, why, and when it ends.
        CheckConstraint("status != 'terminated' OR (termination_notice_on IS NOT NULL "
                        "AND terminates_on IS NOT NULL)", name="termination_dated"),
        Index("ix_agreement_city_status", "counterpart_city_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the open data publishes: kept, not derived from ``id``, so it survives
    # a move to another database or a restore, and reveals nothing of how many were made.
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("engagement_request.id"),
                                                   unique=True)
    counterpart_name: Mapped[str] = mapped_column(String(COUNTERPART_NAME_LENGTH))
    # What the registry sorts by (``policy.names.sort_key``), kept with the name.
    counterpart_sort_name: Mapped[str] = mapped_column(
        String(COUNTERPART_NAME_LENGTH), server_default="",
        default=key_of("counterpart_name", COUNTERPART_NAME_LENGTH))
    # Indexed with the status (ix_agreement_city_status): the queue and the eligibility gate
    # read the current agreements of a few cities.
    counterpart_city_id: Mapped[int | None] = mapped_column(ForeignKey("counterpart_city.id"))
    country_code: Mapped[str | None] = mapped_column(String(2))
    category: Mapped[str | None] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    is_city_to_city: Mapped[bool] = mapped_column(default=True)
    established_year: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None] = mapped_column(index=True)
    signed_on: Mapped[date | None]
    lead_division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    signed_filename: Mapped[str | None] = mapped_column(String(200))
    signed_media_type: Mapped[str | None] = mapped_column(String(120))
    signed_copy: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    signed_sha256: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Notice of termination: when it was given, why, and the day the agreement then ends.
    termination_notice_on: Mapped[date | None]
    termination_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    terminates_on: Mapped[date | None]

    counterpart_city: Mapped[CounterpartCity | None] = relationship()
    lead_division: Mapped[Division | None] = relationship()

    @validates("counterpart_name")
    def _keep_sort_name(self, _key: str, name: str) -> str:
        self.counterpart_sort_name = stored_key(name, COUNTERPART_NAME_LENGTH)
        return name

    @property
    def origin(self) -> EngagementRequest | None:
        """Return the request the agreement was signed from, if it came through the portal."""
        return (db.session.get(EngagementRequest, self.request_id)
                if self.request_id is not None else None)

    @classmethod
    def of_request(cls, req: EngagementRequest) -> Agreement | None:
        """Return the registry entry ``req`` became, once signed (none before)."""
        if req.status_enum not in AGREEMENT_HOLDING_STATES:
            return None
        return db.session.scalars(_AGREEMENT_OF, {"request_id": req.id}).first()

    @property
    def dates(self) -> AgreementDates:
        """Return what the agreement's state is derived from."""
        return AgreementDates(self.status_enum, self.start_date, self.end_date,
                              self.terminates_on)

    def state_on(self, today: date,
                 window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> AgreementState:
        """Return where the agreement stands on ``today`` (``policy.agreement_states``)."""
        return status_on(self.dates, today, window_days)

    @property
    def status_enum(self) -> AgreementStatus:
        """Return where the agreement stands."""
        return AgreementStatus(self.status)

    @property
    def category_enum(self) -> Category | None:
        """Return the agreement's category, if it has one (historical ones may not)."""
        return Category(self.category) if self.category else None


def state_sql(today: date, window_days: int = DEFAULT_REVIEW_WINDOW_DAYS,
              ) -> ColumnElement[str]:
    """Return ``status_on`` as an SQL expression: the state of each row on ``today``.

    Keep it in the order of ``status_on``; a test compares them on every combination.
    """
    stored = Agreement.status
    due_by = today + timedelta(days=window_days)
    return case(
        *((stored == decision.value, literal(state.value))
          for decision, state in SETTLED_BY_DECISION.items()),
        (and_(Agreement.start_date.is_not(None), Agreement.start_date > today),
         literal(AgreementState.SIGNED.value)),
        (and_(stored == AgreementStatus.TERMINATED.value,
              Agreement.terminates_on.is_not(None), Agreement.terminates_on >= today),
         literal(AgreementState.ENDING_SOON.value)),
        (stored == AgreementStatus.TERMINATED.value, literal(AgreementState.TERMINATED.value)),
        (and_(stored == AgreementStatus.RENEWED.value, Agreement.end_date.is_(None)),
         literal(AgreementState.RENEWED.value)),
        (and_(Agreement.end_date.is_not(None), Agreement.end_date < today,
              stored == AgreementStatus.RENEWED.value), literal(AgreementState.RENEWED.value)),
        (and_(Agreement.end_date.is_not(None), Agreement.end_date < today),
         literal(AgreementState.EXPIRED.value)),
        (and_(Agreement.end_date.is_not(None), Agreement.end_date <= due_by),
         literal(AgreementState.ENDING_SOON.value)),
        else_=literal(AgreementState.IN_FORCE.value))


@lru_cache(maxsize=4)
def current_condition(today: date) -> ColumnElement[bool]:
    """Return the SQL condition of an agreement the City holds on ``today`` (any window).

    Kept per day: building the expression costs more than running it on a small registry.
    """
    # The stored decision first: it rules out most rows from an index (ix_agreement_city_status).
    return and_(Agreement.status.in_([s.value for s in MAY_BE_CURRENT]),
                state_sql(today).in_([s.value for s in CURRENT_STATES]))


def review_due_condition(today: date, window_days: int) -> ColumnElement[bool]:
    """Return the SQL of ``policy.agreement_states.is_review_due``."""
    return and_(Agreement.status == AgreementStatus.ACTIVE.value,
                state_sql(today, window_days) == AgreementState.ENDING_SOON.value)


_AGREEMENT_OF = select(Agreement).where(Agreement.request_id == bindparam("request_id"))


class AgreementEvent(db.Model):  # type: ignore[name-defined]
    """One entry in an agreement's history: signed, reviewed, reported, promoted, expired."""

    __tablename__ = "agreement_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(32))
    # The portal's own notes are phrases, said in each reader's language.
    note: Mapped[str] = mapped_column(PhraseText, default="")

    actor: Mapped[User | None] = relationship()

    @property
    def kind(self) -> AgreementEventKind:
        """Return what the entry records, as the policy names it."""
        return AgreementEventKind(self.action)


class AgreementReview(db.Model):  # type: ignore[name-defined]
    """A periodic review of an agreement near its end: what it achieved, what comes next."""

    __tablename__ = "agreement_review"
    __table_args__ = (
        CheckConstraint(in_list("recommendation", ["promote", "renew", "expire", "terminate"]),
                        name="recommendation_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    outcomes_achieved: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text)
    recommendation: Mapped[str] = mapped_column(String(16))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewed_by: Mapped[User | None] = relationship()


class OutcomeReport(db.Model):  # type: ignore[name-defined]
    """The lead division's yearly report of progress against each outcome indicator."""

    __tablename__ = "outcome_report"
    __table_args__ = (UniqueConstraint("agreement_id", "year", name="uq_outcome_report_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    entries: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)

    reported_by: Mapped[User | None] = relationship()


class ReminderSent(db.Model):  # type: ignore[name-defined]
    """A reminder already written, so the scheduled job never writes it twice."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("agreement_id", "kind", "period",
                                       name="uq_reminder_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
