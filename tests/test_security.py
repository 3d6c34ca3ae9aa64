"""The portal holds up against misuse: cookies, throttling, lockout, uploads, downloads, XSS.

The route x role matrix and the CSRF check of every form are in ``test_route_matrix.py``;
arbitrary input to every form is in ``test_fuzz.py``.
"""

from __future__ import annotations

import io
import os
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

import docx
import pytest
from flask import Flask
from flask_login import login_user
from sqlalchemy import func, select

from portal import create_app
from portal.auth import services as accounts
from portal.extensions import db
from portal.models import AuditEntry, Document, EngagementRequest, User
from portal.policy.lifecycle import Action
from portal.policy.roles import Role, SigningOffice
from portal.review import services as review
from portal.seed.reference_data import division_by_code
from tests.conftest import PASSWORD, Browser, login
from tests.factories import advance, submitted_request
from tests.forms import generate_draft
from tests.journeys import CITY_PAGES, MINIMAL_PDF, NEXT_YEAR, answer, start_request
from tests.test_route_matrix import (
    COLUMNS,
    DOWNLOADS,
    MATRIX,
    build_world,
    endpoint_of,
    expected,
    url_of,
)

LOGIN_FAILED = "The email address or password is incorrect"
TOO_MANY = "Too many attempts"


@pytest.fixture(autouse=True)
def quick_dummy_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the hash checked for unknown emails as cheap as the tests' own passwords."""
    from werkzeug.security import generate_password_hash

    monkeypatch.setattr(accounts, "_DUMMY_HASH",
                        generate_password_hash("not-a-real-password", method="pbkdf2:sha256:1000"))


@pytest.fixture()
def another_worker(database_url: str, app: Flask, monkeypatch: pytest.MonkeyPatch,
                   ) -> Iterator[Callable[..., Flask]]:
    """Return a factory of further apps on the test database, as other workers would be.

    Keyword arguments become ``PORTAL_*`` environment variables, read as production reads
    them; ``config`` overrides settings directly.
    """
    made: list[Flask] = []

    def make(config: dict[str, Any] | None = None, **environment: str) -> Flask:
        for name, value in environment.items():
            monkeypatch.setenv(f"PORTAL_{name}", value)
        other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                            "SECRET_KEY": "test-secret", **(config or {})})
        other.test_client_class = Browser
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


