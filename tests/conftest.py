"""Provide the app, a browser-like client and factories of accounts and requests.

The client fills forms as a browser does, with the CSRF token from the page.

The schema is built once per run through the Alembic migrations, as `make run` builds it,
and the app once per run, on tables holding only the reference data. Each test runs inside a
transaction rolled back at its end, so the next one finds the same tables.
"""

from __future__ import annotations

import gc
import os
import re
import tempfile
from collections import OrderedDict
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from flask import Flask, current_app, g
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session
from sqlalchemy import create_engine, event, func, make_url, select, text
from sqlalchemy.engine import Connection
from werkzeug.security import generate_password_hash

os.environ.setdefault("PORTAL_INSTANCE_PATH", tempfile.mkdtemp(prefix="iap-instance-"))

from portal import create_app  # noqa: E402
from portal.extensions import db, limiter  # noqa: E402

PASSWORD = "correct horse battery"
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def pytest_configure(config: pytest.Config) -> None:
    """Collect garbage less often: each test makes many short-lived objects.

    With Python's default (a collection every 700 allocations) the collector takes some
    5 % of the suite's time; this threshold saves it for about 90 MB more per process.
    """
    gc.set_threshold(50_000, 20, 100)


def _database_url(tmp_root: str) -> tuple[str, str | None]:
    """Return the run's database, and the worker's own PostgreSQL database to drop after.

    SQLite lives in a temporary folder, or DATABASE_URL names the database. Under
    pytest-xdist each worker has its own: its own temporary folder, or on PostgreSQL a
    database named after DATABASE_URL's (test_gw0, test_gw1), made afresh on that server.
    """
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_root}/test.sqlite", None
    from portal.config import normalise_database_url

    url = normalise_database_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url, None
    own = make_url(url).set(database=f"{make_url(url).database}_{worker}")
    _on_server(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", own.database)
    _on_server(url, "CREATE DATABASE {}", own.database)
    return own.render_as_string(hide_password=False), url


def _on_server(url: str, statement: str, database: str | None) -> None:
    """Run ``statement`` about ``database`` on ``url``'s server, outside any transaction."""
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(statement.format(conn.dialect.identifier_preparer.quote(database))))
    server.dispose()


@pytest.fixture(scope="session")
def database_url(_schema: str) -> str:
    """Return the database's URL, for a test that builds a second app on it.

    Such a test commits for real (see ``app``): the second app reads only what is committed.
    """
    return _schema


@pytest.fixture(scope="session")
def _schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Create the schema once, through the migrations, and return the database's URL."""
    url, server = _database_url(str(tmp_path_factory.mktemp("db")))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t"})
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    yield url
    if server:  # the worker's own database
        _on_server(server, "DROP DATABASE IF EXISTS {} WITH (FORCE)", make_url(url).database)


class _Shared:
    """The run's one app, and the connection whose transaction each test rolls back."""

    app: Flask
    connection: Connection | None = None  # set while a rolled-back test runs
    tests_connection: Connection
    dirty = False  # a test committed: the tables hold more than the reference data
    config: dict[str, Any]
    limiter_state: dict[str, Any]


class _RolledBackSession(Session):
    """Flask-SQLAlchemy's session, sent to the test's connection while a test runs on it.

    The connection holds the test's outer transaction, and the session joins it with a
    savepoint (join_transaction_mode), so the app's own commits and rollbacks stay inside it.
    Other apps (a second worker made by a test) keep their own engines.
    """

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None,
                 **kwargs: Any) -> Any:
        if bind is None and _Shared.connection is not None and current_app and \
                current_app._get_current_object() is _Shared.app:
            return _Shared.connection
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


