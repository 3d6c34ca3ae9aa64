"""Say how long a signed-in session lasts and what an unconfirmed account may reach.

A session ends after a while without activity (shorter for City staff, who can see every
request, than for a city's representative) and, whatever the activity, after an absolute
lifetime (DESIGN: trust; OWASP ASVS 3.3). The lengths are settings; the rule is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portal.policy.roles import Role


@dataclass(frozen=True)
class SessionLimits:
    """How long sessions may last, in minutes (read from the settings)."""

    idle_minutes_staff: int = 30
    idle_minutes_city: int = 120
    max_minutes: int = 12 * 60

    def idle_minutes(self, role: Role) -> int:
        """Return how long a session of ``role`` may go without activity."""
        return self.idle_minutes_staff if role.is_staff else self.idle_minutes_city


class SessionEnd(StrEnum):
    """Why a session is over."""

    IDLE = "idle"
    TOO_OLD = "too_old"
    UNKNOWN_AGE = "unknown_age"


def session_end(role: Role, started: float | None, last_seen: float | None, now: float,
                limits: SessionLimits) -> SessionEnd | None:
    """Return why a session is over at ``now``, or None while it may go on.

    The session began at ``started`` and was last used at ``last_seen`` (all in seconds
    since the epoch). A session without its timestamps did not begin at the sign-in page
    (an old cookie, a "remember me" cookie): it is over too, rather than trusted for ever.
    """
    if started is None or last_seen is None:
        return SessionEnd.UNKNOWN_AGE
    if now - started > limits.max_minutes * 60:
        return SessionEnd.TOO_OLD
    if now - last_seen > limits.idle_minutes(role) * 60:
        return SessionEnd.IDLE
    return None


BEFORE_CONFIRMATION: frozenset[str] = frozenset({
    # Public pages, the same for a visitor.
    "static", "main.favicon", "main.home", "main.health", "public_registry.index",
    "public_registry.json", "public_registry.csv", "public_registry.data_dictionary",
    "public_registry.dictionary_page", "public_registry.package",
    "auth.login", "auth.register", "auth.register_details", "auth.forgot_password",
    "auth.reset_password", "auth.accept_invitation", "auth.oidc_login", "auth.oidc_callback",
    # What confirming takes, and leaving.
    "auth.unconfirmed", "auth.confirm_email", "auth.resend_confirmation", "auth.logout",
    # Reading it all in their own language.
    "main.choose_language",
    # The read API: its public part, and the rest, which reads a token and never the session
    # (the cookie's account is no part of the answer, confirmed or not).
    "api.openapi", "api.agreements", "api.requests", "api.request_detail",
})
"""The endpoints an account whose email address is not confirmed may reach."""


def reachable_before_confirmation(endpoint: str | None) -> bool:
    """Return whether an account with an unconfirmed email address may use ``endpoint``.

    Until the address is confirmed nobody knows that the mailbox is the registrant's, so
    the account reaches nothing but confirming it, signing out and the public pages.
    """
    return endpoint in BEFORE_CONFIRMATION
