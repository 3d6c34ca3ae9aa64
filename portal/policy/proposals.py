"""Say who may propose to promote or renew an agreement: only the agreement's own parties.

An agreement binds the City and one counterpart city, and one City division leads it. So a
promotion or a renewal is proposed by a verified representative of that counterpart city
(an account merely claiming the city is not enough: anyone may register), by staff of the
lead division, or by a CCO reviewer, who coordinates every agreement. A CCO reviewer's
draft is filed for the lead division (or, with none on record, for the City Clerk's Office
itself, the reviewer's own division), since only a city or a division files requests.
Whether the agreement can still be promoted or renewed at all is ``policy.agreements``' rule,
asked separately.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.policy.phrases import N_, Phrase
from portal.policy.roles import Role


@dataclass(frozen=True)
class Proposer:
    """Who asks to start a promotion or renewal, as plain values."""

    role: Role
    city_id: int | None = None
    verified: bool = False
    division_id: int | None = None


@dataclass(frozen=True)
class Parties:
    """The agreement's parties: its counterpart city and its lead division, when recorded."""

    counterpart_city_id: int | None
    lead_division_id: int | None


NOT_A_PARTY = N_("Only the agreement's own parties propose to promote or renew it: verified "
                  "representatives of the counterpart city, staff of its lead division and "
                  "CCO reviewers.")
NO_DIVISION = N_("This agreement names no lead division and your account no division: an "
                  "administrator adds your division before you can file the draft.")
UNVERIFIED = N_("Your account is not yet verified as a representative of your city: once the "
                 "City Clerk's Office or a verified colleague confirms it, you can propose "
                 "this.")


def proposal_refusal(proposer: Proposer, parties: Parties) -> Phrase | None:
    """Return why ``proposer`` may not promote or renew the agreement; None if they may."""
    role = proposer.role
    if role is Role.CCO_REVIEWER:
        return None if filing_division(proposer, parties) is not None else NO_DIVISION
    if role is Role.CITY:
        if proposer.city_id is None or proposer.city_id != parties.counterpart_city_id:
            return NOT_A_PARTY
        return None if proposer.verified else UNVERIFIED
    if role is Role.DIVISION_STAFF:
        if proposer.division_id is not None and proposer.division_id == parties.lead_division_id:
            return None
        return NOT_A_PARTY
    return NOT_A_PARTY


def may_propose(proposer: Proposer, parties: Parties) -> bool:
    """Return whether ``proposer`` may start a promotion or renewal of the agreement."""
    return proposal_refusal(proposer, parties) is None


def filing_division(proposer: Proposer, parties: Parties) -> int | None:
    """Return the division a staff proposer's draft is filed for; None for a city's draft.

    Division staff file for their own division (the lead one); a CCO reviewer files for the
    lead division, whose staff complete the draft, or for the City Clerk's Office (the
    reviewer's own division) when the agreement predates the portal and names no lead one.
    """
    if proposer.role is Role.DIVISION_STAFF:
        return proposer.division_id
    if proposer.role is Role.CCO_REVIEWER:
        return parties.lead_division_id or proposer.division_id
    return None
