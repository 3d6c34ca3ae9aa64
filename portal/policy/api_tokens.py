"""Say who may hold a personal access token for the read API, for how long, and when one works.

Only City staff hold tokens. A city's representative sees its own requests through its
verification (``policy.trust``), a standing a reviewer can refuse or that lapses; the API's
protected data (requests, their history, their assessment) is the staff's view of the
program, so a city is refused a token outright rather than handed a second door whose
reach would depend on a verification made later. A token acts as its user, with exactly
that user's visibility, and only reads: the API answers GET alone.

A token is shown once, when it is created, and stored only as its SHA-256 digest
(``models.api_tokens.digest``): a copy of the database does not give anyone a working
token. It always expires, within a year.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from portal.policy.phrases import N_, Phrase
from portal.policy.roles import Role

MAX_LIFETIME_DAYS = 365
"""The longest a token may be valid: a year, so a forgotten one dies on its own."""

DEFAULT_LIFETIME_DAYS = 90

NAME_MAX = 80

PER_PAGE = 50
MAX_PER_PAGE = 100
"""How many items one page of the API gives unless asked, and at most."""


def may_hold_tokens(role: Role) -> bool:
    """Return whether an account of ``role`` may create a personal access token."""
    return role.is_staff


def expiry_refusal(expires_on: date, today: date) -> Phrase | None:
    """Return why a token may not expire on ``expires_on``, or None when it may."""
    if expires_on <= today:
        return N_("The expiry date must be in the future")
    if expires_on > today + timedelta(days=MAX_LIFETIME_DAYS):
        return N_("The expiry date must be within a year from today")
    return None


def token_refusal(*, revoked_at: datetime | None, expires_at: datetime, now: datetime,
                  account_active: bool, role: Role) -> Phrase | None:
    """Return why a presented token is refused, or None when it acts for its account.

    A deactivated account's tokens stop with it, and so do those of an account that is no
    longer staff (a role changed since the token was made).
    """
    if revoked_at is not None:
        return N_("This token has been revoked.")
    if expires_at <= now:
        return N_("This token has expired.")
    if not account_active or not may_hold_tokens(role):
        return N_("This token's account may no longer use the API.")
    return None


def per_page(value: str | None) -> int:
    """Return the page size asked for, within 1..``MAX_PER_PAGE``; ``PER_PAGE`` otherwise."""
    text = (value or "").strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_PER_PAGE:
        return int(text)
    return PER_PAGE
