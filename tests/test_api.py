"""The read API as a program reads it: the document, the public registry, tokens refused.

Tokens are created through the account page once (as a person would, over HTTP), and by the
service elsewhere; every request to the API is an HTTP request with ``Authorization:
Bearer``, as the document says.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from openapi_spec_validator import OpenAPIV31SpecValidator
from sqlalchemy import select

from portal.api import tokens
from portal.extensions import db
from portal.models import ApiToken
from portal.models.api_tokens import digest
from portal.policy.roles import Role
from tests.conftest import login
from tests.factories import submitted_request

TODAY = date.today()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_for(user, days: int = 30) -> str:
    made = tokens.create_token(user, "tests", TODAY + timedelta(days=days), TODAY)
    db.session.commit()
    return made.token


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    OpenAPIV31SpecValidator(document).validate()
    assert set(document["paths"]) == {"/registry/agreements", "/requests",
                                      "/requests/{request_id}"}


def test_a_visitor_reads_the_public_registry_and_nothing_else(client, make_city_user):
    req = submitted_request(make_city_user())
    registry = client.get("/api/v1/registry/agreements?per_page=5")
    assert registry.status_code == 200
    assert registry.get_json()["paging"]["per_page"] == 5
    for url in ("/api/v1/requests", f"/api/v1/requests/{req.id}"):
        refused = client.get(url)
        assert refused.status_code == 401
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
        assert refused.get_json()["code"] == 401


def test_a_session_cookie_is_no_token(client, make_staff, make_city_user):
    submitted_request(make_city_user())
    make_staff("cco@city.example", Role.CCO_REVIEWER)
    login(client, "cco@city.example")
    assert client.get("/api/v1/requests").status_code == 401


def test_a_reviewers_token_reads_the_requests_their_history_and_assessment(
        client, make_staff, make_city_user):
    req = submitted_request(make_city_user())
    token = token_for(make_staff("cco@city.example", Role.CCO_REVIEWER))
    listing = client.get("/api/v1/requests?status=submitted", headers=bearer(token))
    assert listing.status_code == 200
    assert [item["reference"] for item in listing.get_json()["items"]] == [req.reference]
    detail = client.get(f"/api/v1/requests/{req.id}", headers=bearer(token)).get_json()
    assert detail["request"]["status"] == "submitted"
    assert [change["to_status"] for change in detail["status_history"]] == ["submitted"]
    assert detail["assessment"]["band"]
    assert detail["assessment"]["criteria"]


def test_the_queues_filters_narrow_the_list(client, make_staff, make_city_user):
    submitted_request(make_city_user())
    token = token_for(make_staff("cco@city.example", Role.CCO_REVIEWER))
    listing = client.get("/api/v1/requests?status=approved", headers=bearer(token))
    assert listing.get_json()["items"] == []
    assert listing.get_json()["paging"]["total"] == 0


def test_a_token_is_refused_once_revoked(client, make_staff, make_city_user):
    submitted_request(make_city_user())
    user = make_staff("cco@city.example", Role.CCO_REVIEWER)
    token = token_for(user)
    assert client.get("/api/v1/requests", headers=bearer(token)).status_code == 200
    tokens.revoke_token(user, tokens.tokens_of(user)[0])
    db.session.commit()
    refused = client.get("/api/v1/requests", headers=bearer(token))
    assert refused.status_code == 401
    assert "revoked" in refused.get_json()["message"]


def test_a_token_is_refused_once_expired(client, make_staff):
    user = make_staff("cco@city.example", Role.CCO_REVIEWER)
    token = token_for(user)
    record = tokens.tokens_of(user)[0]
    record.expires_at = record.created_at - timedelta(seconds=1)
    db.session.commit()
    refused = client.get("/api/v1/requests", headers=bearer(token))
    assert refused.status_code == 401
    assert "expired" in refused.get_json()["message"]


def test_a_deactivated_accounts_token_is_refused(client, make_staff):
    user = make_staff("cco@city.example", Role.CCO_REVIEWER)
    token = token_for(user)
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/requests", headers=bearer(token)).status_code == 401


def test_an_unknown_or_malformed_token_is_refused(client):
    for header in ("Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer ", "token"):
        assert client.get("/api/v1/requests",
                          headers={"Authorization": header}).status_code == 401


def test_a_token_sees_only_what_its_user_sees(client, make_staff, make_city_user):
    """A division's staff member is not shown a city's request it has no part in."""
    req = submitted_request(make_city_user())
    token = token_for(make_staff("div@city.example", Role.DIVISION_STAFF, division="EDC"))
    assert client.get(f"/api/v1/requests/{req.id}", headers=bearer(token)).status_code == 404
    listing = client.get("/api/v1/requests", headers=bearer(token)).get_json()
    assert req.id not in [item["id"] for item in listing["items"]]


def test_a_token_cannot_post(client, make_staff, make_city_user):
    req = submitted_request(make_city_user())
    token = token_for(make_staff("cco@city.example", Role.CCO_REVIEWER))
    for url in ("/api/v1/requests", f"/api/v1/requests/{req.id}"):
        for method in (client.post, client.put, client.delete):
            assert method(url, headers=bearer(token)).status_code == 405


def test_a_token_is_created_on_the_account_page_shown_once_and_stored_hashed(
        client, make_staff):
    make_staff("cco@city.example", Role.CCO_REVIEWER)
    login(client, "cco@city.example")
    expires = TODAY + timedelta(days=60)
    page = client.submit("/account/tokens", {
        "name": "Weekly report", "expires_on-day": expires.day,
        "expires_on-month": expires.month, "expires_on-year": expires.year})
    assert page.status_code == 200
    shown = re.search(r'<code id="token-value">([^<]+)</code>', page.get_data(as_text=True))
    assert shown
    token = shown.group(1)
    stored = db.session.scalars(select(ApiToken)).one()
    assert stored.token_hash == digest(token) and token not in stored.token_hash
    assert digest("abc") == (  # SHA-256, as its published test vector says
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert token not in client.get("/account/tokens").get_data(as_text=True)
    assert client.get("/api/v1/requests", headers=bearer(token)).status_code == 200


def test_an_expiry_past_a_year_is_refused_beside_its_field(client, make_staff):
    make_staff("cco@city.example", Role.CCO_REVIEWER)
    login(client, "cco@city.example")
    late = TODAY + timedelta(days=400)
    page = client.submit("/account/tokens", {
        "name": "Too long", "expires_on-day": late.day, "expires_on-month": late.month,
        "expires_on-year": late.year})
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "within a year" in text and 'value="Too long"' in text
    assert db.session.scalars(select(ApiToken)).all() == []


def test_a_token_is_revoked_on_the_account_page_and_only_by_its_owner(client, make_staff):
    owner = make_staff("cco@city.example", Role.CCO_REVIEWER)
    token = token_for(owner)
    record = tokens.tokens_of(owner)[0]
    make_staff("other@city.example", Role.CCO_REVIEWER)
    login(client, "other@city.example")
    assert client.submit(f"/account/tokens/{record.id}/revoke",
                         page="/account/tokens").status_code == 404
    assert client.get("/api/v1/requests", headers=bearer(token)).status_code == 200
    client.submit("/logout", page="/")
    login(client, "cco@city.example")
    assert client.submit(f"/account/tokens/{record.id}/revoke",
                         page="/account/tokens").status_code == 302
    assert client.get("/api/v1/requests", headers=bearer(token)).status_code == 401


def test_a_city_holds_no_token(client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    assert client.get("/account/tokens").status_code == 403
