"""Staff sign in with their City account, against a real OpenID provider process.

``tests/oidc_provider.py`` runs oidc-provider-mock on 127.0.0.1 in a process of its own. The
portal's test client follows the flow as a browser would: the portal sends it to the
provider, the test signs in there over HTTP (requests), and brings the provider's answer
back to the portal's callback, which exchanges the code with the provider for real.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEntry, User
from portal.policy.roles import Role
from tests.conftest import PASSWORD, Browser, login
from tests.oidc_provider import SWAPPED_CLIENT

CLIENT_ID = "iap-portal"


@pytest.fixture(scope="module")
def providers() -> Iterator[dict[str, str]]:
    """Start the provider process for the module; return the issuers' addresses."""
    with subprocess.Popen([sys.executable, "-m", "tests.oidc_provider"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True) as process:
        try:
            assert process.stdout is not None
            ports = json.loads(process.stdout.readline())
            yield {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture()
def city_sign_in(app: Flask, providers: dict[str, str]) -> dict[str, str]:
    """Configure the portal with the City's provider (the app's settings reset after)."""
    app.config.update(OIDC_ISSUER=providers["issuer"], OIDC_CLIENT_ID=CLIENT_ID,
                      OIDC_CLIENT_SECRET="portal-secret")
    return providers


def person(issuer: str, sub: str, **claims: Any) -> None:
    """Give the provider a person to sign in as."""
    answer = requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10)
    assert answer.status_code == 204


def at_provider(client: Browser, sub: str, start: str = "/login/oidc") -> str:
    """Follow the portal to the provider and sign in there; return the portal's callback path."""
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    authorize = to_provider.headers["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"]
    back = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.path == "/login/oidc/callback"
    return f"{callback.path}?{callback.query}"


def signed_in_as(client: Browser) -> str | None:
    """Return the email of the account the browser is signed in to, if any."""
    client.get("/")  # a page opened: a refused or ended session is dropped here
    with client.session_transaction() as session:
        named = session.get("_user_id")
    user = db.session.get(User, int(named.split(".")[0])) if named else None
    return user.email if user else None


def audit_actions() -> list[str]:
    """Return the audit trail's actions, oldest first."""
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def failure() -> dict[str, object]:
    """Return what the audit trail says of the last sign-in that did not finish."""
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == "account.city_sign_in_failed"
    return entry.detail


def test_the_sign_in_page_offers_the_city_account(client, city_sign_in):
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in with your City account" in page


def test_a_reviewer_signs_in_with_their_city_account(client, city_sign_in, make_staff):
    make_staff("ana.reviewer@toronto.ca", Role.CCO_REVIEWER, name="Ana Reviewer")
    person(city_sign_in["issuer"], "ana", email="Ana.Reviewer@toronto.ca", email_verified=True)
    before = client.get("/login")  # an anonymous session, to be replaced
    assert before.status_code == 200
    answer = client.get(at_provider(client, "ana"))
    assert answer.status_code == 302 and urlsplit(answer.headers["Location"]).path == "/"
    assert signed_in_as(client) == "ana.reviewer@toronto.ca"
    assert audit_actions()[-1] == "account.signed_in"


def test_the_page_asked_for_before_signing_in_opens_after(client, city_sign_in, make_staff):
    make_staff("ana.reviewer@toronto.ca", Role.CCO_REVIEWER)
    person(city_sign_in["issuer"], "ana", email="ana.reviewer@toronto.ca", email_verified=True)
    answer = client.get(at_provider(client, "ana", "/login/oidc?next=/review/"))
    assert urlsplit(answer.headers["Location"]).path == "/review/"


def test_an_unknown_email_is_refused_and_no_account_is_opened(client, city_sign_in):
    person(city_sign_in["issuer"], "zoe", email="zoe@toronto.ca", email_verified=True)
    answer = client.get(at_provider(client, "zoe"))
    assert answer.status_code == 403
    assert "No staff account uses zoe@toronto.ca" in answer.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "zoe@toronto.ca")) is None
    assert signed_in_as(client) is None


def test_an_unverified_email_is_refused(client, city_sign_in, make_staff):
    make_staff("ana.reviewer@toronto.ca", Role.CCO_REVIEWER)
    person(city_sign_in["issuer"], "ana2", email="ana.reviewer@toronto.ca",
           email_verified=False)
    answer = client.get(at_provider(client, "ana2"))
    assert answer.status_code == 403
    assert "is not verified" in answer.get_data(as_text=True)
    assert signed_in_as(client) is None


def test_a_city_account_never_signs_in_with_a_city_of_toronto_account(
        client, city_sign_in, make_city_user):
    make_city_user(email="rep@lyon.example")
    db.session.commit()
    person(city_sign_in["issuer"], "lyon", email="rep@lyon.example", email_verified=True)
    answer = client.get(at_provider(client, "lyon"))
    assert answer.status_code == 403
    assert signed_in_as(client) is None


