"""Store engagement requests: the answers of the guided intake, outcomes and documents."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from docgen.locales import counterpart_language_code
from portal.extensions import db
from portal.models._types import enum_values, in_list, utcnow
from portal.models.accounts import Division, User
from portal.models.cities import CounterpartCity
from portal.policy.agreement_language import DraftLanguage, draft_language
from portal.policy.answers import Origin
from portal.policy.categories import (
    NOT_SURE,
    Category,
    max_term_years,
    min_term_years,
    parse_category,
)
from portal.policy.counterparts import GovernmentKind
from portal.policy.lifecycle import Status
from portal.policy.signatories import PARTNERSHIP_OFFICES

ORIGINS = [o.value for o in Origin]
DOCUMENT_KINDS = ["letter_of_intent", "supporting"]


def title_or_city(title: str | None, city_name: str | None) -> str:
    """Return a request's name that is never empty: its title, else its city's name."""
    return title or city_name or "Untitled request"


class EngagementRequest(db.Model):  # type: ignore[name-defined]
    """A request to the program, from a foreign city or a City division."""

    __tablename__ = "engagement_request"
    __table_args__ = (
        CheckConstraint(in_list("status", enum_values(Status)), name="status_known"),
        CheckConstraint(in_list("origin", ORIGINS), name="origin_known"),
        CheckConstraint(
            "requested_category IS NULL OR "
            + in_list("requested_category", [*enum_values(Category), NOT_SURE]),
            name="category_known",
        ),
        CheckConstraint(
            "government_kind IS NULL OR " + in_list("government_kind", enum_values(GovernmentKind)),
            name="government_kind_known",
        ),
        CheckConstraint(
            f"term_years IS NULL OR term_years BETWEEN {min_term_years(None)} "
            f"AND {max_term_years(None)}",
            name="term_within_longest",
        ),
        CheckConstraint(
            "(status = 'draft') = (reference IS NULL AND submitted_at IS NULL)",
            name="reference_iff_submitted",
        ),
        CheckConstraint(
            "origin != 'division' OR sponsoring_division_id IS NOT NULL",
            name="division_names_sponsor",
        ),
        CheckConstraint(
            "partnership_office IS NULL OR "
            + in_list("partnership_office", [o.value for o in PARTNERSHIP_OFFICES]),
            name="partnership_office_known",
        ),
        CheckConstraint("anticipated_cost IS NULL OR anticipated_cost >= 0", name="cost_positive"),
        # The review queue filters by these and sorts by submission date.
        Index("ix_request_queue_status", "status", "submitted_at"),
        # With the status and id, so the queue counts and sorts a category's requests from
        # the index alone (PostgreSQL's index-only scan needs every column it reads).
        Index("ix_request_category_status", "requested_category", "status", "id"),
        # With the status: the working group counts each division's submitted requests.
        Index("ix_request_sponsor", "sponsoring_division_id", "status"),
        # The dashboard counts submitted requests by these, and by city, from the index alone.
        Index("ix_request_status_category_origin", "status", "requested_category", "origin"),
        Index("ix_request_city_status", "counterpart_city_id", "status"),
        # The queue's best-first views (a category's, or all) walk ix_request_category_score
        # (requested_category, score_percent, id) and ix_request_score (score_percent, id)
        # and stop at a page. They are the migrations' alone (c4e8a1f7d2b9, f3c7a9e2d4b6):
        # on PostgreSQL their scores are NULLS FIRST, as SQLite's are without saying, and a
        # model cannot say it for one database only (``search.SCORE_INDEXES``).
        # The search counts its matches by status from this narrow index, not their rows.
        Index("ix_request_id_status", "id", "status"),
        # A reviewer's home lists their requests, and those nobody holds, waiting on a
        # reviewer (``home.queries``): read by status from the index, the oldest first.
        Index("ix_request_assignee_status", "assignee_id", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    origin: Mapped[str] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(32), default=Status.DRAFT.value, index=True)
    submitter_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    counterpart_city_id: Mapped[int | None] = mapped_column(ForeignKey("counterpart_city.id"))
    sponsoring_division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))

    # 1. Who you are / the counterpart
    representative_name: Mapped[str] = mapped_column(String(120), default="")
    representative_title: Mapped[str] = mapped_column(String(120), default="")
    government_kind: Mapped[str | None] = mapped_column(String(32))
    interest_confirmed: Mapped[bool | None] = mapped_column(Boolean)
    interest_evidence: Mapped[str] = mapped_column(Text, default="")
    # 2. Kind of agreement
    requested_category: Mapped[str | None] = mapped_column(String(32))
    term_years: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date | None]
    # 3. Purpose
    title: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    # 3a. The same free text in French, asked when the agreement is bilingual
    # (``draft_language``); outcomes one a line, each with its indicator and target.
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    objectives_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    activities_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    outcomes_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    # 4. Areas and alignment
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    alignment: Mapped[str] = mapped_column(Text, default="")
    # 5. Ties
    community_ties: Mapped[str] = mapped_column(Text, default="")
    relationship_since: Mapped[int | None] = mapped_column(Integer)
    past_projects: Mapped[str] = mapped_column(Text, default="")
    # 6. Resources
    anticipated_cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    funding_source: Mapped[str] = mapped_column(Text, default="")
    staff_time: Mapped[str] = mapped_column(Text, default="")
    counterpart_commitment: Mapped[str] = mapped_column(Text, default="")
    # 7. Contact
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_title: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # 7a. Signing and notices: the counterpart as a legal person, who signs for it and by
    # what authority, and who receives notices; a division names its own coordinator.
    counterpart_legal_name: Mapped[str] = mapped_column(String(200), default="",
                                                        server_default="")
    counterpart_language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    counterpart_signatory_name: Mapped[str] = mapped_column(String(120), default="",
                                                            server_default="")
    counterpart_signatory_title: Mapped[str] = mapped_column(String(120), default="",
                                                             server_default="")
    counterpart_signatory_authority: Mapped[str] = mapped_column(String(300), default="",
                                                                 server_default="")
    counterpart_coordinator_name: Mapped[str] = mapped_column(String(120), default="",
                                                              server_default="")
    counterpart_coordinator_title: Mapped[str] = mapped_column(String(120), default="",
                                                               server_default="")
    counterpart_coordinator_email: Mapped[str] = mapped_column(String(254), default="",
                                                               server_default="")
    counterpart_coordinator_address: Mapped[str] = mapped_column(Text, default="",
                                                                 server_default="")
    city_coordinator_name: Mapped[str] = mapped_column(String(120), default="",
                                                       server_default="")
    city_coordinator_title: Mapped[str] = mapped_column(String(120), default="",
                                                        server_default="")
    city_coordinator_email: Mapped[str] = mapped_column(String(254), default="",
                                                        server_default="")
    city_coordinator_address: Mapped[str] = mapped_column(Text, default="", server_default="")
    # 8. Declaration
    declaration_name: Mapped[str] = mapped_column(String(120), default="")
    # A request that promotes a project to a partnership, or renews an agreement.
    promotes_agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement.id", use_alter=True))
    renews_agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement.id", use_alter=True))
    # Raised by a reviewer; shown among the risk flags, never to the submitter.
    reputational_concern: Mapped[str] = mapped_column(Text, default="")
    # The current assessment's total, kept here by portal.assessment (its only writer, with
    # the assessment's own) so the queue sorts by score from an index; None until scored.
    score_percent: Mapped[float | None] = mapped_column(Float, nullable=True)
    # The office a reviewer chose to sign this Partnership City (Mayor's Office or City
    # Manager); None follows the administrator's default for the kind of request.
    partnership_office: Mapped[str | None] = mapped_column(String(32))

    # Review
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Optimistic locking: a change made from a stale page is refused, never merged.
    version: Mapped[int] = mapped_column(Integer, default=1)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)

    __mapper_args__ = {"version_id_col": version}

    submitter: Mapped[User] = relationship(foreign_keys=[submitter_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    counterpart_city: Mapped[CounterpartCity | None] = relationship()
    sponsoring_division: Mapped[Division | None] = relationship()
    outcomes: Mapped[list[Outcome]] = relationship(
        order_by="Outcome.position", cascade="all, delete-orphan", back_populates="request"
    )
    documents: Mapped[list[Document]] = relationship(
        order_by="Document.uploaded_at", cascade="all, delete-orphan", back_populates="request"
    )

    @property
    def status_enum(self) -> Status:
        """Return where the request stands."""
        return Status(self.status)

    @property
    def category(self) -> Category | None:
        """Return the category asked for, or None when not yet chosen or not sure."""
        return parse_category(self.requested_category)

    @property
    def kind(self) -> GovernmentKind | None:
        """Return the kind of government the counterpart is."""
        return GovernmentKind(self.government_kind) if self.government_kind else None

    @property
    def letter_of_intent(self) -> Document | None:
        """Return the counterpart's letter of intent, if uploaded."""
        for document in self.documents:
            if document.kind == "letter_of_intent":
                return document
        return None

    @property
    def draft_language(self) -> DraftLanguage:
        """Return the language(s) of the agreement's draft, as the policy decides them.

        From the language the counterpart chose, else its country's first official one.
        """
        country = self.counterpart_city.country_code if self.counterpart_city else None
        return draft_language(counterpart_language_code(country, self.counterpart_language))

    @property
    def display_title(self) -> str:
        """Return a name for the request that is never empty."""
        city = self.counterpart_city
        return title_or_city(self.title, city.name if city else None)

    def __repr__(self) -> str:
        return f"<EngagementRequest {self.reference or self.id} {self.status}>"


