"""Sessions end when they should, as an attacker holding a copied cookie finds out.

Each test signs a victim in, copies the session cookie into a second browser (the attacker),
makes an event happen, and replays the cookie: it must be refused (sent to sign in, no data).
Idle and absolute timeouts move the clock the session check reads, never sleep.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_login.utils import encode_cookie
from sqlalchemy import select

from portal.auth import sessions
from portal.extensions import db
from portal.models import OutboxMessage, User
from portal.policy.roles import Role
from portal.seed.reference_data import division_by_code
from tests.conftest import PASSWORD, Browser, login
from tests.factories import complete_request

NEW_PASSWORD = "a brand new passphrase"
COOKIE = "session"
SECRET_TITLE = "Confidential lighting residencies"


def copy_cookie(app: Flask, victim: FlaskClient) -> Browser:
    """Return a second browser holding the victim's session cookie, as a thief would."""
    cookie = victim.get_cookie(COOKIE)
    assert cookie is not None, "the victim has no session cookie"
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie.value)
    return thief  # type: ignore[return-value]


def refused(browser: FlaskClient) -> None:
    """Check the browser's session no longer reaches the city's requests nor shows them."""
    response = browser.get("/requests")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert SECRET_TITLE not in response.get_data(as_text=True)


def reaches_requests(browser: FlaskClient) -> bool:
    """Return whether the browser reaches the city's requests and sees its draft."""
    response = browser.get("/requests")
    return response.status_code == 200 and SECRET_TITLE in response.get_data(as_text=True)


@pytest.fixture()
def victim(make_city_user) -> User:
    """Return a confirmed city representative with a draft nobody else may see."""
    user = make_city_user()
    complete_request(user, title=SECRET_TITLE)
    db.session.commit()
    return user


def refetch(email: str) -> User:
    """Return the account as stored now."""
    db.session.expire_all()
    return db.session.scalars(select(User).where(User.email == email)).one()


# A new session at sign-in -----------------------------------------------------------------

def test_signing_in_gives_a_new_session_and_a_cookie_planted_before_it_is_worthless(
        app, client, victim):
    client.get("/login")
    planted = client.get_cookie(COOKIE)
    assert planted is not None  # the anonymous session (it holds the sign-in form's token)
    attacker = app.test_client()
    attacker.set_cookie(COOKIE, planted.value)
    with client.session_transaction() as anonymous:
        anonymous["left_by_the_attacker"] = "x"

    assert login(client, victim.email).status_code == 302
    signed_in = client.get_cookie(COOKIE)
    assert signed_in is not None and signed_in.value != planted.value
    assert reaches_requests(client)
    with client.session_transaction() as session:
        assert "left_by_the_attacker" not in session  # nothing of the old session is kept
    refused(attacker)  # the cookie fixed before the sign-in stays anonymous


def test_signing_in_still_returns_to_the_page_that_asked_for_it(client, victim):
    asked = client.get("/requests")
    response = client.submit(asked.headers["Location"],
                             {"email": victim.email, "password": PASSWORD})
    assert response.headers["Location"] == "/requests"


# Events that end every session of the account ----------------------------------------------

def test_a_copied_cookie_works_until_the_victim_signs_out(app, client, victim):
    login(client, victim.email)
    thief = copy_cookie(app, client)
    assert reaches_requests(thief)  # the copy is a working session until an event ends it

    client.submit("/logout", page="/requests")
    refused(thief)
    refused(client)


def test_signing_out_in_one_browser_ends_the_session_in_another(app, client, victim):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, victim.email)
    login(phone, victim.email)
    laptop.submit("/logout", page="/requests")  # type: ignore[attr-defined]
    refused(phone)
    assert login(phone, victim.email).status_code == 302  # signing in again works
    assert reaches_requests(phone)


