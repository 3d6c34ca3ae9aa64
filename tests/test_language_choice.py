"""A person chooses the portal's language in the header, and it is remembered.

French is offered when ``LANGUAGES`` names it (``PORTAL_LANGUAGES=en,fr_CA``, the default);
a portal set to English alone shows no button. The tests read what a browser sees: the
header's button, the cookie, where the button leads, and ``<html lang>``.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import User
from tests.conftest import login

FRENCH_BUTTON = re.compile(
    r'<button type="submit" class="link-button" lang="fr-CA">Français</button>')
ENGLISH_BUTTON = re.compile(
    r'<button type="submit" class="link-button" lang="en">English</button>')


@pytest.fixture()
def french_offered(app):
    app.config["LANGUAGES"] = ["en", "fr_CA"]


def choose(client, language: str, next_path: str, page: str = "/login"):
    """Press the header's button for ``language`` on ``page``, as the page's form posts."""
    return client.submit("/language", {"language": language, "next": next_path}, page=page)


def page_language(response) -> str:
    found = re.search(r'<html lang="([^"]+)">', response.get_data(as_text=True))
    assert found, "no <html lang>"
    return found.group(1)


def test_with_english_alone_offered_there_is_no_language_button(app, client):
    app.config["LANGUAGES"] = ["en"]
    page = client.get("/login").get_data(as_text=True)
    assert "Français" not in page
    assert 'action="/language"' not in page
    assert page_language(client.get("/login")) == "en"


def test_with_french_offered_the_header_names_it_in_french(client, french_offered):
    page = client.get("/login?next=/review").get_data(as_text=True)
    assert FRENCH_BUTTON.search(page)
    # The form returns to the page it is on, query included.
    assert '<input type="hidden" name="next" value="/login?next=/review">' in page


def test_a_visitor_choosing_french_gets_a_cookie_and_the_same_page_in_french(
        client, french_offered):
    response = choose(client, "fr_CA", "/login")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("language=fr_CA;")
    assert "Max-Age=31536000" in cookie and "SameSite=Lax" in cookie and "HttpOnly" in cookie
    page = client.get("/login")
    assert page_language(page) == "fr-CA"
    assert ENGLISH_BUTTON.search(page.get_data(as_text=True))  # and back to English
    back = choose(client, "en", "/login")
    assert back.headers["Set-Cookie"].startswith("language=en;")
    assert page_language(client.get("/login")) == "en"


def test_a_signed_in_person_choosing_french_keeps_it_on_their_account(
        app, client, make_city_user, french_offered):
    user = make_city_user()
    login(client, user.email)
    response = choose(client, "fr_CA", "/requests", page="/requests")
    assert response.headers["Location"] == "/requests"
    db.session.expire_all()
    assert db.session.scalar(select(User.language).where(User.id == user.id)) == "fr_CA"
    # Another browser, which remembers English and asks for English: signing in there,
    # the account's choice wins.
    other = app.test_client()
    other.set_cookie("language", "en")
    login(other, user.email)
    page = other.get("/requests", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert page_language(page) == "fr-CA"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/",
                                    "/\\evil.example/", "javascript:alert(1)", ""])
def test_the_button_returns_only_to_a_page_of_this_site(client, french_offered, target):
    response = choose(client, "fr_CA", target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_accept_language_picks_french_only_when_it_is_offered(app, client):
    asking = {"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}
    app.config["LANGUAGES"] = ["en"]
    assert page_language(client.get("/login", headers=asking)) == "en"
    app.config["LANGUAGES"] = ["en", "fr_CA"]
    assert page_language(client.get("/login", headers=asking)) == "fr-CA"
    assert page_language(client.get("/login", headers={"Accept-Language": "fr"})) == "fr-CA"
    assert page_language(client.get("/login", headers={"Accept-Language": "de"})) == "en"


def test_the_environment_offers_french_as_a_comma_separated_list(client, app):
    app.config["LANGUAGES"] = "en,fr_CA"  # PORTAL_LANGUAGES=en,fr_CA, not JSON
    assert FRENCH_BUTTON.search(client.get("/login").get_data(as_text=True))


def test_a_language_not_offered_is_refused(app, client):
    app.config["LANGUAGES"] = ["en"]
    response = choose(client, "fr_CA", "/login")
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers or "language=" not in \
        response.headers["Set-Cookie"]
    assert page_language(client.get("/login")) == "en"


def test_choosing_without_the_csrf_token_is_refused(client, french_offered):
    response = client.post("/language", data={"language": "fr_CA", "next": "/login"})
    assert response.status_code == 400
    assert "language=" not in response.headers.get("Set-Cookie", "")
    assert page_language(client.get("/login")) == "en"


def test_a_cookie_naming_a_language_no_longer_offered_is_passed_over(app, client):
    app.config["LANGUAGES"] = ["en"]
    client.set_cookie("language", "fr_CA")
    assert page_language(client.get("/login")) == "en"


def test_a_new_account_keeps_the_language_it_registered_in_unless_the_default():
    from portal.policy.languages import language_to_keep

    assert language_to_keep("fr_CA", "en") == "fr_CA"
    assert language_to_keep("en", "en") is None