def test_a_deactivated_staff_account_is_refused(client, city_sign_in, make_staff):
    make_staff("gone@toronto.ca", Role.CCO_REVIEWER).active = False
    db.session.commit()
    person(city_sign_in["issuer"], "gone", email="gone@toronto.ca", email_verified=True)
    answer = client.get(at_provider(client, "gone"))
    assert answer.status_code == 403 and "deactivated" in answer.get_data(as_text=True)


def test_a_mapped_group_opens_an_account_with_its_role(client, app, city_sign_in):
    app.config.update(OIDC_GROUPS_CLAIM="groups",
                      OIDC_GROUP_ROLES={"IAP-Reviewers": "cco_reviewer"})
    person(city_sign_in["issuer"], "new", email="new.reviewer@toronto.ca",
           email_verified=True, name="New Reviewer", groups=["Staff", "IAP-Reviewers"])
    answer = client.get(at_provider(client, "new"))
    assert answer.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new.reviewer@toronto.ca"))
    assert user is not None and user.role_enum is Role.CCO_REVIEWER
    assert user.name == "New Reviewer"
    assert signed_in_as(client) == "new.reviewer@toronto.ca"


def test_a_token_issued_to_another_client_is_refused(client, app, city_sign_in, make_staff):
    make_staff("ana.reviewer@toronto.ca", Role.CCO_REVIEWER)
    person(city_sign_in["issuer"], "ana", email="ana.reviewer@toronto.ca", email_verified=True)
    app.config["OIDC_CLIENT_ID"] = SWAPPED_CLIENT  # the provider answers as to another client
    answer = client.get(at_provider(client, "ana"))
    assert answer.status_code == 400
    assert "did not finish" in answer.get_data(as_text=True)
    assert failure()["description"] == "invalid_claim: Invalid claim: 'aud'"
    assert signed_in_as(client) is None


def test_an_expired_id_token_is_refused(client, app, city_sign_in, make_staff):
    make_staff("ana.reviewer@toronto.ca", Role.CCO_REVIEWER)
    app.config["OIDC_ISSUER"] = city_sign_in["expired"]
    person(city_sign_in["expired"], "ana", email="ana.reviewer@toronto.ca",
           email_verified=True)
    answer = client.get(at_provider(client, "ana"))
    assert answer.status_code == 400
    assert failure()["error"] == "ExpiredTokenError"
    assert signed_in_as(client) is None


def test_the_callback_used_twice_signs_nobody_in_the_second_time(
        app, client, city_sign_in, make_staff):
    make_staff("ana.reviewer@toronto.ca", Role.CCO_REVIEWER)
    person(city_sign_in["issuer"], "ana", email="ana.reviewer@toronto.ca", email_verified=True)
    callback = at_provider(client, "ana")
    session_then = client.get_cookie("session")
    assert session_then is not None
    assert client.get(callback).status_code == 302  # signed in
    # Someone who copied the address (and even the session cookie of that moment) replays it.
    replay = app.test_client()
    replay.set_cookie("session", session_then.value)
    answer = replay.get(callback)
    assert answer.status_code == 400
    assert "invalid_grant" in str(failure()["description"])  # the code is single-use
    assert signed_in_as(replay) is None
    # In the browser that used it, the state is gone with the session it was kept in.
    assert client.get(callback).status_code == 400
    assert failure()["error"] == "MismatchingStateError"


def test_other_staff_may_no_longer_use_a_password(client, city_sign_in, make_staff):
    make_staff("ana.reviewer@toronto.ca", Role.CCO_REVIEWER)
    answer = login(client, "ana.reviewer@toronto.ca", PASSWORD)
    assert answer.status_code == 200
    assert "City staff sign in with their City account" in answer.get_data(as_text=True)
    assert signed_in_as(client) is None


def test_an_administrator_keeps_the_password_as_a_way_in(client, city_sign_in, make_staff):
    make_staff("admin@toronto.ca", Role.ADMIN)
    assert login(client, "admin@toronto.ca", PASSWORD).status_code == 302
    assert signed_in_as(client) == "admin@toronto.ca"


def test_a_city_keeps_its_password(client, city_sign_in, make_city_user):
    make_city_user(email="rep@lyon.example")
    db.session.commit()
    assert login(client, "rep@lyon.example", PASSWORD).status_code == 302


def test_without_the_city_provider_the_portal_is_as_before(client, make_staff):
    page = client.get("/login").get_data(as_text=True)
    assert "City account" not in page
    assert client.get("/login/oidc").status_code == 404
    assert client.get("/login/oidc/callback?code=x&state=y").status_code == 404
    make_staff("ana.reviewer@toronto.ca", Role.CCO_REVIEWER)
    assert login(client, "ana.reviewer@toronto.ca", PASSWORD).status_code == 302


@pytest.mark.parametrize("settings", [
    {"OIDC_ISSUER": "https://login.toronto.ca"},
    {"OIDC_ISSUER": "https://login.toronto.ca", "OIDC_CLIENT_ID": "iap",
     "OIDC_CLIENT_SECRET": "s", "OIDC_GROUP_ROLES": {"Admins": "admin"}},
])
def test_the_portal_refuses_to_start_half_configured(settings):
    from portal import create_app
    from portal.config import ConfigurationError

    with pytest.raises(ConfigurationError):
        create_app(settings)
