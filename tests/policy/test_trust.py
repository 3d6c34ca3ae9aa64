"""The trust model as a table: who shares a city's requests, who verifies, who invites."""

from __future__ import annotations

from datetime import datetime

import pytest

from portal.policy.roles import Role
from portal.policy.trust import (
    Representative,
    Standing,
    email_domain,
    may_invite,
    may_verify,
    shares_city_request,
    speaks_for_city,
    standing,
    why_not_verify,
)

LYON, PORTO = 1, 2
WHEN = datetime(2026, 11, 1, 9, 0)

V, C, R = Standing.VERIFIED, Standing.CLAIMED, Standing.REFUSED


@pytest.mark.parametrize(("verified_at", "refused_at", "expected"), [
    (None, None, C), (WHEN, None, V), (None, WHEN, R),
])
def test_the_standing_comes_from_the_verification_dates(verified_at, refused_at, expected):
    assert standing(verified_at, refused_at) is expected


# viewer (id, city, standing), submitter (id, city, standing), request's city -> shares?
SHARING = [
    # The author always sees their own request, whatever their standing.
    ((7, LYON, C), (7, LYON, C), LYON, True),
    ((7, LYON, R), (7, LYON, R), LYON, True),
    # Verified colleagues of one city share requests filed by verified colleagues.
    ((7, LYON, V), (8, LYON, V), LYON, True),
    # A claimed or refused viewer sees nothing of anyone else's, even of its claimed city.
    ((7, LYON, C), (8, LYON, V), LYON, False),
    ((7, LYON, R), (8, LYON, V), LYON, False),
    # A stranger's request never lands among the real city's requests.
    ((7, LYON, V), (8, LYON, C), LYON, False),
    ((7, LYON, V), (8, LYON, R), LYON, False),
    # Another city's people see nothing, verified or not.
    ((7, PORTO, V), (8, LYON, V), LYON, False),
    ((7, None, V), (8, None, V), None, False),
    # A request naming a city its submitter does not represent is shared with nobody.
    ((7, LYON, V), (8, PORTO, V), LYON, False),
]


@pytest.mark.parametrize(("viewer", "submitter", "city", "expected"), SHARING)
def test_who_shares_a_city_request(viewer, submitter, city, expected):
    assert shares_city_request(Representative(*viewer), Representative(*submitter),
                               city) is expected


@pytest.mark.parametrize(("who", "city", "expected"), [
    ((7, LYON, V), LYON, True), ((7, LYON, C), LYON, False), ((7, LYON, R), LYON, False),
    ((7, PORTO, V), LYON, False), ((7, LYON, V), None, False),
])
def test_only_a_verified_representative_speaks_for_its_city(who, city, expected):
    assert speaks_for_city(Representative(*who), city) is expected
    assert may_invite(Representative(*who)) is (who[2] is V)


@pytest.mark.parametrize("role", list(Role))
def test_only_a_cco_reviewer_verifies(role):
    assert may_verify(role) is (role is Role.CCO_REVIEWER)
    reason = why_not_verify(role, C, email_confirmed=True, active=True)
    assert (reason is None) is (role is Role.CCO_REVIEWER)


@pytest.mark.parametrize(("target", "confirmed", "active", "says"), [
    (C, True, True, None),
    (R, True, True, None),  # a refusal can be reconsidered
    (V, True, True, "already verified"),
    (C, False, True, "not confirmed"),
    (C, True, False, "deactivated"),
])
def test_why_an_account_cannot_be_verified_now(target, confirmed, active, says):
    reason = why_not_verify(Role.CCO_REVIEWER, target, email_confirmed=confirmed,
                            active=active)
    assert (reason is None) if says is None else (says in (reason or ""))


def test_the_reviewer_weighs_the_email_domain():
    assert email_domain("Maire@Mairie-Lyon.FR") == "mairie-lyon.fr"
    assert email_domain("someone@gmail.com") == "gmail.com"