def set_cookies(response: Any) -> dict[str, str]:
    """Return each cookie a response sets, by name, with its attributes."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


# Cookies ---------------------------------------------------------------------------------

def test_by_default_cookies_also_work_over_plain_http_for_make_run(client, make_city_user):
    make_city_user()
    session = set_cookies(login(client, "rep@lyon.example"))["session"]
    assert "HttpOnly" in session and "SameSite=Lax" in session
    assert "Secure" not in session


def test_in_production_the_session_cookie_is_sent_over_https_only(
        another_worker, make_city_user):
    make_city_user()
    production = another_worker(SESSION_COOKIE_SECURE="true")
    assert production.config["SESSION_COOKIE_SECURE"] is True
    browser = production.test_client()
    https = {"base_url": "https://portal.test"}
    page = browser.get("/login", **https)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert "Secure" in set_cookies(page)["session"]
    signed_in = browser.post("/login", data={"email": "rep@lyon.example", "password": PASSWORD,
                                              "csrf_token": token.group(1)},
                             headers={"Referer": "https://portal.test/login"}, **https)
    assert signed_in.status_code == 302
    session = set_cookies(signed_in)["session"]
    assert "Secure" in session and "HttpOnly" in session and "SameSite=Lax" in session


def test_in_production_the_remember_me_cookie_is_sent_over_https_only(
        another_worker, make_city_user):
    user_id = make_city_user().id
    production = another_worker(REMEMBER_COOKIE_SECURE="true")
    assert production.config["REMEMBER_COOKIE_SECURE"] is True

    @production.route("/test-remember-me")
    def remember_me() -> str:
        login_user(db.session.get(User, user_id), remember=True)
        return "remembered"

    response = production.test_client().get("/test-remember-me", base_url="https://portal.test")
    remember = set_cookies(response)["remember_token"]
    assert "Secure" in remember and "HttpOnly" in remember


# Throttling ------------------------------------------------------------------------------

def failed_login(client: Browser, email: str = "nobody@lyon.example", **kwargs: Any) -> Any:
    """Try to sign in with a wrong password."""
    return client.submit("/login", {"email": email, "password": "not the password"},
                         **kwargs)


def assert_throttled(response: Any) -> None:
    """Check the answer is the friendly 429 page, saying when to come back."""
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert TOO_MANY in page and "Wait a minute" in page
    assert "Traceback" not in page
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Content-Security-Policy"]  # still a page of the portal


def test_after_ten_failed_sign_ins_from_one_address_the_next_is_refused_for_a_while(
        client, make_city_user):
    make_city_user()
    for attempt in range(10):  # different emails: the lockout of one account is not at play
        assert failed_login(client, f"nobody{attempt}@lyon.example").status_code == 200
    assert_throttled(login(client, "rep@lyon.example"))  # even the right password waits
    elsewhere = client.submit("/login", {"email": "rep@lyon.example", "password": PASSWORD},
                              environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert elsewhere.status_code == 302  # another address is not affected


def test_signing_in_successfully_does_not_count_against_the_limit(client, make_city_user):
    make_city_user()
    for _ in range(12):
        assert login(client, "rep@lyon.example").status_code == 302
        client.submit("/logout", page="/requests")


def test_registration_and_password_reset_are_throttled_too(client):
    client.submit("/register", {"government_kind": "city"})  # the first step: not counted
    for _ in range(10):
        assert client.submit("/register/details", {"email": "not an email"}).status_code == 200
        assert client.submit("/password/forgot", {"email": "a@b.example"}).status_code == 200
    assert_throttled(client.submit("/register/details", {"email": "not an email"}))
    assert_throttled(client.submit("/password/forgot", {"email": "a@b.example"}))
    assert client.get("/register/details").status_code == 200  # reading is not limited


def test_the_limits_are_settings(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    assert failed_login(client).status_code == 200
    assert failed_login(client).status_code == 200
    assert_throttled(failed_login(client))


def _redis_or_skip() -> str:
    redis = pytest.importorskip("redis")
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        pytest.skip(f"no Redis server at {url}")
    return url


def _failures_across_two_workers(another_worker: Callable[..., Flask], storage: str,
                                 ) -> Any:
    # Each create_app binds the limiter afresh, as a new worker process starts with nothing
    # in memory: only a shared store carries the count from the first to the second.
    address = {"environ_base": {"REMOTE_ADDR": f"2001:db8::{uuid.uuid4().hex[:4]}"}}
    first = another_worker({"RATELIMIT_STORAGE_URI": storage}).test_client()
    for _ in range(6):
        assert failed_login(first, **address).status_code == 200
    second = another_worker({"RATELIMIT_STORAGE_URI": storage}).test_client()
    for _ in range(4):
        assert failed_login(second, **address).status_code == 200
    return failed_login(second, **address)


def test_with_redis_every_worker_shares_the_count(another_worker):
    assert_throttled(_failures_across_two_workers(another_worker, _redis_or_skip()))


def test_in_memory_each_worker_counts_alone_which_is_why_production_uses_redis(another_worker):
    assert _failures_across_two_workers(another_worker, "memory://").status_code == 200


# Lockout of one account ------------------------------------------------------------------

def error_summary(response: Any) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', response.get_data(as_text=True),
                      re.S)
    assert found, response.get_data(as_text=True)[:2000]
    return found.group(0)


def fetch(email: str) -> User:
    db.session.expire_all()
    return db.session.scalars(select(User).where(User.email == email)).one()


def lock(client: Browser, email: str = "rep@lyon.example") -> None:
    """Type a wrong password five times in a row."""
    for _ in range(5):
        assert LOGIN_FAILED in error_summary(failed_login(client, email))


def test_five_wrong_passwords_in_a_row_lock_the_account_for_fifteen_minutes(
        client, make_city_user, monkeypatch):
    make_city_user()
    lock(client, "REP@lyon.example")  # the email's case changes nothing
    user = fetch("rep@lyon.example")
    assert user.locked_until is not None
    assert timedelta(minutes=14) < user.locked_until - accounts.utcnow() <= timedelta(minutes=15)
    refused = login(client, "rep@lyon.example")  # the right password, while locked
    assert refused.status_code == 200
    assert LOGIN_FAILED in error_summary(refused)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "account.locked")).one()
    assert entry.subject == f"user:{user.id}"

    later = accounts.utcnow() + timedelta(minutes=16)
    monkeypatch.setattr(accounts, "utcnow", lambda: later)
    assert login(client, "rep@lyon.example").status_code == 302
    user = fetch("rep@lyon.example")
    assert user.failed_logins == 0 and user.locked_until is None


def test_a_successful_sign_in_starts_the_count_again(client, make_city_user):
    make_city_user()
    for _ in range(4):
        failed_login(client, "rep@lyon.example")
    assert fetch("rep@lyon.example").failed_logins == 4
    login(client, "rep@lyon.example")
    client.submit("/logout", page="/requests")
    for _ in range(4):
        failed_login(client, "rep@lyon.example")
    assert login(client, "rep@lyon.example").status_code == 302


def test_an_unknown_email_a_wrong_password_and_a_locked_account_get_the_same_answer(
        client, make_city_user, make_staff):
    make_city_user()
    make_staff("locked@toronto.example", Role.CCO_REVIEWER)
    lock(client, "locked@toronto.example")
    answers = {
        "unknown": failed_login(client, "nobody@toronto.example"),
        "wrong": failed_login(client, "rep@lyon.example"),
        "locked": login(client, "locked@toronto.example"),
    }
    summaries = {kind: error_summary(response) for kind, response in answers.items()}
    assert len(set(summaries.values())) == 1, summaries
    pages = {kind: re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))
             for kind, response in answers.items()}
    assert len(set(pages.values())) == 1  # the whole page, bar the email typed and the token
    assert {response.status_code for response in answers.values()} == {200}


def test_every_attempt_costs_one_password_check_whether_or_not_the_account_exists(
        client, make_city_user, make_staff, monkeypatch):
    import portal.models.accounts as model

    make_city_user()
    make_staff("locked@toronto.example", Role.CCO_REVIEWER)
    lock(client, "locked@toronto.example")
    checks: list[str] = []

    def counting(check: Callable[[str, str], bool]) -> Callable[[str, str], bool]:
        def counted(pwhash: str, password: str) -> bool:
            checks.append(password)
            return check(pwhash, password)
        return counted

    monkeypatch.setattr(accounts, "check_password_hash", counting(accounts.check_password_hash))
    monkeypatch.setattr(model, "check_password_hash", counting(model.check_password_hash))
    for attempt in (lambda: failed_login(client, "nobody@toronto.example"),
                    lambda: failed_login(client, "rep@lyon.example"),
                    lambda: login(client, "locked@toronto.example")):
        checks.clear()
        attempt()
        assert len(checks) == 1


def test_an_unknown_email_locks_nothing(client, make_city_user):
    make_city_user()
    for _ in range(7):
        failed_login(client, "nobody@lyon.example")
    assert db.session.scalar(select(func.count(User.id)).where(
        (User.failed_logins > 0) | User.locked_until.is_not(None))) == 0
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_every_worker_sees_the_lock_because_it_is_kept_in_the_database(
        client, make_city_user, another_worker):
    make_city_user()
    lock(client)
    other = another_worker().test_client()
    refused = login(other, "rep@lyon.example")
    assert refused.status_code == 200 and LOGIN_FAILED in error_summary(refused)


def test_failures_counted_by_several_workers_add_up(client, make_city_user, another_worker):
    make_city_user()
    workers = [client, another_worker().test_client(), another_worker().test_client()]
    for attempt in range(5):
        failed_login(workers[attempt % 3], "rep@lyon.example")
    assert fetch("rep@lyon.example").locked_until is not None


def test_resetting_the_password_opens_a_locked_account(client, make_city_user):
    from portal.auth import tokens

    user = make_city_user()
    lock(client)
    link = f"/password/reset/{tokens.make_token(fetch(user.email), tokens.RESET)}"
    new = "a brand new passphrase"
    assert client.submit(link, {"password": new, "confirm": new}).status_code == 302
    assert login(client, "rep@lyon.example", new).status_code == 302


def test_the_lockout_is_a_setting(app, client, make_city_user):
    make_city_user()
    app.config["LOGIN_LOCKOUT_FAILURES"] = 2
    app.config["LOGIN_LOCKOUT_MINUTES"] = 60
    failed_login(client, "rep@lyon.example")
    failed_login(client, "rep@lyon.example")
    user = fetch("rep@lyon.example")
    assert timedelta(minutes=59) < user.locked_until - accounts.utcnow() <= timedelta(minutes=60)


# Uploads ---------------------------------------------------------------------------------

def polyglots() -> dict[str, bytes]:
    """Return files that are two formats at once."""
    import zipfile

    archive = BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("[Content_Types].xml", "<Types/>")
        zipped.writestr("word/document.xml", "<document/>")
    word = archive.getvalue()
    padded = BytesIO()
    with zipfile.ZipFile(padded, "w") as zipped:  # a first entry that opens as a PDF
        zipped.writestr("a.pdf", MINIMAL_PDF)
        zipped.writestr("[Content_Types].xml", "<Types/>")
        zipped.writestr("word/document.xml", "<document/>")
    return {"pdf-with-a-zip-appended": MINIMAL_PDF + word,
            "word-that-opens-as-a-pdf": padded.getvalue()}


@pytest.fixture()
def city_draft(client, make_city_user) -> int:
    make_city_user()
    login(client, "rep@lyon.example")
    return start_request(client)


def upload_letter(client: Browser, request_id: int, content: bytes, filename: str) -> Any:
    return client.submit(f"/requests/{request_id}/contacts", {
        "contact_name": "Marie Dupont", "contact_title": "Deputy Mayor",
        "contact_email": "marie@lyon.example", "letter": (BytesIO(content), filename),
        "action": "continue"}, content_type="multipart/form-data")


def documents_of(request_id: int) -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(select(Document).where(Document.request_id == request_id)))


def files_under(path: str) -> set[str]:
    return {os.path.join(root, name) for root, _dirs, names in os.walk(path) for name in names}


@pytest.mark.parametrize(("raw", "kept"), [
    ("../../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\win.ini.pdf", None),  # the multipart quoting may drop a backslash
    ("/var/www/portal/static/letter.pdf", "letter.pdf"),
    ("static/../../instance/secret_key.pdf", "secret_key.pdf"),
    ("../", "document.pdf"),
])
def test_a_path_in_an_uploaded_name_is_dropped_and_nothing_is_written_to_disk(
        app, client, city_draft, raw, kept):
    before = files_under(app.instance_path) | files_under(app.static_folder or "")
    assert upload_letter(client, city_draft, MINIMAL_PDF, raw).status_code == 302
    [stored] = documents_of(city_draft)
    assert stored.content == MINIMAL_PDF
    assert stored.filename == (kept or stored.filename)
    assert not {"/", "\\"} & set(stored.filename) and not stored.filename.startswith(".")
    assert stored.filename.endswith(".pdf")
    kept = stored.filename
    assert files_under(app.instance_path) | files_under(app.static_folder or "") == before
    download = client.get(f"/requests/{city_draft}/documents/{stored.id}")
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and kept in disposition
    assert "/" not in disposition and "\\" not in disposition and ".." not in disposition


@pytest.mark.parametrize("kind", sorted(polyglots()))
def test_a_polyglot_letter_is_refused_by_the_intake(client, city_draft, kind):
    response = upload_letter(client, city_draft, polyglots()[kind], "letter.pdf")
    assert response.status_code == 200
    assert "must be a PDF or a Word document" in response.get_data(as_text=True)
    assert documents_of(city_draft) == []


@pytest.fixture()
def question_waiting(client, make_city_user, make_staff) -> EngagementRequest:
    """Return a city's request on which the reviewer asked a question; the city signed in."""
    city = make_city_user()
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER)
    req = submitted_request(city)
    advance(req, reviewer, Action.START_TRIAGE, Action.START_REVIEW)
    review.request_information(req, reviewer, "Which venue?")
    db.session.commit()
    login(client, city.email)
    return req


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The selected file is empty"),
    *((content, "must be a PDF or a Word document") for content in polyglots().values()),
], ids=["empty", *sorted(polyglots())])
def test_an_empty_or_polyglot_file_is_refused_with_an_answer_to_a_question(
        client, question_waiting, content, message):
    response = client.submit(f"/requests/{question_waiting.id}/answer", {
        "text": "The Lyon opera house.", "document": (BytesIO(content), "venue.pdf")},
        page=f"/requests/{question_waiting.id}", content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert [d.kind for d in documents_of(question_waiting.id)] == ["letter_of_intent"]
    db.session.expire_all()
    assert db.session.get(EngagementRequest, question_waiting.id).status == \
        "information_requested"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The selected file is empty"),
    *((content, "must be a PDF or a Word document") for content in polyglots().values()),
], ids=["empty", *sorted(polyglots())])
def test_an_empty_or_polyglot_signed_copy_is_refused(client, make_city_user, make_staff,
                                                     content, message):
    from portal.agreements import services as agreements

    city = make_city_user()
    division_by_code("EDC").head_name = "Harper Head"
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER)
    head = make_staff("harper@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
                      office=SigningOffice.DIVISION_HEAD)
    solicitor = make_staff("sol@toronto.example", Role.SOLICITOR, "LGL")
    req = submitted_request(city, anticipated_cost=Decimal("20000"))
    req.sponsoring_division = division_by_code("EDC")
    advance(req, reviewer, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    advance(req, head, Action.APPROVE)
    agreements.approve_as_to_form(req, agreements.generate_draft(req, reviewer), solicitor)
    db.session.commit()

    login(client, reviewer.email)
    yesterday = date.today() - timedelta(days=1)
    response = client.submit(f"/review/requests/{req.id}/drafts/signed", {
        "signed_copy": (BytesIO(content), "signed.pdf"), "signed_on-day": str(yesterday.day),
        "signed_on-month": str(yesterday.month), "signed_on-year": str(yesterday.year)},
        page=f"/review/requests/{req.id}", content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(EngagementRequest, req.id).status == "approved_as_to_form"


# Downloads -------------------------------------------------------------------------------

def test_every_download_is_an_attachment_for_those_allowed_and_nothing_for_the_others(
        app, client, make_city_user, make_staff):
    world = build_world(make_city_user, make_staff)
    rows = [name for name in MATRIX if endpoint_of(name) in DOWNLOADS]
    assert {endpoint_of(name) for name in rows} == DOWNLOADS
    contents: dict[str, bytes] = {}
    for column in COLUMNS:
        browser = app.test_client()
        if column != "anon":
            login(browser, world.users[column].email)
        for name in rows:
            _rule, url = url_of(app, world, name)
            response = browser.get(url)
            if expected(name)[column] == "ok":
                assert response.status_code == 200, (column, name)
                disposition = response.headers["Content-Disposition"]
                assert disposition.startswith("attachment; filename="), (column, name)
                assert response.headers["X-Content-Type-Options"] == "nosniff"
                assert "no-store" in response.headers["Cache-Control"]
                assert response.mimetype != "text/html"
                contents[name] = response.data
            else:
                assert response.status_code in (302, 403, 404), (column, name)
                if response.status_code == 302:
                    # To sign in, or (an unconfirmed account) to confirm the email address.
                    assert urlsplit(response.headers["Location"]).path == {
                        "in": "/login", "cf": "/confirm-email"}[expected(name)[column]]
                assert "attachment" not in response.headers.get("Content-Disposition", "")
    for column in COLUMNS:  # nothing of a file ever leaks into a refusal
        browser = app.test_client()
        if column != "anon":
            login(browser, world.users[column].email)
        for name in rows:
            if expected(name)[column] != "ok" and name in contents:
                _rule, url = url_of(app, world, name)
                assert contents[name][:64] not in browser.get(url).data


# XSS -------------------------------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
RAW = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"'><img")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


def assert_escaped(page: str, where: str) -> None:
    """Check that no markup of the payload reached the page unescaped."""
    for raw in RAW:
        assert raw not in page, f"{where} shows {raw!r} unescaped"
    assert not INLINE_SCRIPT.search(page), f"{where} holds an inline <script>"


def act(client: Browser, request_id: int, name: str, data: dict[str, str] | None = None) -> Any:
    """Take review action ``name`` with the version the request page shows."""
    url = f"/review/requests/{request_id}"
    page = client.get(url).get_data(as_text=True)
    form_page = url
    if f'href="{url}/decide/{name}"' in page:  # a decision is confirmed on its own page
        form_page = f"{url}/decide/{name}"
        page = client.get(form_page).get_data(as_text=True)
    found = re.search(rf'name="{name}-version" value="(\d+)"', page)
    assert found, f"{name} is not offered"
    payload = {f"{name}-version": found.group(1),
               **{f"{name}-{key}": value for key, value in (data or {}).items()}}
    response = client.submit(f"{url}/act/{name}", payload, page=form_page)
    assert response.status_code == 302, (name, response.status_code)
    return response


def switch(client: Browser, email: str) -> None:
    client.submit("/logout", page="/")
    login(client, email)


def document_text(content: bytes) -> str:
    """Return the text of every paragraph, table cell and header of a .docx."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows
              for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def test_markup_typed_into_a_request_is_shown_escaped_and_written_literally_in_the_word_file(
        client, make_staff):
    edc = division_by_code("EDC")
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    make_staff("harper@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
               office=SigningOffice.DIVISION_HEAD)
    make_staff("admin@toronto.example", Role.ADMIN, "CCO")
    pages: dict[str, str] = {}

    def visit(url: str) -> str:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert_escaped(page, url)
        pages[url] = page
        return page

    # A city registers with the payload as its name, title and city, and files a request
    # with the payload in every text answer.
    client.submit("/register", {"government_kind": "city"})
    registered = client.submit("/register/details", {
        "name": PAYLOAD, "job_title": PAYLOAD, "email": "rep@lyon.example",
        "city_name": PAYLOAD, "country": "FR", "password": PASSWORD, "confirm": PASSWORD})
    assert registered.status_code == 200
    assert_escaped(registered.get_data(as_text=True), "/register/details")
    fetch("rep@lyon.example").email_confirmed_at = accounts.utcnow()
    db.session.commit()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    typed = {
        "about-you": {"representative_name": PAYLOAD, "representative_title": PAYLOAD,
                      "government_kind": "city"},
        "agreement": dict(CITY_PAGES[1][1]),
        "purpose": {"title": PAYLOAD, "purpose": PAYLOAD, "objectives": PAYLOAD,
                    "activities": PAYLOAD, "outcomes-0-outcome": PAYLOAD,
                    "outcomes-0-indicator": PAYLOAD, "outcomes-0-target": PAYLOAD},
        "purpose-fr": {name: PAYLOAD for name in (
            "title_fr", "objectives_fr", "activities_fr", "outcomes_fr")},
        "areas": {"areas": ["culture"], "alignment": PAYLOAD},
        "ties": {"community_ties": PAYLOAD, "relationship_since": "",
                 "past_projects": PAYLOAD},
        "resources": {"anticipated_cost": "20,000", "funding_source": PAYLOAD,
                      "staff_time": PAYLOAD, "counterpart_commitment": PAYLOAD},
        "signing": {name: PAYLOAD for name in (
            "counterpart_legal_name", "counterpart_signatory_name",
            "counterpart_signatory_title", "counterpart_signatory_authority",
            "counterpart_coordinator_name", "counterpart_coordinator_title",
            "counterpart_coordinator_address")} | {
            "counterpart_coordinator_email": "c@lyon.example"},
    }
    for slug, data in typed.items():
        visit(f"/requests/{request_id}/{slug}")
        assert answer(client, request_id, slug, data).status_code == 302, slug
    contacts = client.submit(f"/requests/{request_id}/contacts", {
        "contact_name": PAYLOAD, "contact_title": PAYLOAD, "contact_email": "m@lyon.example",
        "letter": (BytesIO(MINIMAL_PDF), f"{PAYLOAD}.pdf"), "action": "continue"},
        content_type="multipart/form-data")
    assert contacts.status_code == 302
    check = visit(f"/requests/{request_id}/check")
    assert check.count(ESCAPED) >= 15  # every answer is there, escaped
    assert client.submit(f"/requests/{request_id}/check", {"confirm": "y"}).status_code == 302
    visit(f"/requests/{request_id}")
    visit("/requests")

    # Staff write the payload in every review text; the city answers with it.
    switch(client, reviewer.email)
    act(client, request_id, "start-triage")
    act(client, request_id, "set-sponsor", {"division": str(edc.id)})
    act(client, request_id, "comment", {"text": PAYLOAD})
    act(client, request_id, "message", {"text": PAYLOAD})
    act(client, request_id, "record-consultation", {"level": "federal", "text": PAYLOAD})
    act(client, request_id, "start-review")
    act(client, request_id, "request-information", {"text": PAYLOAD})
    switch(client, "rep@lyon.example")
    visit(f"/requests/{request_id}")
    assert client.submit(f"/requests/{request_id}/answer", {"text": PAYLOAD},
                         page=f"/requests/{request_id}").status_code == 302

    # The administrator names the payload as EDC's Division Head: it signs the agreement.
    # It comes before the recommendation, which waits for a signatory the policy can name.
    switch(client, "admin@toronto.example")
    visit(f"/admin/settings/divisions/{edc.id}")
    named = client.submit(f"/admin/settings/divisions/{edc.id}",
                          {"head_name": PAYLOAD, "head_title": PAYLOAD})
    assert named.status_code == 302
    visit("/admin/settings/signatories")
    switch(client, reviewer.email)
    act(client, request_id, "recommend", {"text": PAYLOAD})
    switch(client, "admin@toronto.example")
    visit("/admin/outbox")
    switch(client, "harper@toronto.example")
    visit("/home")  # the payload is in the brief: recommendation, answers, signatory
    visit(f"/review/requests/{request_id}/decide/approve")
    # Marked for the city, so the payload also reaches the city's timeline and email.
    act(client, request_id, "approve", {"text": PAYLOAD, "audience": "city"})

    switch(client, reviewer.email)
    visit(f"/review/requests/{request_id}/drafts")  # the agreement details, as confirmed
    generated = generate_draft(client, request_id)
    assert generated.status_code == 302
    for url in (f"/review/requests/{request_id}", "/review/requests", "/review/dashboard",
                "/review/working-group", "/review/working-group/EDC", "/agreements",
                "/registry"):
        visit(url)
    assert pages[f"/review/requests/{request_id}"].count(ESCAPED) >= 20

    download = client.get(f"/requests/{request_id}/drafts/1")
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "\n" not in disposition
    assert "<" not in disposition and '"' not in disposition.split("filename=", 1)[1][1:-1]
    text = document_text(download.data)
    # Every text the payload went into is in the Word file as typed: title, objectives,
    # activities, outcomes, the city, both signatories.
    assert text.count(PAYLOAD) >= 7, text
    assert ESCAPED not in text and "&lt;" not in text  # literal, not HTML-escaped


def test_every_text_field_of_every_form_takes_markup_and_every_page_shows_it_escaped(
        app, client, make_city_user, make_staff, monkeypatch):
    """Fill every text box of every form the crawl finds with the payload, then read back."""
    from tests.test_fuzz import crawl, extend_world, pages_of

    for setting in ("LOGIN_RATE_LIMIT", "REGISTER_RATE_LIMIT", "PASSWORD_RESET_RATE_LIMIT"):
        monkeypatch.setitem(app.config, setting, "100000 per minute")
    world = build_world(make_city_user, make_staff)
    extend_world(world)
    visitors = crawl(app, world)
    pages = {v.column: pages_of(app, world, v.column) for v in visitors}  # before any delete
    sent = 0
    for visitor in visitors:
        for form in visitor.forms:
            if form.method != "post" or form.endpoint == "auth.logout":
                continue
            data = markup_in_every_text_box(form)
            data["csrf_token"] = visitor.token
            response = visitor.browser.post(form.action, data=data,
                                            content_type="multipart/form-data"
                                            if form.multipart else None)
            db.session.rollback()
            assert response.status_code < 500, (visitor.column, str(form))
            assert_escaped(response.get_data(as_text=True), f"{visitor.column}: {form}")
            sent += 1
    assert sent > 30
    stored = 0
    for visitor in visitors:  # then every page each role may open
        if visitor.column == "newcomer":
            continue
        for page in pages[visitor.column]:
            response = visitor.browser.get(page, follow_redirects=True)
            html = response.get_data(as_text=True)
            assert_escaped(html, f"{visitor.column}: {page}")
            stored += ESCAPED in html
    assert stored > 10  # the payload was kept, and is shown, escaped, on many pages


def markup_in_every_text_box(form: Any) -> dict[str, Any]:
    """Return a submission of ``form``: the payload in every free text, valid choices."""
    data: dict[str, Any] = {}
    for name, control in form.fields.items():
        offered = [value for value in control.values if value]
        if control.kind in ("text", "textarea", "search", "tel", "url", "password"):
            data[name] = PAYLOAD
        elif control.kind == "email":
            data[name] = "someone@lyon.example"
        elif control.kind == "file":
            data[name] = (BytesIO(MINIMAL_PDF), f"{PAYLOAD}.pdf")
        elif control.kind == "checkbox":
            data[name] = offered
        elif offered:  # hidden values, the first choice of a select, radios, the button
            data[name] = offered[0]
    for name in list(data):  # dates and years must be numbers for the rest to be kept
        if name.endswith(("-day", "-month")):
            data[name] = "1"
        elif name.endswith("-year") or name in ("relationship_since", "year"):
            data[name] = str(NEXT_YEAR)
        elif name in ("anticipated_cost", "term_years") or name.endswith("-score"):
            data[name] = "2"
    return data
