"""Decide who may reach what: role checks for routes and the rules for seeing a request.

A city representative sees the requests it created; once verified (``portal.policy.trust``)
it also sees those filed by the other verified representatives of its city, and never a
request of a city it only claims. Division staff see their
division's proposals, and the submitted requests that touch their division (it sponsors
them, or the City Clerk's Office consulted it); a supporting reviewer (EDC or CMO) sees only
the requests shared with its office. CCO reviewers, signing authorities, the City Solicitor
and administrators see every submitted request. Nobody but the submitting party sees a draft.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, Select, and_, false, or_, select

from portal.extensions import db
from portal.models import Consultation, EngagementRequest, User
from portal.policy.answers import Origin
from portal.policy.lifecycle import Status
from portal.policy.review import sees_internal
from portal.policy.roles import Role
from portal.policy.trust import Representative, shares_city_request, speaks_for_city, standing

F = TypeVar("F", bound=Callable[..., Any])

ROLES_SEEING_ALL_SUBMITTED = frozenset(
    {Role.CCO_REVIEWER, Role.SIGNING_AUTHORITY, Role.SOLICITOR, Role.ADMIN}
)


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Let only signed-in users with one of ``roles`` use the view; others get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role_enum not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def representative(user: User) -> Representative:
    """Return what the trust rules need to know of ``user``'s link to a city."""
    return Representative(account_id=user.id, city_id=user.city_id,
                          standing=standing(user.city_verified_at, user.city_refused_at))


def speaks_for(user: User, city_id: int | None) -> bool:
    """Return whether ``user`` is a verified representative of ``city_id``."""
    return user.role_enum is Role.CITY and speaks_for_city(representative(user), city_id)


def is_submitting_party(user: User, request: EngagementRequest) -> bool:
    """Return whether ``user`` speaks for the party that filed ``request``.

    Colleagues share their party's requests: a verified representative of the same city
    (when a verified representative filed it), or any staff member of the sponsoring
    division, may pick up a draft or answer a question.
    """
    role = user.role_enum
    if role is Role.CITY:
        return request.origin == Origin.CITY and shares_city_request(
            representative(user), representative(request.submitter),
            request.counterpart_city_id)
    if role is Role.DIVISION_STAFF:
        return (request.origin == Origin.DIVISION
                and request.sponsoring_division_id == user.division_id)
    return False


ROLES_SEEING_SHARED = frozenset({Role.SUPPORTING_REVIEWER, Role.DIVISION_STAFF})


def _shared_with(user: User) -> ColumnElement[bool]:
    """Return SQL that holds for submitted requests touching ``user``'s division."""
    consulted = select(Consultation.id).where(
        Consultation.request_id == EngagementRequest.id,
        Consultation.division_id == user.division_id).exists()
    return and_(EngagementRequest.status != Status.DRAFT.value,
                or_(EngagementRequest.sponsoring_division_id == user.division_id, consulted))


def _verified_representatives_of(city_id: int) -> Select[Any]:
    return select(User.id).where(User.role == Role.CITY.value, User.city_id == city_id,
                                 User.city_verified_at.is_not(None))


def _own(user: User) -> ColumnElement[bool]:
    # The SQL form of ``is_submitting_party``: the two must agree (tests/test_trust.py).
    role = user.role_enum
    if role is Role.CITY:
        mine = EngagementRequest.submitter_id == user.id
        if user.city_id is None or not speaks_for(user, user.city_id):
            return and_(EngagementRequest.origin == Origin.CITY, mine)
        colleagues = EngagementRequest.submitter_id.in_(_verified_representatives_of(user.city_id))
        return and_(EngagementRequest.origin == Origin.CITY,
                    or_(mine, and_(EngagementRequest.counterpart_city_id == user.city_id,
                                   colleagues)))
    if role is Role.DIVISION_STAFF:
        return and_(EngagementRequest.origin == Origin.DIVISION,
                    EngagementRequest.sponsoring_division_id == user.division_id)
    return false()


def own_requests(user: User, query: Select[Any]) -> Select[Any]:
    """Narrow a query of requests to those ``user``'s city or division filed."""
    return query.where(_own(user))


def visible_requests(user: User, query: Select[Any]) -> Select[Any]:
    """Narrow a query of requests to those ``user`` may see."""
    role = user.role_enum
    if role in ROLES_SEEING_ALL_SUBMITTED:
        return query.where(EngagementRequest.status != Status.DRAFT.value)
    if role in ROLES_SEEING_SHARED and user.division_id is not None:
        return query.where(or_(_own(user), _shared_with(user)))
    return query.where(_own(user))


def can_view(user: User, request: EngagementRequest) -> bool:
    """Return whether ``user`` may see ``request`` and its documents."""
    if is_submitting_party(user, request):
        return True
    if request.status == Status.DRAFT.value:
        return False
    if user.role_enum in ROLES_SEEING_ALL_SUBMITTED:
        return True
    if user.role_enum in ROLES_SEEING_SHARED and user.division_id is not None:
        return request.sponsoring_division_id == user.division_id or db.session.scalar(
            select(Consultation.id).where(Consultation.request_id == request.id,
                                          Consultation.division_id == user.division_id)
            .limit(1)) is not None
    return False


def can_see_internal(user: User, request: EngagementRequest) -> bool:
    """Return whether ``user`` may read the file's internal side, as ``policy.review`` says.

    Never a submitter: a division reads its own proposal as a city reads its request.
    """
    return can_view(user, request) and sees_internal(
        is_staff=user.is_staff, is_submitting_party=is_submitting_party(user, request),
        is_assigned_reviewer=request.assignee_id is not None
        and request.assignee_id == user.id)


def request_for(user: User, request_id: int) -> EngagementRequest:
    """Return the request ``user`` may see, or answer 404 (never saying it exists)."""
    request = db.session.get(EngagementRequest, request_id)
    if request is None or not can_view(user, request):
        abort(404)
    return request
