"""Verify or refuse a city account's claimed link, and invite colleagues of a verified one.

Every change is audited and the person is told by email. The rules (who may verify, who may
invite, what a standing allows) are ``portal.policy.trust``'s; this module carries them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal import access, audit, notifications, signals
from portal.auth import tokens
from portal.auth.services import find_by_email, tokens_secret
from portal.extensions import db
from portal.models import Agreement, CounterpartCity, EngagementRequest, User
from portal.models._types import utcnow
from portal.models.cities import fold_name
from portal.policy.answers import Origin
from portal.policy.phrases import N_
from portal.policy.refusals import Refused
from portal.policy.roles import Role
from portal.policy.trust import Standing, may_invite, why_not_verify


class VerificationRefused(Refused):
    """The link cannot be verified or refused now; the message says why."""


def standing_of(user: User) -> Standing:
    """Return how far the portal trusts ``user``'s link to its city."""
    return access.representative(user).standing


def awaiting_verification() -> list[User]:
    """Return the active, confirmed city accounts whose link is only claimed, oldest first."""
    return list(db.session.scalars(
        select(User).where(User.role == Role.CITY.value, User.active.is_(True),
                           User.email_confirmed_at.is_not(None),
                           User.city_verified_at.is_(None), User.city_refused_at.is_(None))
        .order_by(User.created_at, User.id)))


def count_awaiting() -> int:
    """Return how many accounts wait for a reviewer to verify them."""
    return db.session.scalar(
        select(func.count(User.id)).where(
            User.role == Role.CITY.value, User.active.is_(True),
            User.email_confirmed_at.is_not(None), User.city_verified_at.is_(None),
            User.city_refused_at.is_(None))) or 0


@dataclass(frozen=True)
class Suggestion:
    """What the portal already knows of the city an account claims, to help the reviewer."""

    city: CounterpartCity | None
    verified: list[User]
    agreements: int
    submitted: int


def suggestion_for(user: User) -> Suggestion:
    """Return the existing record of the claimed city, its verified people and its files.

    The city is matched by its folded name only to inform the reviewer; a match grants
    nothing.
    """
    city = user.city
    if city is None:
        return Suggestion(None, [], 0, 0)
    same = select(CounterpartCity.id).where(CounterpartCity.folded_name == fold_name(city.name),
                                            CounterpartCity.country_code == city.country_code)
    verified = list(db.session.scalars(
        select(User).where(User.role == Role.CITY.value, User.city_id.in_(same),
                           User.city_verified_at.is_not(None), User.id != user.id)
        .order_by(User.name)))
    agreements = db.session.scalar(
        select(func.count(Agreement.id)).where(Agreement.counterpart_city_id.in_(same))) or 0
    submitted = db.session.scalar(
        select(func.count(EngagementRequest.id)).where(
            EngagementRequest.submitter_id == user.id, access.submitted())) or 0
    return Suggestion(city, verified, agreements, submitted)


def has_unverified_submitter(req: EngagementRequest) -> bool:
    """Return whether a city's request was filed by an account not yet verified."""
    submitter = req.submitter
    return req.origin == Origin.CITY and standing_of(submitter) is not Standing.VERIFIED


def why_not_decide(actor: User, user: User) -> str | None:
    """Return why ``actor`` cannot verify or refuse ``user``'s claim now, or None."""
    if user.role_enum is not Role.CITY:
        return N_("Only a city representative's account is verified.")
    return why_not_verify(actor.role_enum, standing_of(user),
                          email_confirmed=user.email_confirmed, active=user.active)


def _check(actor: User, user: User) -> None:
    reason = why_not_decide(actor, user)
    if reason:
        raise VerificationRefused(reason)


def verify(actor: User, user: User) -> None:
    """Verify ``user`` as a representative of the city it claims, and tell them."""
    _check(actor, user)
    user.city_verified_at, user.city_verified_by_id = utcnow(), actor.id
    user.city_refused_at, user.city_refusal_reason = None, ""
    audit.record(actor, "account.city_verified", f"user:{user.id}", city_id=user.city_id)
    notifications.send_representative_verified(user)


def refuse(actor: User, user: User, reason: str) -> None:
    """Refuse ``user``'s claimed link, with the reason they are told."""
    _check(actor, user)
    user.city_refused_at, user.city_refusal_reason = utcnow(), reason
    audit.record(actor, "account.city_refused", f"user:{user.id}", city_id=user.city_id,
                 reason=reason)
    notifications.send_representative_refused(user, reason)


def colleagues_of(user: User) -> list[User]:
    """Return the verified representatives of ``user``'s city, and those it invited."""
    if user.city_id is None:
        return []
    return list(db.session.scalars(
        select(User).where(User.role == Role.CITY.value, User.city_id == user.city_id,
                           (User.city_verified_at.is_not(None))
                           | (User.city_verified_by_id == user.id))
        .order_by(User.name)))


@dataclass(frozen=True)
class Invitation:
    """Who a verified representative invites to represent the city too."""

    name: str
    job_title: str
    email: str


def invite(inviter: User, invitation: Invitation) -> User | None:
    """Open an account for a colleague of a verified representative, verified on accepting.

    When the address already has an account, nothing is created and the address's owner is
    told; the inviter is told the same either way, so the answer reveals no account.
    """
    if not may_invite(access.representative(inviter)):
        raise VerificationRefused(N_("Only a verified representative invites colleagues."))
    existing = find_by_email(invitation.email)
    if existing is not None:
        notifications.send_invitation_to_existing(existing, inviter)
        audit.record(inviter, "account.invitation_existing", f"user:{existing.id}")
        return None
    user = User(email=invitation.email.lower(), name=invitation.name,
                job_title=invitation.job_title, role=Role.CITY.value, city_id=inviter.city_id,
                government_kind=inviter.government_kind, city_verified_by_id=inviter.id)
    # Nobody knows this password: the invitee chooses one through the emailed link.
    user.set_password(tokens_secret())
    db.session.add(user)
    db.session.flush()
    audit.record(inviter, "account.invited", f"user:{user.id}", city_id=user.city_id)
    notifications.send_city_invitation(user, inviter, tokens.make_token(user, tokens.INVITE))
    return user


@signals.invitation_accepted.connect
def accept_invitation(user: User) -> None:
    """Verify an invited city account once its holder has chosen a password.

    The invitation proves the link: a verified representative of the city vouched for this
    address, and opening the link proves control of it.
    """
    inviter = db.session.get(User, user.city_verified_by_id) if user.city_verified_by_id else None
    if (user.role_enum is Role.CITY and user.city_verified_at is None and inviter is not None
            and may_invite(access.representative(inviter)) and inviter.active
            and inviter.city_id == user.city_id):
        user.city_verified_at = utcnow()
        user.city_refused_at, user.city_refusal_reason = None, ""
        audit.record(inviter, "account.city_verified", f"user:{user.id}", city_id=user.city_id,
                     by="invitation")


def pending_invitation(user: User) -> bool:
    """Return whether a city account was invited and has not yet accepted."""
    return (user.role_enum is Role.CITY and user.city_verified_at is None
            and user.city_verified_by_id is not None and user.email_confirmed_at is None)

