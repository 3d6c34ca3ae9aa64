"""Accounts work like a real service: register, confirm, sign in and out, reset a password."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urljoin, urlsplit

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from portal.auth import tokens
from portal.extensions import db
from portal.models import AuditEntry, CounterpartCity, OutboxMessage, User
from portal.policy.counterparts import GovernmentKind
from tests.conftest import PASSWORD, login

NEW_PASSWORD = "a brand new passphrase"
REGISTRATION = {
    "name": "Camille Martin", "job_title": "Director of International Relations",
    "email": "camille.martin@lyon.example", "city_name": "Lyon", "country": "FR",
    "government_kind": "city", "password": PASSWORD, "confirm": PASSWORD,
}
LOGIN_FAILED = "The email address or password is incorrect"
LINK_RE = re.compile(r"http://portal\.test(/\S+)")
CSRF_FIELD = re.compile(r'(?<=name="csrf_token" value=")[^"]+')



def choose_kind(client, kind: str = "city"):
    """Answer the first step of registration: the kind of government."""
    return client.submit("/register", {"government_kind": kind})


def register(client, **changes):
    """Register in both steps: the kind of government, then the details."""
    typed = {**REGISTRATION, **changes}
    choose_kind(client, typed.pop("government_kind"))
    return client.submit("/register/details", typed)


def confirm_and_sign_in(client, email: str = REGISTRATION["email"]) -> None:
    """Follow the newest confirmation link sent to ``email``, then sign in."""
    [*_, sent] = [m for m in messages("account_confirmation") if m.to_address == email]
    assert client.get(link_in(sent)).status_code == 302
    assert login(client, email).status_code == 302


def messages(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def link_in(message: OutboxMessage) -> str:
    found = LINK_RE.search(message.body)
    assert found, message.body
    return found.group(1)


def users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def fetch(email: str) -> User:
    db.session.expire_all()
    return db.session.scalars(select(User).where(User.email == email)).one()


def error_summary(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert found, page
    return found.group(0)


def signed_in(client) -> bool:
    return client.get("/requests").status_code == 200


# Registration ------------------------------------------------------------------------------

def test_a_city_registers_is_told_to_check_its_email_and_is_not_signed_in(client):
    response = register(client, email="Camille.Martin@Lyon.example")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Check your email" in page
    assert ("We have sent a link to camille.martin@lyon.example: confirm your email "
            "address") in page
    assert not signed_in(client)

    user = fetch("camille.martin@lyon.example")
    assert user.role == "city" and user.government_kind == "city"
    assert user.city.name == "Lyon" and user.city.country_code == "FR"
    assert user.city_verified_at is None  # the city is only claimed
    assert PASSWORD not in user.password_hash and user.check_password(PASSWORD)
    assert not user.email_confirmed

    [confirmation] = messages()
    assert confirmation.kind == "account_confirmation"
    assert confirmation.to_address == "camille.martin@lyon.example"
    assert link_in(confirmation).startswith("/confirm/")
    assert db.session.scalars(select(AuditEntry.action)).all() == ["account.registered"]


@pytest.mark.parametrize(("name", "city", "country"), [
    ("João da Silva", "São Paulo", "BR"),
    ("Олена Коваленко", "Київ", "UA"),
    ("王芳", "重庆", "CN"),
    ("Nguyễn Thị Lan", "Ho Chi Minh City", "VN"),
])
def test_names_in_any_script_are_kept_exactly(client, name, city, country):
    response = register(client, name=name, city_name=city, country=country)
    assert response.status_code == 200
    user = fetch(REGISTRATION["email"])
    assert user.name == name
    assert user.city.name == city
    [confirmation] = messages("account_confirmation")
    assert name in confirmation.body and city in confirmation.body
    confirm_and_sign_in(client)
    page = client.get("/requests").get_data(as_text=True)
    assert name in page and city in page


NOT_LOCAL = [kind for kind in GovernmentKind if not kind.is_local_government]


@pytest.mark.parametrize("kind", NOT_LOCAL, ids=[k.value for k in NOT_LOCAL])
def test_a_body_that_is_not_a_local_government_is_told_at_once_and_types_nothing_more(
        client, kind):
    response = choose_kind(client, kind.value)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The program is for city-to-city engagement only" in page
    assert "Where to turn instead" in page
    assert kind.rule.where_to_turn in html.unescape(page)
    assert "We have not created an account" in page
    assert 'name="email"' not in page and 'name="password"' not in page
    # Nor can it skip to the details: they send it back to the first question.
    details = client.get("/register/details")
    assert details.status_code == 302
    assert urlsplit(details.headers["Location"]).path == "/register"
    assert users() == 0
    assert messages() == []
    assert not signed_in(client)


def test_the_first_step_asks_only_the_kind_of_government(client):
    page = client.get("/register").get_data(as_text=True)
    assert 'name="government_kind"' in page
    for field in ("name", "email", "city_name", "country", "password"):
        assert f'name="{field}"' not in page


def test_a_local_government_goes_on_to_the_details_which_say_what_it_chose(client):
    response = choose_kind(client, "municipality")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/register/details"
    page = client.get("/register/details").get_data(as_text=True)
    assert "You represent: Municipality or town" in page
    assert 'name="email"' in page and 'name="government_kind"' not in page
    assert 'value="municipality" checked' in client.get("/register").get_data(as_text=True)


def test_the_details_without_a_chosen_kind_send_back_to_the_first_step(client):
    for response in (client.get("/register/details"),
                     client.submit("/register/details", dict(REGISTRATION), page="/register")):
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/register"
    assert users() == 0


def test_choosing_a_body_that_is_not_eligible_forgets_an_earlier_eligible_choice(client):
    choose_kind(client, "city")
    choose_kind(client, "chamber_of_commerce")
    assert urlsplit(client.get("/register/details").headers["Location"]).path == "/register"


def test_the_kind_of_government_is_recorded_on_the_account(client):
    choose_kind(client, "prefecture_city")
    typed = {k: v for k, v in REGISTRATION.items() if k != "government_kind"}
    client.submit("/register/details", typed)
    assert fetch(REGISTRATION["email"]).government_kind == "prefecture_city"


@pytest.mark.parametrize(("kind", "message"), [
    ("", "Select the kind of government or organization you represent"),
    ("empire", "Select one of the options"),
], ids=["no-kind", "unknown-kind"])
def test_the_first_step_shows_its_error_at_the_field_and_in_the_summary(client, kind, message):
    response = choose_kind(client, kind)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<a href="#government_kind">{escape(message)}</a>' in error_summary(page)
    assert 'id="government_kind"' in page
    assert f'class="error-message"><span class="visually-hidden">Error:</span> {escape(message)}' \
        in page


def test_a_trade_agency_is_sent_to_economic_development(client):
    page = choose_kind(client, "trade_agency").get_data(as_text=True)
    assert "export@toronto.ca" in page


def test_a_canadian_city_is_refused_at_the_country_field(client):
    response = register(client, city_name="Mississauga", country="CA")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    summary = error_summary(page)
    assert 'href="#country"' in summary
    assert "The program is for cities outside Canada" in summary
    assert users() == 0


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"email": "camille at lyon"}, "email",
     "Enter an email address in the correct format, like name@example.org"),
    ({"email": ""}, "email", "Enter an email address"),
    ({"email": "a" * 250 + "@lyon.example"}, "email", "Must be 254 characters or fewer"),
    ({"password": "too short", "confirm": "too short"}, "password",
     "Password must be at least 12 characters"),
    ({"confirm": "something else entirely"}, "confirm", "Passwords do not match"),
    ({"name": ""}, "name", "Enter your full name"),
    ({"name": "N" * 121}, "name", "Must be 120 characters or fewer"),
    ({"job_title": "   "}, "job_title", "Enter your job title"),
    ({"city_name": "L" * 121}, "city_name", "Must be 120 characters or fewer"),
    ({"country": ""}, "country", "Select the country"),
    ({"country": "XX"}, "country", "Select the country from the list"),
], ids=["bad-email", "no-email", "long-email", "short-password", "mismatch", "no-name",
        "long-name", "blank-title", "long-city", "no-country", "unknown-country"])
def test_each_registration_error_links_to_its_field_and_keeps_what_was_typed(
        client, changes, field, message):
    typed = {**REGISTRATION, "password": "typed secret 123", "confirm": "typed secret 123",
             **changes}
    response = register(client, **typed)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<a href="#{field}">{escape(message)}</a>' in error_summary(page)
    assert f'id="{field}"' in page  # the link leads somewhere
    assert f'{escape(message)}</p>' in page  # and the message stands at the field too
    for kept in ("name", "job_title", "email", "city_name"):
        if kept not in changes:
            assert f'value="{escape(typed[kept])}"' in page
    if "country" not in changes:
        assert '<option value="FR" selected>' in page
    assert "typed secret 123" not in page and "too short" not in page
    assert users() == 0


def test_markup_in_a_name_is_shown_escaped(client):
    register(client, name="<script>alert(1)</script>")
    confirm_and_sign_in(client)
    page = client.get("/requests").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# No account enumeration --------------------------------------------------------------------

CSRF_RE = re.compile(r'name="csrf_token" value="[^"]*"')


def without_tokens(page: str) -> str:
    return CSRF_RE.sub("", page)


def test_registering_an_address_already_in_use_answers_exactly_as_a_new_one(client, app):
    first = register(client).get_data(as_text=True)
    again = register(app.test_client(), email=REGISTRATION["email"].upper(),
                     name="Someone Else", password="another passphrase 1",
                     confirm="another passphrase 1")
    assert again.status_code == 200
    assert without_tokens(again.get_data(as_text=True)) == without_tokens(first)
    assert ("We have sent a link to camille.martin@lyon.example: confirm your email "
            "address") in first
    assert users() == 1
    owner = fetch(REGISTRATION["email"])
    assert owner.name == "Camille Martin" and owner.check_password(PASSWORD)


def test_the_holder_of_an_address_already_in_use_is_told_by_email(client, make_city_user):
    make_city_user(email="camille.martin@lyon.example")
    response = register(client)
    assert "Check your email" in response.get_data(as_text=True)
    assert not signed_in(client)
    [note] = messages()
    assert note.kind == "registration_attempt"
    assert note.to_address == "camille.martin@lyon.example"
    assert "Dear Camille Martin" in note.body
    assert "http://portal.test/login" in note.body
    assert "http://portal.test/password/forgot" in note.body
    assert messages("account_confirmation") == []
    assert users() == 1


def test_a_registration_racing_another_for_the_same_address_does_not_fail(
        client, make_city_user, monkeypatch):
    from portal.auth import services

    make_city_user(email="camille.martin@lyon.example")
    # As if the other registration committed between this one's look-up and its insert.
    real = services.find_by_email
    looked = []

    def not_yet(email: str):
        looked.append(email)
        return None if len(looked) == 1 else real(email)

    monkeypatch.setattr(services, "find_by_email", not_yet)
    response = register(client)
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert len(looked) == 2  # the unique constraint refused the insert; it looked again
    assert [m.kind for m in messages()] == ["registration_attempt"]
    assert users() == 1


def test_a_forgotten_password_costs_the_same_work_for_an_unknown_address(
        client, make_city_user, monkeypatch):
    from portal import notifications

    make_city_user()
    signed, written = [], []
    real_sign, real_write = tokens.make_token, notifications.password_reset_body
    monkeypatch.setattr(tokens, "make_token",
                        lambda *args: signed.append(args[1]) or real_sign(*args))
    monkeypatch.setattr(notifications, "password_reset_body",
                        lambda *args: written.append(1) or real_write(*args))
    known = client.submit("/password/forgot", {"email": "rep@lyon.example"})
    assert (signed, written) == ([tokens.RESET], [1])
    unknown = client.submit("/password/forgot", {"email": "nobody@lyon.example"})
    assert (signed, written) == ([tokens.RESET] * 2, [1, 1])
    assert without_tokens(known.get_data(as_text=True)).replace("rep@lyon.example", "@") == \
        without_tokens(unknown.get_data(as_text=True)).replace("nobody@lyon.example", "@")
    assert [m.to_address for m in messages()] == ["rep@lyon.example"]


# An unconfirmed email reaches nothing but confirmation -------------------------------------

def test_an_unconfirmed_registrant_reaches_nothing_but_the_confirmation_page(client):
    register(client)
    assert login(client, REGISTRATION["email"]).status_code == 302
    for url in ("/requests", "/requests/1", "/requests/1/purpose", "/review/requests",
                "/agreements", "/admin/users"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response.headers["Location"]).path == "/confirm-email", url
    page = client.get("/confirm-email").get_data(as_text=True)
    assert "Confirm your email address" in page
    assert "We have sent a link to camille.martin@lyon.example" in page
    assert "Send the link again" in page
    # Posting a form (starting a request) is refused the same way, and starts nothing.
    started = client.submit("/requests/new", page="/confirm-email")
    assert urlsplit(started.headers["Location"]).path == "/confirm-email"
    assert db.session.scalar(select(func.count()).select_from(
        select(AuditEntry).where(AuditEntry.action.like("request.%")).subquery())) == 0
    # The public pages stay open; the start page sends a signed-in account to its work,
    # which for this one is confirming.
    for url in ("/registry", "/registry/agreements.json", "/healthz", "/static/portal.css"):
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()  # a static file holds its file open until then
    home = client.get("/", follow_redirects=True)
    assert home.request.path == "/confirm-email"


def test_the_confirmation_page_resends_the_link_and_the_link_opens_the_account(client):
    register(client)
    login(client, REGISTRATION["email"])
    resent = client.submit("/confirm/resend", page="/confirm-email")
    assert urlsplit(resent.headers["Location"]).path == "/confirm-email"
    first, second = messages("account_confirmation")
    assert client.get(link_in(second)).status_code == 302
    assert client.get("/requests").status_code == 200
    assert urlsplit(client.get("/confirm-email").headers["Location"]).path == "/"


# Email confirmation ------------------------------------------------------------------------

def test_the_confirmation_link_confirms_the_email_address(client):
    register(client)
    link = link_in(messages("account_confirmation")[0])
    response = client.get(link)
    assert response.status_code == 302
    assert fetch(REGISTRATION["email"]).email_confirmed
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "your email address is confirmed" in page
    assert "Confirm your email address before you submit" not in page


def test_the_confirmation_link_works_without_being_signed_in(client, app):
    register(client)
    link = link_in(messages("account_confirmation")[0])
    other = app.test_client()
    assert other.get(link).status_code == 302
    assert fetch(REGISTRATION["email"]).email_confirmed


@pytest.mark.parametrize("token", ["nonsense", "eyJ1aWQiOjF9.Zz9Zz9.bad-signature"])
def test_a_damaged_confirmation_link_gives_a_clear_page(client, token):
    response = client.get(f"/confirm/{token}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This link cannot be used" in page
    assert "Send the link again" in page


def test_an_expired_confirmation_link_says_it_has_expired(client, app, make_city_user,
                                                           monkeypatch):
    user = make_city_user(confirmed=False)
    token = tokens.make_token(user, tokens.CONFIRM)
    monkeypatch.setitem(app.config, "CONFIRM_EMAIL_MAX_AGE", -1)
    response = client.get(f"/confirm/{token}")
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)
    assert not fetch(user.email).email_confirmed


def test_a_confirmation_link_for_a_password_reset_is_not_accepted(client, make_city_user):
    user = make_city_user(confirmed=False)
    token = tokens.make_token(user, tokens.RESET)
    assert client.get(f"/confirm/{token}").status_code == 400
    assert not fetch(user.email).email_confirmed


def test_an_unconfirmed_city_can_ask_for_the_link_again(client, make_city_user):
    make_city_user(confirmed=False)
    login(client, "rep@lyon.example")
    response = client.submit("/confirm/resend", page="/requests")
    assert response.status_code == 302
    [again] = messages("account_confirmation")
    assert again.to_address == "rep@lyon.example"
    assert client.get(link_in(again)).status_code == 302
    assert fetch("rep@lyon.example").email_confirmed


# Signing in and out ------------------------------------------------------------------------

def test_a_city_signs_in_and_out(client, auth, make_city_user):
    make_city_user()
    response = auth.login("REP@lyon.example")
    assert response.status_code == 302
    assert signed_in(client)
    auth.logout()
    assert not signed_in(client)


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(client, make_city_user):
    make_city_user()
    wrong_password = login(client, "rep@lyon.example", "not the password at all")
    unknown_email = login(client, "nobody@lyon.example", "not the password at all")
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert LOGIN_FAILED in error_summary(response.get_data(as_text=True))
    assert error_summary(wrong_password.get_data(as_text=True)) == error_summary(
        unknown_email.get_data(as_text=True))
    assert 'value="rep@lyon.example"' in wrong_password.get_data(as_text=True)
    assert "not the password at all" not in wrong_password.get_data(as_text=True)
    assert not signed_in(client)


def test_a_deactivated_account_cannot_sign_in(client, make_city_user):
    user = make_city_user()
    user.active = False
    db.session.commit()
    response = login(client, "rep@lyon.example")
    assert response.status_code == 200
    assert LOGIN_FAILED in response.get_data(as_text=True)
    assert not signed_in(client)


def test_a_deactivated_account_is_signed_out_at_its_next_page(client, make_city_user):
    user = make_city_user()
    login(client, "rep@lyon.example")
    assert signed_in(client)
    user.active = False
    db.session.commit()
    response = client.get("/requests")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize("target", [
    "//evil.example", "https://evil.example", "http://evil.example/requests",
    "/\\evil.example", "\\\\evil.example", "https:evil.example", "//evil.example/%2F..",
    "javascript:alert(1)", "/\t/evil.example",
])
def test_signing_in_never_sends_the_user_to_another_site(client, make_city_user, target):
    make_city_user()
    response = client.submit(f"/login?next={quote(target, safe='')}",
                             {"email": "rep@lyon.example", "password": PASSWORD}, page="/login")
    assert response.status_code == 302
    location = response.headers["Location"]
    # Resolve the address as a browser would, backslashes counting as slashes.
    resolved = urlsplit(urljoin("http://localhost/", location.replace("\\", "/")))
    assert resolved.scheme in ("http", "https")
    assert resolved.netloc in ("", "localhost")


def test_signing_in_returns_to_the_page_that_asked_for_it(client, make_city_user):
    make_city_user()
    asked = client.get("/requests")
    assert asked.status_code == 302
    sign_in_page = asked.headers["Location"]
    assert urlsplit(sign_in_page).path == "/login"
    response = client.submit(sign_in_page, {"email": "rep@lyon.example", "password": PASSWORD})
    assert response.headers["Location"] == "/requests"


def test_a_visitor_sent_to_sign_in_is_told_to_sign_in_not_to_log_in(client):
    asked = client.get("/requests")
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Please log in" not in page
    banner = re.search(r'<div class="banner banner-(\w+)" role="(\w+)">\s*<p>([^<]*)</p>', page)
    assert banner is not None
    assert banner.groups() == ("info", "status", "You need to sign in to see this page.")


def test_the_sign_in_message_is_put_in_the_readers_language(app):
    from flask_babel import LazyString

    from portal.extensions import login_manager

    # Lazy: translated when it is flashed, in the language of that request.
    assert isinstance(login_manager.login_message, LazyString)
    assert login_manager.localize_callback is str


# Forgotten password ------------------------------------------------------------------------

def test_forgot_password_shows_the_same_page_whether_or_not_the_account_exists(
        client, make_city_user):
    make_city_user()
    known = client.submit("/password/forgot", {"email": "rep@lyon.example"})
    unknown = client.submit("/password/forgot", {"email": "nobody@lyon.example"})
    assert known.status_code == unknown.status_code == 200
    known_page = known.get_data(as_text=True)
    unknown_page = unknown.get_data(as_text=True)
    assert "Check your email" in known_page
    # Each page's CSRF token is signed with the second it was made in: two pages a moment
    # apart may differ there and nowhere else, whatever the account.
    assert CSRF_FIELD.search(known_page) and CSRF_FIELD.search(unknown_page)
    assert (CSRF_FIELD.sub("TOKEN", known_page.replace("rep@lyon.example", "EMAIL"))
            == CSRF_FIELD.sub("TOKEN", unknown_page.replace("nobody@lyon.example", "EMAIL")))
    [reset] = messages()
    assert reset.kind == "password_reset"
    assert reset.to_address == "rep@lyon.example"


def test_a_deactivated_account_is_sent_no_reset_link(client, make_city_user):
    user = make_city_user()
    user.active = False
    db.session.commit()
    page = client.submit("/password/forgot", {"email": "rep@lyon.example"})
    assert "Check your email" in page.get_data(as_text=True)
    assert messages() == []


def test_the_reset_link_sets_a_new_password_and_works_only_once(client, make_city_user):
    make_city_user()
    client.submit("/password/forgot", {"email": "rep@lyon.example"})
    link = link_in(messages("password_reset")[0])
    assert link.startswith("/password/reset/")
    assert "Choose a new password" in client.get(link).get_data(as_text=True)

    mismatch = client.submit(link, {"password": NEW_PASSWORD, "confirm": "something else"})
    assert 'href="#confirm"' in error_summary(mismatch.get_data(as_text=True))

    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"

    assert login(client, "rep@lyon.example", PASSWORD).status_code == 200  # old one refused
    assert login(client, "rep@lyon.example", NEW_PASSWORD).status_code == 302
    client.submit("/logout", page="/requests")

    again = client.get(link)
    assert again.status_code == 400
    assert "This link cannot be used" in again.get_data(as_text=True)
    assert "Ask for a new link" in again.get_data(as_text=True)
    assert "account.password_reset" in db.session.scalars(select(AuditEntry.action)).all()


def test_a_second_reset_link_stops_working_once_the_first_is_used(client, make_city_user):
    make_city_user()
    client.submit("/password/forgot", {"email": "rep@lyon.example"})
    client.submit("/password/forgot", {"email": "rep@lyon.example"})
    first, second = (link_in(m) for m in messages("password_reset"))
    client.submit(first, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.get(second).status_code == 400


def test_an_expired_reset_link_says_it_has_expired(client, app, make_city_user, monkeypatch):
    make_city_user()
    client.submit("/password/forgot", {"email": "rep@lyon.example"})
    link = link_in(messages("password_reset")[0])
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(link)
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)
    token = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
             "csrf_token": client.token_from("/login")}
    assert client.post(link, data=token).status_code == 400
    assert fetch("rep@lyon.example").check_password(PASSWORD)


def test_a_new_password_must_be_long_enough(client, make_city_user):
    make_city_user()
    client.submit("/password/forgot", {"email": "rep@lyon.example"})
    link = link_in(messages("password_reset")[0])
    response = client.submit(link, {"password": "short", "confirm": "short"})
    assert "Password must be at least 12 characters" in error_summary(
        response.get_data(as_text=True))
    assert fetch("rep@lyon.example").check_password(PASSWORD)


def test_the_counterpart_city_is_shared_by_representatives_of_the_same_city(client):
    register(client, city_name="São Paulo", country="BR")
    register(client, email="second@saopaulo.example", city_name="  sao  PAULO ", country="BR")
    assert db.session.scalar(select(func.count(CounterpartCity.id)).where(
        CounterpartCity.country_code == "BR", CounterpartCity.folded_name == "sao paulo")) == 1
    first, second = fetch(REGISTRATION["email"]), fetch("second@saopaulo.example")
    assert first.city_id == second.city_id
    assert second.city.name == "São Paulo"


def test_the_registration_error_summary_follows_the_order_of_the_page(client):
    choose_kind(client)
    page = client.submit("/register/details", {}).get_data(as_text=True)
    start = page.index("error-summary-list")
    summary = page[start:page.index("</ul>", start)]
    links = re.findall(r'href="#([a-z_]+)', summary)
    assert links == ["name", "job_title", "email", "city_name", "country", "password",
                     "confirm"]
