"""Check what the intake tells of the duplicate gate, and that it agrees with the gate itself."""

from __future__ import annotations

from itertools import combinations

import pytest

from portal.policy.agreement_states import AgreementAction
from portal.policy.categories import Category
from portal.policy.duplicates import (
    Standing,
    counted_against,
    held_agreements,
    is_duplicate,
    may_read_details,
    taken_categories,
)
from portal.policy.eligibility import Gate, GateOutcome, check_eligibility
from portal.policy.roles import Role

from .factories import agreement, partnership, project

P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT
RENEW, PROMOTE = AgreementAction.RENEW, AgreementAction.PROMOTE
CHOICES = (P, IP, None)
HOLDINGS = [frozenset(c) for n in range(3) for c in combinations((P, IP), n)]


def standings(answers, held) -> dict[Category, tuple[Standing, tuple[AgreementAction, ...]]]:
    return {h.agreement.category: (h.standing, h.alternatives)
            for h in held_agreements(answers, held)}


def test_a_project_held_blocks_a_second_project_and_offers_renewal_and_promotion() -> None:
    told = standings(project(), [agreement(category=IP)])
    assert told == {IP: (Standing.BLOCKS, (RENEW, PROMOTE))}


def test_a_partnership_held_blocks_a_second_partnership_and_offers_renewal() -> None:
    told = standings(partnership(), [agreement(category=P)])
    assert told == {P: (Standing.BLOCKS, (RENEW,))}


def test_a_project_held_sits_beside_a_partnership_request_and_offers_its_promotion() -> None:
    told = standings(partnership(), [agreement(category=IP)])
    assert told == {IP: (Standing.BESIDE, (PROMOTE,))}


def test_a_partnership_held_beside_a_new_project_is_not_worth_a_panel() -> None:
    assert held_agreements(project(), [agreement(category=P)]) == []


def test_an_undecided_request_is_narrowed_by_one_kind_and_blocked_by_both() -> None:
    undecided = project(category=None)
    assert standings(undecided, [agreement(category=IP)]) == {
        IP: (Standing.NARROWS, (RENEW, PROMOTE))}
    both = standings(undecided, [agreement(category=IP), agreement(category=P)])
    assert {c: s for c, (s, _a) in both.items()} == {IP: Standing.BLOCKS, P: Standing.BLOCKS}


def test_blocking_agreements_come_first() -> None:
    told = held_agreements(partnership(), [agreement(category=IP), agreement(category=P)])
    assert [h.blocks for h in told] == [True, False]


def test_another_city_or_the_same_name_in_another_country_is_not_counted() -> None:
    assert counted_against(project(), [agreement("Porto", "PT", IP)]) == []
    assert counted_against(project(), [agreement("Lisbon", "US", IP)]) == []
    assert held_agreements(project(), [agreement("Porto", "PT", IP)]) == []


def test_a_request_with_no_city_yet_is_told_nothing() -> None:
    assert held_agreements(project(counterpart_city="  "), [agreement(category=IP)]) == []


def test_the_project_a_promotion_grows_out_of_is_not_counted() -> None:
    promotion = partnership(promotes_agreement=True)
    assert taken_categories(promotion, [agreement(category=IP)]) == frozenset()
    assert held_agreements(promotion, [agreement(category=IP)]) == []


@pytest.mark.parametrize("taken", HOLDINGS, ids=lambda t: "+".join(sorted(t)) or "none")
@pytest.mark.parametrize("chosen", CHOICES, ids=str)
def test_the_panel_blocks_exactly_when_the_gate_fails(chosen, taken) -> None:
    """The intake's warning and the check-answers gate are one rule: never one without the other."""
    answers = project(category=chosen)
    held = [agreement(category=c) for c in sorted(taken)]
    gate = next(r for r in check_eligibility(answers, held) if r.gate is Gate.NO_DUPLICATE)
    blocks = any(h.blocks for h in held_agreements(answers, held))
    assert blocks == (gate.outcome is GateOutcome.FAILED)
    assert blocks == is_duplicate(chosen, taken)
    narrows = any(h.standing is Standing.NARROWS for h in held_agreements(answers, held))
    assert narrows == (gate.outcome is GateOutcome.UNKNOWN)


@pytest.mark.parametrize("role", list(Role))
def test_only_staff_and_the_citys_verified_representatives_read_more_than_the_public(
        role: Role) -> None:
    assert may_read_details(role, speaks_for_city=False) is role.is_staff
    assert may_read_details(role, speaks_for_city=True) is (role.is_staff or role is Role.CITY)
