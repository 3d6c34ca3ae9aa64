"""List each inbox's work from the database, as the predicates of ``policy.inbox`` say.

Each listing narrows in SQL by the states and columns the policy's predicate reads, so the
two can be checked against each other (tests/test_home_listings.py). A signing authority's
decisions are the exception: who decides follows from settings an administrator edits, so
the SQL reads the recommended requests and the policy names, for each, who decides it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.orm import aliased, joinedload

from portal import access
from portal.assessment import services as assessment
from portal.extensions import db
from portal.models import AgreementDraft, Consultation, EngagementRequest, User
from portal.policy.inbox import (
    AWAITING_DECISION,
    AWAITING_FORM,
    AWAITING_REVIEWER,
    AWAITING_SUBMITTER,
    answerable_states,
    awaits_decision_of,
)
from portal.policy.lifecycle import Status

T = TypeVar("T")

SHOWN = 50
"""The most entries a home lists of one inbox; its heading counts them all."""


@dataclass(frozen=True)
class Listing(Generic[T]):
    """An inbox's entries, the first ``SHOWN``, and how many there are in all."""

    count: int
    entries: list[T] = field(default_factory=list)

    @property
    def more(self) -> bool:
        """Return whether some entries are not listed."""
        return self.count > len(self.entries)


def _listing(query: Select[Any], order: tuple[Any, ...], *load: Any) -> Listing[Any]:
    """Return the first ``SHOWN`` of what ``query`` finds in ``order``, and how many in all.

    The matches are read first and then sorted (a materialized CTE), never found by walking
    an index in ``order`` and skipping what does not match. Waiting requests are the newest:
    walked from the oldest, PostgreSQL skipped 78,000 decided ones for the unassigned
    (146 ms at 100,000 requests), and a prepared statement's generic plan did the same for
    a reviewer's own. Counted in the same statement; then the page's entries read whole.
    """
    entity = query.column_descriptions[0]["entity"]
    keys = [column.label(f"key_{n}") for n, column in enumerate(order)]
    matches = (query.with_only_columns(entity.id.label("entry_id"), *keys).order_by(None)
               .cte("matches").prefix_with("MATERIALIZED"))
    # The limit written into the statement: as a parameter, SQLite plans for any number of
    # rows.
    first = db.session.execute(
        select(matches.c.entry_id, func.count().over())
        .order_by(*(matches.c[key.name] for key in keys))
        .limit(literal(SHOWN, literal_execute=True))).all()
    ids = [entry_id for entry_id, _total in first]
    found = {row.id: row for row in db.session.scalars(
        select(entity).where(entity.id.in_(ids)).options(*load))} if ids else {}
    return Listing(first[0][1] if first else 0, [found[i] for i in ids])


# Each request listed is named by its title, else its city's name, and said to come from
# its city or its sponsoring division: both read with it, not one request at a time after.
_WITH_ORIGIN = (joinedload(EngagementRequest.counterpart_city),
                joinedload(EngagementRequest.sponsoring_division))


def _names(user: User, req: EngagementRequest) -> bool:
    answer = assessment.signatory(req)
    return awaits_decision_of(
        req.status_enum, answer.signatory, user.office,
        user.division.name if user.division else None,
        req.sponsoring_division.name if req.sponsoring_division else None, user.name)


def awaiting_decision(user: User) -> Listing[EngagementRequest]:
    """Return the recommended requests whose decision the policy gives ``user``."""
    recommended = db.session.scalars(select(EngagementRequest).where(
        EngagementRequest.status.in_(sorted(AWAITING_DECISION)))
        .order_by(EngagementRequest.status_changed_at, EngagementRequest.id))
    mine = [req for req in recommended if _names(user, req)]
    return Listing(len(mine), mine[:SHOWN])


OLDEST_DRAFT_FIRST = (AgreementDraft.generated_at, AgreementDraft.id)
OLDEST_QUESTION_FIRST = (Consultation.asked_at, Consultation.id)
LONGEST_WAITING_FIRST = (EngagementRequest.status_changed_at, EngagementRequest.id)
FIRST_SUBMITTED_FIRST = (EngagementRequest.submitted_at, EngagementRequest.id)


