"""Decide who may reach what: role checks for routes and the rules for seeing a request.

A city representative sees the requests it created; once verified (``portal.policy.trust``)
it also sees those filed by the other verified representatives of its city, and never a
request of a city it only claims. Division staff see their
division's proposals, and the submitted requests that touch their division (it sponsors
them, or the City Clerk's Office consulted it); a supporting reviewer (EDC or CMO) sees only
the requests shared with its office. CCO reviewers, signing authorities, the City Solicitor
and administrators see every submitted request. Nobody but the submitting party sees a draft.

For agreements it says where one stands today (with the configured review window) and who
may propose to renew or promote it: the intake's duplicate notice and the registry both ask.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache, wraps
from typing import Any, NoReturn, TypeVar

from flask import abort, current_app, flash, g, redirect, request
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, Select, and_, bindparam, false, or_, select
from sqlalchemy.orm.interfaces import ORMOption

from portal.extensions import db
from portal.models import Agreement, ApiToken, Consultation, EngagementRequest, User
from portal.models._types import utcnow
from portal.models.api_tokens import digest
from portal.policy.agreement_states import AgreementAction, AgreementState, refusal
from portal.policy.agreements import DEFAULT_REVIEW_WINDOW_DAYS
from portal.policy.answers import Origin
from portal.policy.api_tokens import token_refusal
from portal.policy.drafts import may_compare as may_compare_drafts
from portal.policy.lifecycle import Status
from portal.policy.proposals import Parties, Proposer, may_propose, proposal_refusal
from portal.policy.review import sees_internal
from portal.policy.roles import Role
from portal.policy.trust import Representative, shares_city_request, speaks_for_city, standing
from portal.translation import say

F = TypeVar("F", bound=Callable[..., Any])

ROLES_SEEING_ALL_SUBMITTED = frozenset(
    {Role.CCO_REVIEWER, Role.SIGNING_AUTHORITY, Role.SOLICITOR, Role.ADMIN}
)


STAFF_ROLES = tuple(role for role in Role if role.is_staff)


def signed_in(view: F) -> F:
    """Let only signed-in users use the view; a visitor is sent to sign in first.

    The view then loads its object through a loader that answers 404 or 403 (``request_for``).
    """
    wrapped = login_required(view)
    wrapped.guarded = True  # type: ignore[attr-defined]  (tests/test_guards.py reads it)
    return wrapped  # type: ignore[return-value]


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Let only signed-in users with one of ``roles`` use the view; others get 403.

    A visitor is sent to sign in first, as on every page that needs an account.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role_enum not in roles:
                abort(403)
            return view(*args, **kwargs)

        return signed_in(wrapped)  # type: ignore[arg-type]

    return decorator


def staff_required(view: F) -> F:
    """Let only signed-in City staff use the view; a city gets 403, a visitor signs in."""
    return roles_required(*STAFF_ROLES)(view)


def token_required(view: F) -> F:
    """Let a request bearing a valid personal access token use the view, as the token's user.

    ``Authorization: Bearer <token>`` only (never a cookie, so no form on another site can
    use it); the user is ``g.api_user``. A missing, unknown, revoked or expired token, or
    one whose account may no longer use the API (``policy.api_tokens``), is answered 401.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        g.api_user = _token_user()
        return view(*args, **kwargs)

    wrapped.guarded = True  # type: ignore[attr-defined]  (tests/test_guards.py reads it)
    return wrapped  # type: ignore[return-value]


def _token_user() -> User:
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        abort(401)
    token = db.session.scalar(select(ApiToken).where(
        ApiToken.token_hash == digest(presented.strip())))
    if token is None:
        abort(401)
    now = utcnow()
    refused = token_refusal(revoked_at=token.revoked_at, expires_at=token.expires_at, now=now,
                            account_active=token.user.active, role=token.user.role_enum)
    if refused is not None:
        abort(401, description=say(refused))
    # The API only reads, so this is the request's one write: when the token was last used,
    # which the account page shows to spot a token nobody uses any more.
    token.last_used_at = now
    db.session.commit()
    return token.user


