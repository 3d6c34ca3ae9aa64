"""Decide who may sign in with the City's identity provider, and who may still use a password.

Issue 17: when the portal is configured with the City's OpenID Connect provider, City staff
sign in with their City account. The provider proves the person and their email address;
the portal still decides what they may do:

- Only an address the provider says is verified (``email_verified`` true) names anyone: an
  unverified address could be anyone's, and the account is found by address alone.
- The address finds an existing, active **staff** account; a city's account is never signed
  in this way (foreign cities have no City account, so such a match is an error or an attack).
- An administrator gives roles, as before. A configured group claim may also give one, but
  only to open an account for someone who has none: an existing account keeps the role its
  administrator gave (a directory group must not silently promote or demote anyone). Only
  roles that need neither a division nor a signing office may be mapped, and never
  Administrator: those are choices an administrator makes by hand.

Passwords when the City's sign-in is on: foreign cities keep them (they have no City
account), and so do administrators, as the break-glass way in when the provider is down or
misconfigured. Other staff must use their City account: the City's directory then decides
who still works for the City (a departed employee's account stops at once, with the City's
multi-factor checks), which a password kept in the portal would outlive. With the City's
sign-in off, everyone uses a password as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from portal.policy.phrases import N_, P_, Phrase
from portal.policy.roles import Role

MAPPABLE_ROLES: frozenset[Role] = frozenset({Role.CCO_REVIEWER, Role.SOLICITOR})
"""The roles a group claim may give a new account: no division, no office, not Administrator.

(Division staff and supporting reviewers need a division, a signing authority an office.)"""

PASSWORD_REFUSED_FOR_STAFF = N_(
    "City staff sign in with their City account: use \"Sign in with your City account\".")


def password_allowed(role: Role, city_sign_in_on: bool) -> bool:
    """Return whether an account of ``role`` may sign in with its password.

    Cities always may (they have no City account); administrators always may (break-glass);
    other staff only while the City's sign-in is not configured.
    """
    return not city_sign_in_on or not role.is_staff or role is Role.ADMIN


def mapping_problems(mapping: Mapping[str, object]) -> list[str]:
    """Return what is wrong with a configured group-to-role mapping (for the operator)."""
    allowed = ", ".join(sorted(role.value for role in MAPPABLE_ROLES))
    problems = []
    for group, role in mapping.items():
        if role not in {mapped.value for mapped in MAPPABLE_ROLES}:
            problems.append(f"OIDC_GROUP_ROLES maps {group!r} to {role!r}; a group may give "
                            f"only one of: {allowed}.")
    return problems


def group_role(groups: object, mapping: Mapping[str, str]) -> Role | None:
    """Return the one role the person's groups map to, or None.

    ``groups`` is the claim as the provider sent it (a list of names, or one name). Groups
    mapping to two different roles give none: which one is a choice for an administrator.
    """
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list | tuple):
        return None
    roles = {mapping[group] for group in groups if isinstance(group, str) and group in mapping}
    if len(roles) != 1:
        return None
    role = Role(roles.pop())
    return role if role in MAPPABLE_ROLES else None


class Outcome(StrEnum):
    """What the portal does with a person the provider vouched for."""

    SIGN_IN = "sign_in"
    CREATE = "create"
    REFUSE = "refuse"


@dataclass(frozen=True)
class AccountFacts:
    """What the decision needs to know of the account the address matches."""

    role: Role
    active: bool


@dataclass(frozen=True)
class Decision:
    """The outcome, the role of an account to open, or why the person is refused."""

    outcome: Outcome
    role: Role | None = None
    reason: Phrase | None = None


def decide(email: str, email_verified: object, account: AccountFacts | None,
           mapped_role: Role | None) -> Decision:
    """Decide what signing in with the City's account as ``email`` leads to.

    ``email_verified`` is the provider's claim as sent (only ``True`` counts); ``account``
    the portal's account under that address, if any; ``mapped_role`` the role the person's
    groups map to, if a mapping is configured.
    """
    if email_verified is not True or not email:
        return Decision(Outcome.REFUSE, reason=N_(
            "Your City account's email address is not verified, so it cannot name a portal "
            "account. Ask the City's service desk to verify it."))
    if account is None:
        if mapped_role is not None:
            return Decision(Outcome.CREATE, role=mapped_role)
        return Decision(Outcome.REFUSE, reason=P_(
            "No staff account uses %(email)s. Ask an administrator of the portal to create "
            "one.", email=email))
    if not account.role.is_staff:
        return Decision(Outcome.REFUSE, reason=P_(
            "The account using %(email)s is a city's account, which signs in with its "
            "password.", email=email))
    if not account.active:
        return Decision(Outcome.REFUSE, reason=P_(
            "The staff account using %(email)s is deactivated. Ask an administrator of the "
            "portal to reactivate it.", email=email))
    return Decision(Outcome.SIGN_IN, role=account.role)