@pytest.fixture(scope="session")
def _shared_app(_schema: str) -> Iterator[Flask]:
    """Build the app once, load the reference data once, and open the tests' connection."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _schema,
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
    app.test_client_class = Browser

    factory = db.session.session_factory
    factory.class_ = _RolledBackSession
    factory.kw["join_transaction_mode"] = "create_savepoint"
    _Shared.app = app
    _Shared.config = dict(app.config)
    _Shared.limiter_state = dict(vars(limiter))
    with app.app_context():
        _reset_tables()
        connection = db.engine.connect()
        if connection.dialect.name == "sqlite":
            # Python's sqlite3 driver begins transactions itself and would release the
            # outer one at the first savepoint's end: let SQLAlchemy say BEGIN instead.
            connection.connection.dbapi_connection.isolation_level = None  # type: ignore
            event.listen(connection, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        _Shared.tests_connection = connection
    yield app  # outside any app context: each test pushes its own
    with app.app_context():
        connection.close()
        db.engine.dispose()


def _reset_tables() -> None:
    """Empty every table and load the reference data, committed."""
    _empty_tables()
    from portal.seed.reference_data import ensure_reference_data

    ensure_reference_data()
    db.session.commit()
    db.session.remove()


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


@pytest.fixture()
def app(_shared_app: Flask, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """Return the portal on empty tables holding only the reference data.

    The test's writes are rolled back at its end. A test marked ``real_commits`` (threads,
    a second app or connection, a subprocess reading the database) commits for real, on
    tables emptied before it and again before the next rolled-back test; so does a test
    that asks for ``database_url``, which it only needs to build a second app on it.
    """
    app = _shared_app
    app.config.clear()
    app.config.update(_Shared.config)
    # One limiter serves every app, and keeps the settings of the last app built.
    vars(limiter).update(_Shared.limiter_state)
    limiter.reset()
    if request.node.get_closest_marker("real_commits") or \
            "database_url" in request.fixturenames:
        with app.app_context():
            _reset_tables()
        # Emptied again before the next rolled-back test, once this one's monkeypatches
        # (torn down after this fixture) are undone.
        _Shared.dirty = True
        with app.app_context():
            yield app
            db.session.remove()
        return
    if _Shared.dirty:
        with app.app_context():
            _reset_tables()
        _Shared.dirty = False
    connection = _Shared.tests_connection
    outer = connection.begin()
    _Shared.connection = connection
    try:
        with app.app_context():
            yield app
            db.session.remove()
    finally:
        _Shared.connection = None
        outer.rollback()
    _refuse_leftovers(connection)


def _refuse_leftovers(connection: Connection) -> None:
    """Fail a rolled-back test that left accounts or requests behind, and clear them.

    Only a second connection (a thread, another app) can commit past the rollback: such a
    test must say ``real_commits``, or every later test would find its rows.
    """
    from portal.models import EngagementRequest, User

    with connection.begin():
        left = [connection.scalar(select(func.count()).select_from(model))
                for model in (User, EngagementRequest)]
    if any(left):
        _Shared.dirty = True
        pytest.fail("The test committed outside its rolled-back transaction (another "
                    "connection or thread): mark it @pytest.mark.real_commits.")


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

    cheap = partial(generate_password_hash, method="pbkdf2:sha256:1")
    monkeypatch.setattr(accounts, "generate_password_hash", cheap)
    # The hash an unknown email is checked against costs what a real one does.
    monkeypatch.setattr("portal.auth.services._DUMMY_HASH", cheap("not-a-real-password"))


STAND_IN_SOFFICE = """#!/bin/sh
# LibreOffice's stand-in for the quick tests: writes DRAFT.pdf into --outdir, as
# `soffice --headless --convert-to pdf --outdir DIR DRAFT.docx` does, in milliseconds.
for arg; do
  [ "$previous" = "--outdir" ] && outdir="$arg"
  previous="$arg"
done
name=$(basename "$previous" .docx)
printf '%%PDF-1.4\\n%% made by the tests, not by LibreOffice\\n%%%%EOF\\n' > "$outdir/$name.pdf"
"""


@pytest.fixture(autouse=True)
def quick_pdf_conversion(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                         tmp_path_factory: pytest.TempPathFactory) -> None:
    """Convert to PDF with a stand-in for LibreOffice, but in the tests marked slow.

    A conversion costs LibreOffice a second, and the route and security tables open every
    PDF link as each role: there they check who gets a PDF, not what it looks like. The
    slow tests convert with the real LibreOffice and read what it made; the conversion's
    own code (a temporary folder, the subprocess, the output's check) runs in both.
    """
    if request.node.get_closest_marker("slow"):
        return
    folder = tmp_path_factory.getbasetemp() / "stand-in-soffice"
    program = folder / "soffice"
    if not program.exists():
        folder.mkdir(exist_ok=True)
        program.write_text(STAND_IN_SOFFICE)
        program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    # Conversions are kept by the Word file's checksum: none of these may reach a real one.
    monkeypatch.setattr("docgen.pdf._cache", OrderedDict())


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


class AuthActions:
    """Sign a browser in and out through the portal's own pages (flaskr's ``auth``)."""

    def __init__(self, client: Browser) -> None:
        self._client = client

    def login(self, email: str, password: str = PASSWORD) -> Any:
        """Sign in as ``email`` through the sign-in page."""
        return login(self._client, email, password)

    def logout(self) -> Any:
        """Sign out with the form every page shows a signed-in person."""
        return self._client.submit("/logout", page="/")


@pytest.fixture()
def auth(client: Browser) -> AuthActions:
    """Return the sign-in and sign-out actions of the test's ``client``."""
    return AuthActions(client)


@pytest.fixture()
def make_city_user(app: Flask) -> Any:
    """Return a factory of confirmed, verified city representatives (factories.city_user)."""
    from tests import factories  # it imports the client's class from here

    return factories.city_user


@pytest.fixture()
def make_staff(app: Flask) -> Any:
    """Return a factory of staff accounts of any role (factories.staff_user)."""
    from tests import factories

    return factories.staff_user


@pytest.fixture()
def french_app(app: Flask, database_url: str, tmp_path: Any) -> Iterator[Flask]:
    """Return a second app offering French, its catalogue freshly compiled (tests/french.py)."""
    from tests import french

    yield from french.french_app(database_url, tmp_path, Browser)
