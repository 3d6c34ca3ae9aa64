"""When the database cannot be reached, the portal says so and keeps what people typed.

The failure is real, not mocked: the app is pointed at a database it cannot open (an SQLite
file in a folder that does not exist), so every query fails inside the driver exactly as it
does when a database server is down.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from portal import create_app
from tests.conftest import PASSWORD, Browser

REGISTRATION = {
    "name": "Camille <Martin>", "job_title": "Director of International Relations",
    "email": "camille.martin@lyon.example", "city_name": "Lyon & environs", "country": "FR",
    "government_kind": "city", "password": PASSWORD, "confirm": PASSWORD,
}


@pytest.fixture()
def down_app(tmp_path: Path) -> Iterator[Flask]:
    """Return the portal configured with a database that cannot be opened."""
    missing = tmp_path / "no-such-folder" / "portal.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"})
    app.test_client_class = Browser
    yield app


def test_the_health_check_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_the_health_check_answers_503_when_the_database_cannot_be_reached(down_app):
    response = down_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_a_registration_while_the_database_is_down_shows_what_was_typed(down_app):
    client = down_app.test_client()
    # The first question (the kind of government) is kept in the session, not the database.
    first = client.submit("/register", {"government_kind": "city"})
    assert first.status_code == 302 and first.headers["Location"].endswith("/register/details")
    response = client.submit("/register/details", REGISTRATION)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The service is briefly unavailable" in page
    assert "nothing you typed is lost" in page
    # What was typed is shown back, escaped, so it can be copied...
    assert "Camille &lt;Martin&gt;" in page and "<Martin>" not in page
    assert html.escape("Lyon & environs") in page
    assert "camille.martin@lyon.example" in page
    # ...but never the password or the form's token.
    assert PASSWORD not in page
    assert client.last_token is None or client.last_token not in page
    assert "csrf" not in page.split('id="what-you-typed"')[1].split("</dl>")[0].lower()


def test_a_password_reset_request_while_the_database_is_down_is_a_503(down_app):
    client = down_app.test_client()
    response = client.submit("/password/forgot", {"email": "camille.martin@lyon.example"})
    assert response.status_code == 503
    assert "camille.martin@lyon.example" in response.get_data(as_text=True)


def test_a_page_read_while_the_database_is_down_is_a_503_that_says_try_again(down_app):
    client = down_app.test_client()
    with client.session_transaction() as session:  # someone signed in before it went down
        session["_user_id"] = "1.0"  # the account's id and session epoch
    response = client.get("/requests")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Try again" in page and "Nothing was changed" in page


def test_every_password_field_of_every_form_is_kept_off_the_unavailable_page():
    import importlib
    import inspect
    import pkgutil

    from wtforms import Form, PasswordField

    import forms
    from portal.errors import _NOT_ECHOED

    names = set()
    for module in pkgutil.iter_modules(forms.__path__):
        for _name, cls in inspect.getmembers(importlib.import_module(f"forms.{module.name}"),
                                             inspect.isclass):
            if issubclass(cls, Form):
                names |= {attr for attr, value in vars(cls).items()
                          if getattr(value, "field_class", None) is PasswordField}
    assert {"password", "confirm"} <= names
    assert all(_NOT_ECHOED.search(name) for name in names), names
