"""Check who may promote or renew an agreement, and which answers a new draft carries."""

from __future__ import annotations

import pytest

from portal.policy.answers import (
    CITY_INTERNAL_ANSWERS,
    CONTACT_ANSWERS,
    RequestAnswers,
    answers_to_copy,
)
from portal.policy.proposals import (
    NOT_A_PARTY,
    UNVERIFIED,
    Parties,
    Proposer,
    filing_division,
    may_propose,
    proposal_refusal,
)
from portal.policy.roles import Role

LYON, LISBON = 1, 2
EDC, TRN, CCO = 10, 11, 12
PROJECT = Parties(counterpart_city_id=LYON, lead_division_id=EDC)
SEEDED = Parties(counterpart_city_id=LYON, lead_division_id=None)


@pytest.mark.parametrize(("proposer", "parties", "refusal"), [
    (Proposer(Role.CITY, city_id=LYON, verified=True), PROJECT, None),
    (Proposer(Role.CITY, city_id=LYON, verified=False), PROJECT, UNVERIFIED),
    (Proposer(Role.CITY, city_id=LISBON, verified=True), PROJECT, NOT_A_PARTY),
    (Proposer(Role.CITY, city_id=None, verified=True), PROJECT, NOT_A_PARTY),
    (Proposer(Role.DIVISION_STAFF, division_id=EDC), PROJECT, None),
    (Proposer(Role.DIVISION_STAFF, division_id=TRN), PROJECT, NOT_A_PARTY),
    (Proposer(Role.DIVISION_STAFF, division_id=EDC), SEEDED, NOT_A_PARTY),
    (Proposer(Role.CCO_REVIEWER, division_id=CCO), PROJECT, None),
    (Proposer(Role.CCO_REVIEWER, division_id=CCO), SEEDED, None),
    (Proposer(Role.SUPPORTING_REVIEWER, division_id=EDC), PROJECT, NOT_A_PARTY),
    (Proposer(Role.SIGNING_AUTHORITY, division_id=EDC), PROJECT, NOT_A_PARTY),
    (Proposer(Role.SOLICITOR), PROJECT, NOT_A_PARTY),
    (Proposer(Role.ADMIN), PROJECT, NOT_A_PARTY),
])
def test_only_the_agreements_parties_propose(proposer, parties, refusal):
    assert proposal_refusal(proposer, parties) == refusal
    assert may_propose(proposer, parties) is (refusal is None)


def test_a_reviewer_with_no_division_cannot_file_for_an_agreement_without_a_lead():
    reviewer = Proposer(Role.CCO_REVIEWER)
    assert not may_propose(reviewer, SEEDED)
    assert may_propose(reviewer, PROJECT)


@pytest.mark.parametrize(("proposer", "parties", "division"), [
    (Proposer(Role.CCO_REVIEWER, division_id=CCO), PROJECT, EDC),   # for the lead division
    (Proposer(Role.CCO_REVIEWER, division_id=CCO), SEEDED, CCO),    # none: the Clerk's own
    (Proposer(Role.DIVISION_STAFF, division_id=EDC), PROJECT, EDC),
    (Proposer(Role.CITY, city_id=LYON, verified=True), PROJECT, None),
])
def test_a_staff_draft_is_filed_for_a_division(proposer, parties, division):
    assert filing_division(proposer, parties) == division


def test_the_internal_answers_are_answers_of_a_request():
    answer_fields = set(RequestAnswers.__dataclass_fields__)
    # The City's resources are read by the rules; the rest are kept on the request only.
    assert {"anticipated_cost", "funding_source", "staff_time"} <= answer_fields
    assert {"anticipated_cost", "funding_source", "staff_time", "reputational_concern",
            "interest_evidence"} <= CITY_INTERNAL_ANSWERS


NAMES = ("title", "purpose", "anticipated_cost", "funding_source", "staff_time",
         "counterpart_commitment", "contact_name", "contact_email", "interest_evidence",
         "reputational_concern")


def test_a_citys_copy_of_a_divisions_request_drops_the_citys_internal_answers():
    copied = answers_to_copy(NAMES, copy_origin="city", source_origin="division")
    assert copied == ("title", "purpose", "counterpart_commitment")
    assert not set(copied) & (CITY_INTERNAL_ANSWERS | CONTACT_ANSWERS)


def test_a_citys_copy_of_its_own_request_keeps_its_contacts_but_not_the_citys_answers():
    copied = answers_to_copy(NAMES, copy_origin="city", source_origin="city")
    assert copied == ("title", "purpose", "counterpart_commitment", "contact_name",
                      "contact_email")


@pytest.mark.parametrize("source", ["city", "division", None])
def test_a_divisions_copy_carries_every_answer(source):
    assert answers_to_copy(NAMES, copy_origin="division", source_origin=source) == NAMES