def test_a_password_reset_through_the_emailed_link_ends_the_stolen_session(
        app, client, victim):
    login(client, victim.email)
    thief = copy_cookie(app, client)
    owner = app.test_client()
    owner.submit("/password/forgot", {"email": victim.email})  # type: ignore[attr-defined]
    [message] = db.session.scalars(select(OutboxMessage)).all()
    link = re.search(r"http://portal\.test(/\S+)", message.body).group(1)
    changed = owner.submit(link, {"password": NEW_PASSWORD,  # type: ignore[attr-defined]
                                  "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    refused(thief)
    refused(client)
    assert login(owner, victim.email, NEW_PASSWORD).status_code == 302  # type: ignore[arg-type]


def test_deactivation_by_an_administrator_ends_the_session(app, client, victim, make_staff):
    make_staff("admin@toronto.example", Role.ADMIN, "CCO")
    login(client, victim.email)
    thief = copy_cookie(app, client)
    admin = app.test_client()
    login(admin, "admin@toronto.example")  # type: ignore[arg-type]
    admin.submit(f"/admin/users/{victim.id}/deactivate",  # type: ignore[attr-defined]
                 page=f"/admin/users/{victim.id}/deactivate")
    refused(thief)
    # Reactivating the account does not bring the old session back.
    admin.submit(f"/admin/users/{victim.id}/reactivate",  # type: ignore[attr-defined]
                 page="/admin/users")
    assert refetch(victim.email).active
    refused(thief)
    refused(client)


STAFF_EDIT = {"name": "Dana Division", "job_title": "Officer", "role": "division_staff",
              "signing_office": ""}


@pytest.mark.parametrize(("role", "division"), [
    ("cco_reviewer", "CCO"),
    ("division_staff", "TPH"),
], ids=["role", "division"])
def test_a_change_of_role_or_division_ends_the_staff_members_sessions(
        app, client, make_staff, role, division):
    dana = make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC", name="Dana Division")
    make_staff("admin@toronto.example", Role.ADMIN, "CCO")
    login(client, dana.email)
    assert client.get("/review/shared").status_code == 200
    thief = copy_cookie(app, client)
    admin = app.test_client()
    login(admin, "admin@toronto.example")  # type: ignore[arg-type]
    typed = {**STAFF_EDIT, "role": role, "division_id": str(division_by_code(division).id)}
    edited = admin.submit(f"/admin/users/{dana.id}", typed)  # type: ignore[attr-defined]
    assert edited.status_code == 302
    for browser in (thief, client):
        response = browser.get("/review/shared")
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/login"


def test_a_change_of_name_or_title_leaves_the_session_alone(app, client, make_staff):
    dana = make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC", name="Dana Division")
    make_staff("admin@toronto.example", Role.ADMIN, "CCO")
    login(client, dana.email)
    admin = app.test_client()
    login(admin, "admin@toronto.example")  # type: ignore[arg-type]
    admin.submit(f"/admin/users/{dana.id}", {  # type: ignore[attr-defined]
        **STAFF_EDIT, "name": "Dana Renamed", "job_title": "Senior Officer",
        "division_id": str(division_by_code("EDC").id)})
    assert refetch(dana.email).name == "Dana Renamed"
    assert client.get("/review/shared").status_code == 200


def test_a_cookie_that_names_the_account_without_its_epoch_is_refused(client, victim):
    with client.session_transaction() as session:
        # What a cookie made before session epochs held: the bare id, and fresh timestamps.
        session["_user_id"] = str(victim.id)
        session[sessions.STARTED] = session[sessions.SEEN] = int(sessions.now())
    refused(client)


def test_a_remember_me_cookie_cannot_bring_a_session_back(app, victim):
    with app.test_request_context():
        remembered = encode_cookie(victim.get_id())  # valid, signed, of the current epoch
    browser = app.test_client()
    browser.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), remembered)
    refused(browser)


# Idle and absolute timeouts ----------------------------------------------------------------

class Clock:
    """The clock the session check reads, moved by hand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 1_800_000_000.0
        monkeypatch.setattr(sessions, "now", lambda: self.now)

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def ended_with(browser: FlaskClient, url: str, message: str) -> None:
    """Check that opening ``url`` ends the session: sign in again, told why, back after."""
    response = browser.get(url)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [url]
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page
    refused(browser)


IDLE = "Your session ended after {} minutes without activity. Sign in again; your drafts are saved."


def test_a_staff_session_ends_after_30_minutes_without_activity(client, clock, make_staff):
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    login(client, "rosa@toronto.example")
    clock.advance(29)
    assert client.get("/review/requests").status_code == 200  # activity: the clock restarts
    clock.advance(29)
    assert client.get("/review/requests").status_code == 200
    clock.advance(31)
    ended_with(client, "/review/requests", IDLE.format(30))


def test_a_city_session_lasts_two_hours_without_activity(client, clock, victim):
    login(client, victim.email)
    clock.advance(119)
    assert reaches_requests(client)
    clock.advance(121)
    ended_with(client, "/requests", IDLE.format(120))


def test_every_session_ends_12_hours_after_signing_in_however_active(client, clock, victim):
    login(client, victim.email)
    for _ in range(11):
        clock.advance(60)
        assert reaches_requests(client)
    clock.advance(59)
    assert reaches_requests(client)
    clock.advance(2)  # 12 hours and 1 minute
    ended_with(client, "/requests", "Your session has ended. Sign in again; your drafts are saved.")


def test_a_copied_cookie_idles_out_like_the_original(app, client, clock, victim):
    login(client, victim.email)
    thief = copy_cookie(app, client)
    clock.advance(121)
    refused(thief)


def test_the_session_lengths_are_settings(app, client, clock, victim):
    app.config["SESSION_IDLE_MINUTES_CITY"] = 5
    login(client, victim.email)
    clock.advance(6)
    ended_with(client, "/requests", IDLE.format(5))
