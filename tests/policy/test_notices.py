"""Check who is told of each step a person waits on, and who never is."""

from __future__ import annotations

import pytest

from portal.policy.notices import (
    Audience,
    Person,
    agreement_audience,
    approves_as_to_form,
    reviewers_to_tell,
    tells_party_of_draft,
)
from portal.policy.roles import Role

EDC, TRN = 10, 20


def person(account_id: int, role: Role, *, active: bool = True, division_id: int | None = None,
           party: bool = False) -> Person:
    return Person(account_id=account_id, role=role, active=active, division_id=division_id,
                  is_submitting_party=party)


@pytest.mark.parametrize(("who", "expected"), [
    (person(1, Role.CITY, party=True), Audience.PARTY),
    (person(2, Role.CITY), None),  # another city, or a stranger only claiming this one
    (person(3, Role.CITY, party=True, active=False), None),
    (person(4, Role.DIVISION_STAFF, division_id=EDC), Audience.LEAD_DIVISION),
    (person(5, Role.SUPPORTING_REVIEWER, division_id=EDC), Audience.LEAD_DIVISION),
    (person(6, Role.DIVISION_STAFF, division_id=TRN), None),
    (person(7, Role.DIVISION_STAFF, division_id=EDC, active=False), None),
    (person(8, Role.CCO_REVIEWER, division_id=EDC), None),
    (person(9, Role.SIGNING_AUTHORITY, division_id=EDC), None),
    (person(10, Role.SOLICITOR), None),
    (person(11, Role.ADMIN, division_id=EDC), None),
])
def test_the_agreement_is_told_to_its_party_and_the_lead_divisions_staff(who, expected):
    assert agreement_audience(who, EDC) is expected


def test_a_division_filing_its_own_proposal_is_told_as_its_party():
    filer = person(4, Role.DIVISION_STAFF, division_id=EDC, party=True)
    assert agreement_audience(filer, EDC) is Audience.PARTY


def test_without_a_lead_division_only_the_party_is_told():
    assert agreement_audience(person(4, Role.DIVISION_STAFF, division_id=None), None) is None
    assert agreement_audience(person(1, Role.CITY, party=True), None) is Audience.PARTY


def test_only_the_first_draft_tells_the_party_later_versions_only_the_solicitor():
    assert tells_party_of_draft(1)
    assert not tells_party_of_draft(2)


@pytest.mark.parametrize(("who", "told"), [
    (person(1, Role.SOLICITOR), True),
    (person(2, Role.SOLICITOR, active=False), False),
    (person(3, Role.CCO_REVIEWER), False),
    (person(4, Role.ADMIN), False),
])
def test_only_active_solicitors_are_told_a_draft_awaits_approval_as_to_form(who, told):
    assert approves_as_to_form(who) is told


CCOS = [person(21, Role.CCO_REVIEWER), person(22, Role.CCO_REVIEWER),
        person(23, Role.CCO_REVIEWER, active=False), person(24, Role.ADMIN)]


def test_the_assigned_reviewer_alone_is_told_when_nobody_else_waits():
    assert reviewers_to_tell(person(21, Role.CCO_REVIEWER), [], CCOS) == [21]


def test_the_reviewer_who_asked_is_told_beside_the_assignee_once_each():
    assignee, asker = person(21, Role.CCO_REVIEWER), person(22, Role.CCO_REVIEWER)
    assert reviewers_to_tell(assignee, [asker], CCOS) == [21, 22]
    assert reviewers_to_tell(assignee, [assignee], CCOS) == [21]


def test_with_nobody_assigned_every_active_cco_reviewer_is_told():
    assert reviewers_to_tell(None, [], CCOS) == [21, 22]


def test_a_deactivated_assignee_hands_the_message_to_whoever_can_act():
    gone = person(23, Role.CCO_REVIEWER, active=False)
    assert reviewers_to_tell(gone, [], CCOS) == [21, 22]
    assert reviewers_to_tell(gone, [person(22, Role.CCO_REVIEWER)], CCOS) == [22]