def newest_drafts() -> Select[Any]:
    """Return SQL for each request's newest draft, never approved nor returned with changes.

    ``policy.inbox.awaits_approval_as_to_form`` is the rule (tests/test_home_listings.py).
    """
    newest = (select(AgreementDraft.request_id, func.max(AgreementDraft.version).label("v"))
              .group_by(AgreementDraft.request_id).subquery())
    other = aliased(AgreementDraft)  # any version of the same request, approved already
    approved = select(other.id).where(other.request_id == AgreementDraft.request_id,
                                      other.approved_at.is_not(None)).exists()
    return (select(AgreementDraft)
            .join(EngagementRequest, EngagementRequest.id == AgreementDraft.request_id)
            .join(newest, and_(newest.c.request_id == AgreementDraft.request_id,
                               newest.c.v == AgreementDraft.version))
            .where(EngagementRequest.status.in_(sorted(AWAITING_FORM)), ~approved,
                   AgreementDraft.returned_at.is_(None))
            .order_by(*OLDEST_DRAFT_FIRST))


def drafts_awaiting_form() -> Listing[AgreementDraft]:
    """Return the newest draft of each agreement awaiting the City Solicitor's approval."""
    return _listing(newest_drafts(), OLDEST_DRAFT_FIRST)


def previous_terms(draft: AgreementDraft) -> dict[str, Any] | None:
    """Return the terms of the version before ``draft``, or None for a first version."""
    return db.session.scalar(select(AgreementDraft.terms).where(
        AgreementDraft.request_id == draft.request_id,
        AgreementDraft.version == draft.version - 1))


def consultations_query(user: User) -> Select[Any]:
    """Return SQL for the consultations awaiting an answer from ``user``'s office."""
    return (select(Consultation)
            .join(EngagementRequest, EngagementRequest.id == Consultation.request_id)
            .where(Consultation.division_id == user.division_id,
                   Consultation.answered_at.is_(None), Consultation.withdrawn_at.is_(None),
                   EngagementRequest.status.in_(sorted(answerable_states(user.role_enum))))
            .order_by(*OLDEST_QUESTION_FIRST))


def consultations_awaiting(user: User) -> Listing[Consultation]:
    """Return the consultations put to ``user``'s office and not yet answered."""
    if user.division_id is None:
        return Listing(0)
    return _listing(consultations_query(user), OLDEST_QUESTION_FIRST)


def _waits_on_reviewer() -> ColumnElement[bool]:
    """Return SQL for ``policy.inbox.waits_on_reviewer``.

    The reviewer's step, or a draft the Solicitor returned (its newest version carries the
    return).
    """
    newest = aliased(AgreementDraft)
    later = aliased(AgreementDraft)
    returned = (select(newest.id)
                .where(newest.request_id == EngagementRequest.id,
                       newest.returned_at.is_not(None),
                       ~select(later.id).where(later.request_id == newest.request_id,
                                               later.version > newest.version).exists())
                .exists())
    # Said as "one of these states, and if drafted, returned": the same requests as "the
    # reviewer's states, or drafted and returned", but the states are one list the index
    # ix_request_assignee_status can read (an OR of the two made SQLite walk every request
    # ever submitted, oldest first: 120 ms at 100,000 requests).
    drafted = Status.AGREEMENT_DRAFTED.value
    return and_(EngagementRequest.status.in_(sorted({*AWAITING_REVIEWER, drafted})),
                or_(EngagementRequest.status != drafted, returned))


def assigned_query(user: User) -> Select[Any]:
    """Return SQL for the open requests assigned to ``user`` that wait on their move."""
    return (select(EngagementRequest)
            .where(EngagementRequest.assignee_id == user.id, _waits_on_reviewer())
            .order_by(*LONGEST_WAITING_FIRST))


def assigned_to(user: User) -> Listing[EngagementRequest]:
    """Return the requests assigned to ``user`` that wait on the reviewer."""
    return _listing(assigned_query(user), LONGEST_WAITING_FIRST, *_WITH_ORIGIN)


def unassigned_query() -> Select[Any]:
    """Return SQL for the requests waiting on a reviewer that nobody holds, oldest first."""
    return (select(EngagementRequest)
            .where(EngagementRequest.assignee_id.is_(None), _waits_on_reviewer())
            .order_by(*FIRST_SUBMITTED_FIRST))


def unassigned(user: User) -> Listing[EngagementRequest]:
    """Return the requests nobody is assigned to that wait on a reviewer."""
    return _listing(unassigned_query(), FIRST_SUBMITTED_FIRST, *_WITH_ORIGIN)


def action_needed_query(user: User) -> Select[Any]:
    """Return SQL for ``user``'s own requests that wait on the submitter, oldest first."""
    return access.own_requests(user, select(EngagementRequest).where(
        EngagementRequest.status.in_(sorted(AWAITING_SUBMITTER)))
        .order_by(*LONGEST_WAITING_FIRST))


def action_needed(user: User) -> Listing[EngagementRequest]:
    """Return ``user``'s requests that wait on their answer."""
    return _listing(action_needed_query(user), LONGEST_WAITING_FIRST, *_WITH_ORIGIN)