def turn_away(url: str, message: str, category: str = "info") -> NoReturn:
    """Stop the view and send the person to ``url``, saying why.

    For a guard whose object exists but is past the step asked for (a submitted draft):
    the loader returns the object or ends here, so no view tests for a response.
    """
    flash(message, category)
    abort(redirect(url))


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
    return and_(submitted(),
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


def submitted(status: Any = EngagementRequest.status) -> ColumnElement[bool]:
    """Return the condition that a request was submitted: its ``status`` is not a draft.

    What the roles in ``ROLES_SEEING_ALL_SUBMITTED`` see of every request. ``status`` may be
    a copy of the request's status that another table keeps (the queue's kept counts, its
    index of words), so that they all say it the one way.
    """
    return status != Status.DRAFT.value  # type: ignore[no-any-return]


def visible_requests(user: User, query: Select[Any]) -> Select[Any]:
    """Narrow a query of requests to those ``user`` may see."""
    role = user.role_enum
    if role in ROLES_SEEING_ALL_SUBMITTED:
        return query.where(submitted())
    if role in ROLES_SEEING_SHARED and user.division_id is not None:
        return query.where(or_(_own(user), _shared_with(user)))
    return query.where(_own(user))


def may_compare(user: User, req: EngagementRequest) -> bool:
    """Return whether ``user`` may compare versions of ``req``'s draft (``policy.drafts``)."""
    return may_compare_drafts(is_submitting_party(user, req), user.is_staff)


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


def request_for(user: User, request_id: int, *loads: ORMOption,
                locked: bool = False) -> EngagementRequest:
    """Return the request ``user`` may see, or answer 404 (never saying it exists).

    ``loads`` (``joinedload(...)``) read with the request the records its page shows.
    ``locked`` holds the request's row (on PostgreSQL; SQLite lets one request write at a
    time anyway) until the transaction ends: another request that would change it waits
    here, before reading it, and then reads it as changed.
    """
    request = (db.session.scalars(_request_with(loads, locked), {"id": request_id}).unique()
               .one_or_none() if loads or locked
               else db.session.get(EngagementRequest, request_id))
    if request is None or not can_view(user, request):
        abort(404)
    return request


@lru_cache(maxsize=8)
def _request_with(loads: tuple[ORMOption, ...], locked: bool) -> Select[Any]:
    # Built once per set of loads (a page's constant): building costs more than running it.
    query = select(EngagementRequest).where(
        EngagementRequest.id == bindparam("id")).options(*loads)
    # FOR NO KEY UPDATE of the request's row alone (an eager load's outer join can't be
    # locked): two requests that both take it are served one after the other.
    return query.with_for_update(of=EngagementRequest, key_share=True) if locked else query


# Agreements: where one stands, and who may propose what follows it ----------------------

def review_window_days() -> int:
    """Return how many days before its end an agreement comes up for review (configurable)."""
    return int(current_app.config.get("REGISTRY_REVIEW_WINDOW_DAYS",
                                      DEFAULT_REVIEW_WINDOW_DAYS))


def state_of(agreement: Agreement, today: date | None = None) -> AgreementState:
    """Return where ``agreement`` stands today, with the configured review window."""
    return agreement.state_on(today or date.today(), review_window_days())


def proposer_of(user: User) -> Proposer:
    """Return ``user`` as ``policy.proposals`` reads someone proposing a new agreement."""
    return Proposer(role=user.role_enum, city_id=user.city_id,
                    verified=user.is_verified_representative, division_id=user.division_id)


def parties_of(agreement: Agreement) -> Parties:
    """Return ``agreement``'s parties as ``policy.proposals`` reads them."""
    return Parties(counterpart_city_id=agreement.counterpart_city_id,
                   lead_division_id=agreement.lead_division_id)


def proposal_refused(user: User, agreement: Agreement) -> str | None:
    """Return why ``user`` may not promote or renew ``agreement``; None if they are a party."""
    return proposal_refusal(proposer_of(user), parties_of(agreement))


def _may_propose(user: User, agreement: Agreement) -> bool:
    return may_propose(proposer_of(user), parties_of(agreement))


def state_refusal(action: AgreementAction, agreement: Agreement,
                  today: date | None = None) -> str | None:
    """Return why the agreement's state refuses ``action`` today (the policy's sentence)."""
    return refusal(action, state_of(agreement, today), agreement.category_enum,
                   notice_given=agreement.termination_notice_on is not None)


def can_promote(user: User, agreement: Agreement) -> bool:
    """Return whether ``user`` may propose to promote ``agreement`` to a Partnership City.

    Only an International Project in force, and only its parties (``policy.proposals``): the
    counterpart city's verified representatives, the lead division's staff, CCO reviewers.
    """
    return (state_refusal(AgreementAction.PROMOTE, agreement) is None
            and _may_propose(user, agreement))


def can_renew(user: User, agreement: Agreement) -> bool:
    """Return whether ``user`` may propose a new agreement of the same category to follow it."""
    return (state_refusal(AgreementAction.RENEW, agreement) is None
            and _may_propose(user, agreement))