class Outcome(db.Model):  # type: ignore[name-defined]
    """One measurable outcome of a request: what, measured how, to what target."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("engagement_request.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(300), default="")
    indicator: Mapped[str] = mapped_column(String(300), default="")
    target: Mapped[str] = mapped_column(String(200), default="")

    request: Mapped[EngagementRequest] = relationship(back_populates="outcomes")


class Document(db.Model):  # type: ignore[name-defined]
    """A file attached to a request, kept in the database so every host can serve it."""

    __table_args__ = (
        CheckConstraint(in_list("kind", DOCUMENT_KINDS), name="kind_known"),
        CheckConstraint("size > 0", name="not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("engagement_request.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[EngagementRequest] = relationship(back_populates="documents")
    uploaded_by: Mapped[User] = relationship()


class RequestStatusCount(db.Model):  # type: ignore[name-defined]
    """How many requests stand in each status and category, kept exact by the database itself.

    Triggers on ``engagement_request`` (made by the migrations that add and extend this
    table) add and take away one on every insert, change of status or category and delete,
    whatever writes them, so the review queue reads its totals here instead of counting
    every request, or every request of a category: its cost stays flat as the years of
    requests pile up. A request with no category yet is counted under the empty string.
    """

    __tablename__ = "request_status_count"
    __table_args__ = (
        CheckConstraint(in_list("status", enum_values(Status)), name="status_known"),
        CheckConstraint(in_list("category", ["", *enum_values(Category), NOT_SURE]),
                        name="category_known"),
    )

    status: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    requests: Mapped[int] = mapped_column(Integer, default=0)


class ReferenceCounter(db.Model):  # type: ignore[name-defined]
    """The last reference number given in a year, so references never repeat."""

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)
