"""Decide who speaks for a foreign city: the trust model of the portal.

Anyone may register and draft a request, naming the city they say they represent: that link
is only *claimed*. It becomes *verified* when a CCO reviewer checks it (seeing the claimed
city, the email's domain and the job title) or when the account accepts an invitation from
a representative of the same city who is already verified. A reviewer may also *refuse* the
claim, with a reason the person is told.

What follows from the standing, and only from it (never from the name typed):
- a claimed or refused account sees the requests it created itself, and nothing else;
- verified representatives of one city share that city's requests, those filed by any
  verified representative of it;
- only a verified representative invites colleagues, promotes or renews the city's
  agreements, or reads its signed copies.

City names are compared only to suggest a match to the reviewer who verifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from portal.policy.phrases import N_, Phrase
from portal.policy.roles import Role


class Standing(StrEnum):
    """How far the portal trusts an account's link to the city it names."""

    CLAIMED = "claimed"
    VERIFIED = "verified"
    REFUSED = "refused"

    @property
    def label(self) -> Phrase:
        """Return the standing as the reviewer reads it."""
        return STANDING_LABELS[self]


STANDING_LABELS: dict[Standing, Phrase] = {
    Standing.CLAIMED: N_("Representative not yet verified"),
    Standing.VERIFIED: N_("Verified representative"),
    Standing.REFUSED: N_("Link to the city refused"),
}

REFUSAL_REASON_MAX = 1000
"""The longest reason a reviewer may give for refusing a claim (it is emailed)."""


def standing(verified_at: datetime | None, refused_at: datetime | None) -> Standing:
    """Return the standing an account's verification dates give it."""
    if verified_at is not None:
        return Standing.VERIFIED
    if refused_at is not None:
        return Standing.REFUSED
    return Standing.CLAIMED


@dataclass(frozen=True)
class Representative:
    """What the trust rules need to know of a city account."""

    account_id: int
    city_id: int | None
    standing: Standing


def shares_city_request(viewer: Representative, submitter: Representative,
                        request_city_id: int | None) -> bool:
    """Return whether ``viewer`` speaks for the city that filed a request.

    The author always sees their own request. Anyone else must be a verified representative
    of the request's city, and the request must have been filed by a verified representative
    of that same city: a stranger's request never lands among a real city's requests.
    """
    if viewer.account_id == submitter.account_id:
        return True
    return (viewer.standing is Standing.VERIFIED and submitter.standing is Standing.VERIFIED
            and viewer.city_id is not None and viewer.city_id == request_city_id
            and submitter.city_id == request_city_id)


def speaks_for_city(representative: Representative, city_id: int | None) -> bool:
    """Return whether ``representative`` may act for ``city_id`` (its agreements, colleagues)."""
    return (representative.standing is Standing.VERIFIED and city_id is not None
            and representative.city_id == city_id)


def may_verify(role: Role) -> bool:
    """Return whether a member of staff with ``role`` verifies or refuses a claimed link."""
    return role is Role.CCO_REVIEWER


def why_not_verify(role: Role, target: Standing, *, email_confirmed: bool,
                   active: bool) -> Phrase | None:
    """Return why the link cannot be verified now, or None when it can."""
    if not may_verify(role):
        return N_("Only a CCO reviewer verifies a city's representatives.")
    if not active:
        return N_("The account is deactivated.")
    if not email_confirmed:
        return N_("The person has not confirmed their email address yet.")
    if target is Standing.VERIFIED:
        return N_("This representative is already verified.")
    return None


def may_invite(representative: Representative) -> bool:
    """Return whether a city account may invite colleagues to represent its city."""
    return representative.standing is Standing.VERIFIED and representative.city_id is not None


def email_domain(email: str) -> str:
    """Return the part of an address after the @, which the reviewer weighs when verifying."""
    return email.rpartition("@")[2].lower()
