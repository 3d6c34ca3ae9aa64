"""Provide the app, a browser-like client and factories of accounts and requests.

The client fills forms as a browser does, with the CSRF token from the page.

The schema is built once per run through the Alembic migrations, as `make run` builds it;
each test then starts from empty tables plus the reference data.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.security import generate_password_hash

os.environ.setdefault("PORTAL_INSTANCE_PATH", tempfile.mkdtemp(prefix="iap-instance-"))

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402

PASSWORD = "correct horse battery"
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _database_url(tmp_root: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        from portal.config import normalise_database_url

        return normalise_database_url(url)
    return f"sqlite:///{tmp_root}/test.sqlite"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Create the schema once, through the migrations, and return the database's URL."""
    url = _database_url(str(tmp_path_factory.mktemp("db")))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t"})
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture()
def app(database_url: str) -> Iterator[Flask]:
    """Return the portal on empty tables holding only the reference data."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "test-secret", "PUBLIC_BASE_URL": "http://portal.test"})
    def forget_the_previous_request() -> None:
        # The test's app context outlives its requests, and Flask-Login and Flask-WTF keep
        # the signed-in user and the CSRF token in g: a request must start with an empty g,
        # as in production, or a second browser would inherit the first one's session.
        for name in list(g):
            g.pop(name)

    # First of all: the app's own checks before each request (the session's age, the
    # confirmed email) read the signed-in user, and must read this request's.
    app.before_request_funcs.setdefault(None, []).insert(0, forget_the_previous_request)

    with app.app_context():
        _empty_tables()
        from portal.reference_data import ensure_reference_data

        ensure_reference_data()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            # Requests and agreements refer to each other; checks resume on commit.
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for table in tables:
                conn.execute(table.delete())


class Browser(FlaskClient):
    """A test client that submits forms as a person would: open the page, then send it."""

    last_token: str | None = None

    def token_from(self, url: str) -> str:
        """Open ``url`` and return the CSRF token its form carries."""
        page = self.get(url, follow_redirects=True)  # where a person would land
        found = TOKEN_RE.search(page.get_data(as_text=True))
        assert found, f"no form with a CSRF token on {url} ({page.status_code})"
        return found.group(1)

    def submit(self, url: str, data: dict[str, Any] | None = None, *,
               page: str | None = None, follow: bool = False, **kwargs: Any) -> Any:
        """Post ``data`` to ``url`` with the token from ``page`` (default: ``url`` itself)."""
        payload = dict(data or {})
        payload["csrf_token"] = self.token_from(page or url)
        return self.post(url, data=payload, follow_redirects=follow, **kwargs)


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords cheaply: tests open many accounts, and hashing speed is not tested."""
    import portal.models.accounts as accounts

    cheap = partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr(accounts, "generate_password_hash", cheap)
    # The hash an unknown email is checked against costs what a real one does.
    monkeypatch.setattr("portal.auth.services._DUMMY_HASH", cheap("not-a-real-password"))


@pytest.fixture()
def client(app: Flask) -> Browser:
    """Return a browser-like client of the app."""
    app.test_client_class = Browser
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture()
def runner(app: Flask) -> Any:
    """Return a runner for the app's CLI commands."""
    return app.test_cli_runner()


def login(client: Browser, email: str, password: str = PASSWORD) -> Any:
    """Sign in through the sign-in page."""
    return client.submit("/login", {"email": email, "password": password})


@pytest.fixture()
def make_city_user(app: Flask) -> Any:
    """Return a factory of confirmed, verified city representatives."""
    from portal.cities import find_or_create_city
    from portal.models import User
    from portal.models._types import utcnow

    def make(email: str = "rep@lyon.example", city: str = "Lyon", country: str = "FR",
             name: str = "Camille Martin", confirmed: bool = True,
             verified: bool = True) -> User:
        # Verified by default: most tests act as the city's real representative. A stranger
        # who merely claims the city is made with verified=False.
        user = User(email=email, name=name, job_title="Director", role="city",
                    city=find_or_create_city(city, country), government_kind="city",
                    email_confirmed_at=utcnow() if confirmed else None,
                    city_verified_at=utcnow() if verified and confirmed else None)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture()
def make_staff(app: Flask) -> Any:
    """Return a factory of staff accounts of any role."""
    from portal.auth import services
    from portal.policy.roles import Role, SigningOffice
    from portal.reference_data import division_by_code

    def make(email: str, role: Role, division: str | None = None,
             office: SigningOffice | None = None, name: str = "Staff Member") -> Any:
        details = services.StaffDetails(
            name=name, job_title="Officer", role=role,
            division_id=division_by_code(division).id if division else None,
            signing_office=office)
        user = services.create_staff_user(None, email, details, password=PASSWORD)
        db.session.commit()
        return user

    return make
