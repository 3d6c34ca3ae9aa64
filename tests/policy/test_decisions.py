"""Check that only the signatory the policy names decides a recommended request."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.policy.categories import Category
from portal.policy.decisions import decision_refusal, is_signatorys_decision, may_decide
from portal.policy.lifecycle import Action, Status
from portal.policy.roles import SigningOffice
from portal.policy.signatories import EXAMPLE_SIGNING_SETTINGS, signing_authority

EDC = "Economic Development and Culture"
TRN = "Transportation Services"
HEAD, DCM, CM, MAYOR = (SigningOffice.DIVISION_HEAD, SigningOffice.DEPUTY_CITY_MANAGER,
                        SigningOffice.CITY_MANAGER, SigningOffice.MAYORS_OFFICE)


def named(category: Category, cost: str | None, sponsor: str | None = EDC):
    """Return the signatory the example settings name."""
    return signing_authority(category, Decimal(cost) if cost else None, sponsor,
                             EXAMPLE_SIGNING_SETTINGS)


PARTNERSHIP = named(Category.PARTNERSHIP_CITY, None, None)
SMALL_PROJECT = named(Category.INTERNATIONAL_PROJECT, "20000")
MIDDLE_PROJECT = named(Category.INTERNATIONAL_PROJECT, "200000")
LARGE_PROJECT = named(Category.INTERNATIONAL_PROJECT, "900000")


@pytest.mark.parametrize(("signatory", "office", "division", "allowed"), [
    (PARTNERSHIP, MAYOR, None, True),
    (PARTNERSHIP, HEAD, EDC, False),
    (PARTNERSHIP, DCM, None, False),
    (PARTNERSHIP, CM, None, False),
    (SMALL_PROJECT, HEAD, EDC, True),
    (SMALL_PROJECT, HEAD, TRN, False),        # another Division Head
    (SMALL_PROJECT, HEAD, None, False),       # a Division Head with no division on record
    (SMALL_PROJECT, DCM, None, False),        # the cost is within the Division Head's limit
    (SMALL_PROJECT, MAYOR, None, False),      # the Mayor's Office does not decide a project
    (MIDDLE_PROJECT, DCM, None, True),
    (MIDDLE_PROJECT, HEAD, EDC, False),
    (LARGE_PROJECT, CM, None, True),
    (LARGE_PROJECT, DCM, None, False),
    (SMALL_PROJECT, None, None, False),       # no signing office at all
])
def test_only_the_named_signatory_decides(signatory, office, division, allowed):
    assert may_decide(signatory, office, division, EDC) is allowed
    refusal = decision_refusal(signatory, "", office, division, EDC)
    assert (refusal is None) is allowed


@pytest.mark.parametrize(("signatory", "sentence"), [
    (PARTNERSHIP, "The Mayor or designate decides this request."),
    (SMALL_PROJECT, f"The Division Head of {EDC} decides this request."),
    (MIDDLE_PROJECT, "A Deputy City Manager decides this request."),
    (LARGE_PROJECT, "The City Manager decides this request."),
])
def test_other_authorities_are_told_who_decides(signatory, sentence):
    assert decision_refusal(signatory, "", HEAD, TRN, EDC) == sentence


def test_nobody_decides_while_the_signatory_cannot_be_named():
    refusal = decision_refusal(None, "The category must be settled.", MAYOR, None, None)
    assert refusal == "The signing authority cannot be named yet: The category must be settled."
    assert not may_decide(None, MAYOR, None, None)


@pytest.mark.parametrize(("source", "action", "signatorys"), [
    (Status.RECOMMENDED, Action.APPROVE, True),
    (Status.RECOMMENDED, Action.DECLINE, True),
    (Status.IN_REVIEW, Action.DECLINE, False),    # a reviewer declines before recommending
    (Status.IN_TRIAGE, Action.DECLINE, False),
    (Status.IN_REVIEW, Action.RECOMMEND, False),
    (Status.SUBMITTED, Action.APPROVE, False),    # no such move
])
def test_the_decisions_on_a_recommended_request_are_the_signatorys(source, action, signatorys):
    assert is_signatorys_decision(source, action) is signatorys


def test_only_the_signatorys_decisions_are_confirmed_on_a_page_of_their_own():
    from portal.policy.decisions import confirmed_first

    assert confirmed_first(Status.RECOMMENDED, Action.APPROVE)
    assert confirmed_first(Status.RECOMMENDED, Action.DECLINE)
    # A reviewer's decline before recommending stays among the request's actions.
    assert not confirmed_first(Status.IN_REVIEW, Action.DECLINE)
    assert not confirmed_first(Status.IN_REVIEW, Action.RECOMMEND)
