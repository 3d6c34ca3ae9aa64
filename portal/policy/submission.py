"""Say, once, who may file a request and what it needs before it is submitted.

Three rules of the request side that pages, services and the registration used to state
each for themselves:

- the program is city-to-city: a counterpart that is not a local government is refused at
  once, at registration and on the intake page where its kind is given;
- a letter of intent is required from a city filing for itself; a City division instead
  confirms the counterpart's interest, and may attach a document if it has one;
- a city's representative confirms their email address before submitting anything.
"""

from __future__ import annotations

from portal.policy.answers import Origin
from portal.policy.counterparts import GovernmentKind
from portal.policy.phrases import N_, Phrase
from portal.policy.roles import Role

UNCONFIRMED_EMAIL = N_("Confirm your email address: use the link we sent you")
"""What a city representative reads when their email is not yet confirmed."""


def is_refused_counterpart(kind: GovernmentKind | None) -> bool:
    """Return whether ``kind`` of body is refused as a counterpart (not a local government).

    An unknown kind is not refused: the question is simply not answered yet.
    """
    return kind is not None and not kind.is_local_government


def requires_letter_of_intent(origin: Origin | str) -> bool:
    """Return whether a request from ``origin`` must carry the counterpart's letter of intent."""
    return Origin(origin) is Origin.CITY


def why_not_submit_unconfirmed(role: Role, *, email_confirmed: bool) -> Phrase | None:
    """Return why an unconfirmed email stops ``role`` submitting, or None when it does not.

    Staff accounts are created confirmed by the City; only a city's representative proves
    their address by the link.
    """
    if role is Role.CITY and not email_confirmed:
        return UNCONFIRMED_EMAIL
    return None
