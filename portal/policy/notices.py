"""Decide who is told of each step a person waits on, and which page their message opens.

A step is told to the people who must act next or who wait on it, and to no one else:
- a draft agreement awaiting approval as to form: every active City Solicitor;
- the agreement drafted (its first version; later ones are revisions only the Solicitor
  awaits), approved as to form and signed: the party that filed the request
  (its submitter and, when a verified representative filed it, the city's other verified
  representatives; for a division's proposal, the filing division's staff), who open their
  request's own page, and the staff of the lead division, who open the City's page of it;
- a request approved, a consultation answered: the assigned reviewer (and, for a
  consultation, the reviewer who asked), or every CCO reviewer when nobody is left to tell.

Deactivated accounts are never written to. Whether an account speaks for the filing party is
``policy.trust``'s rule (``portal.access.is_submitting_party`` applies it); this module takes
that answer as a fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from portal.policy.roles import Role


class AgreementStep(StrEnum):
    """The steps of a request's agreement that its party and lead division are told of."""

    DRAFTED = "agreement_drafted"
    APPROVED_AS_TO_FORM = "agreement_approved_as_to_form"
    SIGNED = "agreement_signed"


class Audience(StrEnum):
    """Why a person is told of an agreement step, which decides the page their link opens."""

    PARTY = "party"  # the filing city or division: its own request page
    LEAD_DIVISION = "lead_division"  # the City's page of the request or agreement


LEAD_DIVISION_ROLES = frozenset({Role.DIVISION_STAFF, Role.SUPPORTING_REVIEWER})
"""The roles of the people who work in a division (its Division Head signs, and is told
as a signing authority when a decision awaits them)."""


@dataclass(frozen=True)
class Person:
    """What the rules need to know of an account that might be told."""

    account_id: int
    role: Role
    active: bool
    division_id: int | None = None
    is_submitting_party: bool = False


def agreement_audience(person: Person, lead_division_id: int | None) -> Audience | None:
    """Return why ``person`` is told of a step of the agreement, or None if they are not.

    The filing party first: a division that files its own proposal leads it too, and its
    staff read the request as its submitter.
    """
    if not person.active:
        return None
    if person.is_submitting_party:
        return Audience.PARTY
    if (person.role in LEAD_DIVISION_ROLES and lead_division_id is not None
            and person.division_id == lead_division_id):
        return Audience.LEAD_DIVISION
    return None


def tells_party_of_draft(version: int) -> bool:
    """Return whether generating draft ``version`` tells the party and lead division.

    The first version is the step they wait on; a later one revises it for the Solicitor,
    who is told of every version, and would tell them nothing new.
    """
    return version == 1


def approves_as_to_form(person: Person) -> bool:
    """Return whether ``person`` is told that a draft awaits approval as to form."""
    return person.active and person.role is Role.SOLICITOR


def reviewers_to_tell(assignee: Person | None, waiting: Iterable[Person],
                      cco_reviewers: Iterable[Person]) -> list[int]:
    """Return the accounts to tell of a step in a review, by id, each once.

    The assigned reviewer and whoever else waits on the step (the reviewer who asked for a
    consultation); when none of them can be told (nobody assigned, or deactivated), every
    active CCO reviewer, so that the step is never told to nobody.
    """
    chosen = [p for p in (assignee, *waiting) if p is not None and p.active]
    if not chosen:
        chosen = [p for p in cco_reviewers if p.active and p.role is Role.CCO_REVIEWER]
    return list(dict.fromkeys(p.account_id for p in chosen))
