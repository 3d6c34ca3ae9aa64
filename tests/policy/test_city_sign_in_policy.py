"""The policy decides who signs in with a City account, and who keeps a password."""

from __future__ import annotations

import pytest

from portal.policy.city_sign_in import (
    MAPPABLE_ROLES,
    AccountFacts,
    Outcome,
    decide,
    group_role,
    mapping_problems,
    password_allowed,
)
from portal.policy.roles import ROLES_WITH_DIVISION, Role

EMAIL = "ana@toronto.ca"


@pytest.mark.parametrize("role", list(Role))
def test_without_the_city_provider_everyone_keeps_their_password(role):
    assert password_allowed(role, city_sign_in_on=False)


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.CITY, True), (Role.ADMIN, True), (Role.CCO_REVIEWER, False),
    (Role.DIVISION_STAFF, False), (Role.SIGNING_AUTHORITY, False), (Role.SOLICITOR, False),
    (Role.SUPPORTING_REVIEWER, False),
])
def test_with_the_city_provider_only_cities_and_administrators_use_passwords(role, allowed):
    assert password_allowed(role, city_sign_in_on=True) is allowed


def test_an_active_staff_account_with_a_verified_address_signs_in():
    decision = decide(EMAIL, True, AccountFacts(Role.CCO_REVIEWER, True), None)
    assert decision.outcome is Outcome.SIGN_IN and decision.role is Role.CCO_REVIEWER


@pytest.mark.parametrize("verified", [False, None, "true", 1])
def test_only_a_verified_address_names_anyone(verified):
    decision = decide(EMAIL, verified, AccountFacts(Role.ADMIN, True), None)
    assert decision.outcome is Outcome.REFUSE and "not verified" in decision.reason


def test_a_city_account_and_a_deactivated_one_are_refused():
    assert decide(EMAIL, True, AccountFacts(Role.CITY, True), None).outcome is Outcome.REFUSE
    refused = decide(EMAIL, True, AccountFacts(Role.SOLICITOR, False), None)
    assert refused.outcome is Outcome.REFUSE and "deactivated" in refused.reason


def test_no_account_is_opened_unless_a_group_gives_a_role():
    refused = decide(EMAIL, True, None, None)
    assert refused.outcome is Outcome.REFUSE and EMAIL in refused.reason
    created = decide(EMAIL, True, None, Role.SOLICITOR)
    assert created.outcome is Outcome.CREATE and created.role is Role.SOLICITOR


def test_an_existing_account_keeps_the_role_its_administrator_gave():
    decision = decide(EMAIL, True, AccountFacts(Role.DIVISION_STAFF, True), Role.CCO_REVIEWER)
    assert decision.role is Role.DIVISION_STAFF


def test_groups_map_to_one_role_or_none():
    mapping = {"IAP-Reviewers": "cco_reviewer", "Legal": "solicitor"}
    assert group_role(["Staff", "IAP-Reviewers"], mapping) is Role.CCO_REVIEWER
    assert group_role("Legal", mapping) is Role.SOLICITOR
    assert group_role(["IAP-Reviewers", "Legal"], mapping) is None  # which: an admin's call
    assert group_role(None, mapping) is None
    assert group_role({"IAP-Reviewers": 1}, mapping) is None


def test_a_group_never_gives_administrator_or_a_role_needing_a_division_or_office():
    assert Role.ADMIN not in MAPPABLE_ROLES and Role.CITY not in MAPPABLE_ROLES
    assert not MAPPABLE_ROLES & ROLES_WITH_DIVISION
    assert Role.SIGNING_AUTHORITY not in MAPPABLE_ROLES
    assert group_role(["Admins"], {"Admins": "admin"}) is None
    assert mapping_problems({"Admins": "admin", "IAP": "cco_reviewer"}) == [
        "OIDC_GROUP_ROLES maps 'Admins' to 'admin'; a group may give only one of: "
        "cco_reviewer, solicitor."]
