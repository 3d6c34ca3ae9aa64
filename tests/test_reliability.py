"""The portal under load and faults, and its backup: nothing lost, nothing twice.

- Under gunicorn with 4 workers on SQLite, 50 clients (each its own city account, signed in
  with its own session cookie) submit 1,000 complete drafts at once, as a browser does: open
  the check-answers page, confirm, send. Every one is stored as submitted with its own
  reference, and no answer is an error.
- The check-answers form carries a one-time token: sent twice (a double click), one after the
  other or at the same moment, it submits once, and the repeat is answered with the
  confirmation of the same request.
- A worker killed while it submits (held inside its transaction by a write lock this test
  takes on the database) leaves the draft as it was, with no half-written rows; sending the
  form again submits it. Workers killed at random moments leave every request all or nothing.
- ``flask backup`` copies the SQLite database while the portal runs, and a copy restored into
  a new instance folder holds every row of every table.

The gunicorn tests run on SQLite in a temporary instance folder whatever ``DATABASE_URL``
says; the test-client tests run on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import http.client
import os
import random
import re
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from sqlalchemy import func, text
from sqlalchemy import select as sql_select

from portal import create_app
from portal.extensions import db
from portal.geography import find_or_create_city
from portal.models import (
    Assessment,
    Document,
    EngagementRequest,
    OutboxMessage,
    Outcome,
    ReferenceCounter,
    RequestEvent,
    User,
)
from portal.models._types import utcnow
from tests.conftest import PASSWORD, TOKEN_RE, login
from tests.factories import complete_request

# Real servers, threads and subprocesses on real commits: `make test-all` and CI run them.
pytestmark = [pytest.mark.slow, pytest.mark.real_commits]

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HTTP_TIMEOUT = 60.0  # seconds: no request of these tests may hang the suite
SERVER_START_TIMEOUT = 60.0
CLIENTS = 50
SUBMISSIONS = 1_000
REFERENCE = re.compile(r"IAP-\d{4}-\d{4,}")


# ---------------------------------------------------------------------------------------------
# A gunicorn server on a fresh instance folder, and browsers that talk to it
# ---------------------------------------------------------------------------------------------

@dataclass
class Server:
    """The portal under gunicorn, and an in-process app on the same database."""

    instance: Path
    port: int
    process: subprocess.Popen[bytes]
    app: Flask
    log: Path

    @property
    def database(self) -> Path:
        """Return the SQLite file the workers share."""
        return self.instance / "portal.sqlite"

    def workers(self) -> list[int]:
        """Return the process ids of the master's living workers."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # the process ended while we looked
                continue
            fields_after_name = stat.rsplit(")", 1)[1].split()
            state, parent = fields_after_name[0], int(fields_after_name[1])
            if parent == self.process.pid and state != "Z":
                pids.append(int(entry.name))
        return pids

    def log_text(self) -> str:
        """Return what gunicorn and the app have logged so far."""
        return self.log.read_text(errors="replace")


def _server_environment(instance: Path, secret_key: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("PORTAL_") and name != "DATABASE_URL"}
    env.update({
        "PORTAL_INSTANCE_PATH": str(instance),  # SQLite in instance/portal.sqlite
        "PORTAL_SECRET_KEY": secret_key,
        # Sign-ins happen before the burst, and only failed ones count; a generous limit
        # all the same, so that a change to the throttling cannot make this test flaky.
        "PORTAL_LOGIN_RATE_LIMIT": "10000 per minute",
    })
    return env


def start_server(instance: Path, workers: int = 4) -> Server:
    """Create the database with init-db, then serve it with gunicorn on a free loopback port."""
    secret_key = os.urandom(16).hex()
    env = _server_environment(instance, secret_key)
    subprocess.run([str(BIN / "flask"), "--app", "portal", "init-db"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=120)
    # The test binds the port and hands the socket to gunicorn: no race for a free port.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    port = listener.getsockname()[1]
    empty_config = instance / "gunicorn.test.conf.py"  # not the project's production settings
    empty_config.write_text("")
    log = instance / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", str(empty_config), "--workers", str(workers),
             "--bind", f"fd://{listener.fileno()}", "--timeout", "60",
             "--graceful-timeout", "5", "--no-control-socket", "portal:create_app()"],
            cwd=ROOT, env=env, pass_fds=(listener.fileno(),), stdout=output,
            stderr=subprocess.STDOUT)
    listener.close()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'portal.sqlite'}",
                      "SECRET_KEY": secret_key, "PUBLIC_BASE_URL": "http://portal.test"})
    server = Server(instance, port, process, app, log)
    _wait_until_serving(server)
    return server


def _wait_until_serving(server: Server) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn stopped at start:\n{server.log_text()}")
        try:
            if Visitor(server.port).get("/healthz").status == 200 and \
                    len(server.workers()) >= 1:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer within {SERVER_START_TIMEOUT} s:\n"
                f"{server.log_text()}")


def stop_server(server: Server) -> None:
    """Stop gunicorn (its workers stop with it) and close the in-process engine."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=15)
    with server.app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Serve the portal with gunicorn, 4 workers, on SQLite in a new instance folder."""
    running = start_server(tmp_path_factory.mktemp("gunicorn-instance"))
    try:
        yield running
    finally:
        stop_server(running)


@dataclass
class Reply:
    """What the server answered."""

    status: int
    location: str
    text: str


class Visitor:
    """A browser: its own cookies, one connection per request (sync workers close them)."""

    def __init__(self, port: int) -> None:
        """Talk to the server on 127.0.0.1:``port``, with no cookies yet."""
        self.port = port
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Reply:
        """Open ``path``."""
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Reply:
        """Send ``form`` to ``path`` as a browser sends a form."""
        return self.request("POST", path, urlencode(form).encode())

    def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        """Send one request and keep the cookies the answer sets."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=self.headers(body))
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            self._keep(response.headers.get_all("Set-Cookie") or [])
            return Reply(response.status, response.getheader("Location") or "", text)
        finally:
            connection.close()

    def headers(self, body: bytes | None) -> dict[str, str]:
        """Return the headers a browser sends with a request (and its form)."""
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return headers

    def _keep(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def sign_in(self, email: str) -> None:
        """Sign in through the sign-in page."""
        page = self.get("/login")
        reply = self.post("/login", {"csrf_token": _hidden(page.text, "csrf_token"),
                                     "email": email, "password": PASSWORD})
        assert reply.status == 302, (reply.status, reply.text[:2000])
        assert "session" in self.cookies

    def submit_form(self, request_id: int) -> dict[str, str]:
        """Open a draft's check-answers page and return its form, confirmed, ready to send."""
        page = self.get(f"/requests/{request_id}/check")
        assert page.status == 200, (page.status, page.text[:2000])
        return {"csrf_token": _hidden(page.text, "csrf_token"),
                "submission_token": _hidden(page.text, "submission_token"), "confirm": "y"}


def _hidden(html: str, name: str) -> str:
    """Return the value of the form field ``name`` on a page."""
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert tag, f"no field {name} on the page"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    assert value, tag.group(0)
    return value.group(1)


# ---------------------------------------------------------------------------------------------
# Accounts, drafts and what a submission writes
# ---------------------------------------------------------------------------------------------

@dataclass
class Filer:
    """A city's representative and the complete drafts they will submit."""

    email: str
    drafts: list[int] = field(default_factory=list)


def make_filers(prefix: str, clients: int, drafts_each: int) -> list[Filer]:
    """Open ``clients`` city accounts, each with its own city and complete drafts.

    Call inside an app context; the accounts and drafts are committed.
    """
    filers = []
    for number in range(clients):
        email = f"{prefix}-{number:02d}@load.example"
        user = User(email=email, name=f"Representative {number}", job_title="Director",
                    role="city", government_kind="city", email_confirmed_at=utcnow(),
                    city=find_or_create_city(f"{prefix.title()}ville {number:02d}", "FR"))
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        filers.append(Filer(email, [complete_request(user).id for _ in range(drafts_each)]))
    db.session.commit()
    return filers


@dataclass(frozen=True)
class Written:
    """What a submission writes about one request, counted."""

    status: str
    reference: str | None
    submit_events: int
    assessments: int
    receipts: int

    @property
    def submitted_once(self) -> bool:
        """Return whether the request was submitted, completely and exactly once."""
        return (self.status == "submitted" and self.reference is not None
                and (self.submit_events, self.assessments, self.receipts) == (1, 1, 1))

    @property
    def untouched_draft(self) -> bool:
        """Return whether the request is a draft with no trace of a submission."""
        return (self.status == "draft" and self.reference is None
                and (self.submit_events, self.assessments, self.receipts) == (0, 0, 0))


def written(request_ids: list[int]) -> dict[int, Written]:
    """Return what is stored about each request's submission (inside an app context)."""
    def counts(column: Any, *where: Any) -> dict[int, int]:
        rows = db.session.execute(sql_select(column, func.count()).where(
            column.in_(request_ids), *where).group_by(column))
        return {request_id: number for request_id, number in rows}

    events = counts(RequestEvent.request_id, RequestEvent.action == "submit")
    assessments = counts(Assessment.request_id)
    receipts = counts(OutboxMessage.request_id, OutboxMessage.kind == "submission_receipt")
    rows = db.session.execute(sql_select(
        EngagementRequest.id, EngagementRequest.status, EngagementRequest.reference,
    ).where(EngagementRequest.id.in_(request_ids)))
    return {rid: Written(status, reference, events.get(rid, 0), assessments.get(rid, 0),
                         receipts.get(rid, 0)) for rid, status, reference in rows}


def draft_snapshot(request_id: int) -> dict[str, Any]:
    """Return every stored value of a draft: its row, outcomes, documents and timeline."""
    db.session.expire_all()
    req = db.session.get(EngagementRequest, request_id)
    assert req is not None
    row = {column.key: getattr(req, column.key) for column in EngagementRequest.__mapper__.columns}
    outcomes = db.session.execute(sql_select(Outcome.position, Outcome.outcome, Outcome.indicator,
                                             Outcome.target).where(
        Outcome.request_id == request_id).order_by(Outcome.position)).all()
    documents = db.session.execute(sql_select(Document.id, Document.kind, Document.sha256).where(
        Document.request_id == request_id).order_by(Document.id)).all()
    timeline = db.session.execute(sql_select(RequestEvent.id, RequestEvent.action).where(
        RequestEvent.request_id == request_id).order_by(RequestEvent.id)).all()
    counters = db.session.execute(sql_select(ReferenceCounter.year, ReferenceCounter.last)
                                  .order_by(ReferenceCounter.year)).all()
    return {"row": row, "outcomes": outcomes, "documents": documents, "timeline": timeline,
            "reference_counters": counters, "written": written([request_id])[request_id]}


def _log_problems(log: str) -> list[str]:
    """Return the log lines that tell of an error in the app or the database."""
    markers = ("database is locked", "Traceback", "Unhandled error", "OperationalError",
               "IntegrityError", "StaleDataError")
    return [line for line in log.splitlines() if any(marker in line for marker in markers)]


# ---------------------------------------------------------------------------------------------
# 50 clients, 1,000 submissions
# ---------------------------------------------------------------------------------------------

@dataclass
class Sent:
    """One submission and the server's answer."""

    request_id: int
    reply: Reply


def test_fifty_clients_submit_a_thousand_requests_at_once_under_gunicorn(
        server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    with server.app.app_context():
        started = time.perf_counter()
        filers = make_filers("burst", CLIENTS, SUBMISSIONS // CLIENTS)
        prepared = time.perf_counter() - started
    visitors = [Visitor(server.port) for _ in filers]
    pairs = list(zip(visitors, filers, strict=True))

    def open_pages(pair: tuple[Visitor, Filer]) -> list[tuple[int, dict[str, str]]]:
        # Before the burst each client signs in and opens its check-answers pages, as
        # people with their requests ready in tabs; the burst is then the submissions only.
        visitor, filer = pair
        visitor.sign_in(filer.email)
        return [(request_id, visitor.submit_form(request_id)) for request_id in filer.drafts]

    def submit_all(pair: tuple[Visitor, Filer], forms: list[tuple[int, dict[str, str]]],
                   ) -> list[Sent]:
        visitor, _filer = pair
        return [Sent(request_id, visitor.post(f"/requests/{request_id}/check", form))
                for request_id, form in forms]

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        started = time.perf_counter()
        forms = list(pool.map(open_pages, pairs))
        opened = time.perf_counter() - started
        started = time.perf_counter()
        results = [sent for batch in pool.map(submit_all, pairs, forms) for sent in batch]
        burst = time.perf_counter() - started

    assert len(results) == SUBMISSIONS
    statuses = Counter(sent.reply.status for sent in results)
    assert statuses == {302: SUBMISSIONS}, statuses  # no 5xx, no 429, nothing refused
    assert all(sent.reply.location.endswith(f"/requests/{sent.request_id}/confirmation")
               for sent in results)

    ids = [sent.request_id for sent in results]
    with server.app.app_context():
        stored = written(ids)
    assert len(stored) == SUBMISSIONS
    assert all(w.submitted_once for w in stored.values()), [
        (rid, w) for rid, w in stored.items() if not w.submitted_once][:5]
    references = [w.reference for w in stored.values()]
    assert len(set(references)) == SUBMISSIONS
    assert all(REFERENCE.fullmatch(ref or "") for ref in references)
    assert _log_problems(server.log_text()) == []
    with capsys.disabled():
        print(f"\n[reliability] {SUBMISSIONS} submissions by {CLIENTS} clients at once, "
              f"gunicorn 4 workers, SQLite: {burst:.1f} s ({SUBMISSIONS / burst:.0f}/s); "
              f"{CLIENTS} sign-ins and {SUBMISSIONS} check-answers pages before: "
              f"{opened:.1f} s; drafts prepared in {prepared:.1f} s; lock errors: 0")


# ---------------------------------------------------------------------------------------------
# A double-clicked submit stores one request
# ---------------------------------------------------------------------------------------------

def _check_form(client: Any, request_id: int) -> dict[str, str]:
    page = client.get(f"/requests/{request_id}/check").get_data(as_text=True)
    found = TOKEN_RE.search(page)
    assert found, page[:2000]
    return {"csrf_token": found.group(1),
            "submission_token": _hidden(page, "submission_token"), "confirm": "y"}


def _city_draft(make_city_user: Callable[..., User], email: str = "rep@lyon.example") -> int:
    return complete_request(make_city_user(email=email)).id


def _committed(request_id: int) -> int:
    db.session.commit()
    return request_id


def test_the_same_submit_form_sent_twice_submits_once_and_shows_the_confirmation_again(
        client: Any, make_city_user: Callable[..., User]) -> None:
    request_id = _committed(_city_draft(make_city_user))
    login(client, "rep@lyon.example")
    form = _check_form(client, request_id)

    first = client.post(f"/requests/{request_id}/check", data=form)
    second = client.post(f"/requests/{request_id}/check", data=form)

    confirmation = f"/requests/{request_id}/confirmation"
    assert first.status_code == 302 and first.headers["Location"].endswith(confirmation)
    assert second.status_code == 302 and second.headers["Location"].endswith(confirmation)
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    stored = written([request_id])[request_id]
    assert stored.submitted_once, stored
    assert stored.reference in page and "Request submitted" in page
    assert db.session.scalar(sql_select(ReferenceCounter.last)) == 1  # one reference given
    assert db.session.scalar(sql_select(func.count(OutboxMessage.id))) == 1  # one receipt


def test_a_submit_form_from_before_the_draft_changed_or_of_another_draft_submits_nothing(
        client: Any, make_city_user: Callable[..., User]) -> None:
    user = make_city_user()
    request_id = _committed(complete_request(user).id)
    other_id = _committed(complete_request(user, title="Another exchange").id)
    login(client, "rep@lyon.example")
    old_form = _check_form(client, request_id)
    other_form = _check_form(client, other_id)
    client.submit(f"/requests/{request_id}/purpose",
                  {"title": "A changed title", "purpose": "Share lighting design.",
                   "objectives": "Exchange designers", "activities": "Residencies",
                   "outcomes-0-outcome": "Designers exchanged",
                   "outcomes-0-indicator": "Designers hosted",
                   "outcomes-0-target": "6 by 2028", "action": "continue"})

    for form in (old_form, {**old_form, "submission_token": other_form["submission_token"]},
                 {**old_form, "submission_token": "not-a-token"}):
        refused = client.post(f"/requests/{request_id}/check", data=form)
        assert refused.status_code == 400
        page = refused.get_data(as_text=True)
        assert "Your answers changed after this page was shown" in page
        assert "A changed title" in page  # the answers as they are now, to check
    db.session.expire_all()
    assert written([request_id])[request_id].untouched_draft

    fresh = client.post(f"/requests/{request_id}/check", data=_check_form(client, request_id))
    assert fresh.headers["Location"].endswith(f"/requests/{request_id}/confirmation")
    db.session.expire_all()
    assert written([request_id])[request_id].submitted_once
    assert written([other_id])[other_id].untouched_draft


def test_a_form_sent_twice_at_the_same_moment_submits_once(
        app: Flask, client: Any, make_city_user: Callable[..., User]) -> None:
    user = make_city_user()
    drafts = [complete_request(user, title=f"Exchange {n}").id for n in range(4)]
    db.session.commit()
    login(client, "rep@lyon.example")
    replies: dict[int, list[tuple[int, str]]] = {}

    for request_id in drafts:
        form = _check_form(client, request_id)
        # The cookie the browser holds when it shows the form: signing in began a new
        # session, so the form's CSRF token lives in this cookie, not in the sign-in one.
        session_cookie = client.get_cookie("session")
        assert session_cookie is not None
        start = threading.Barrier(2, timeout=30)

        def press(form: dict[str, str] = form, request_id: int = request_id,
                  start: threading.Barrier = start,
                  cookie: str = session_cookie.value) -> tuple[int, str]:
            browser = app.test_client()  # the same browser: its session cookie
            browser.set_cookie("session", cookie)
            start.wait()
            reply = browser.post(f"/requests/{request_id}/check", data=form)
            return reply.status_code, reply.headers.get("Location", "")

        with ThreadPoolExecutor(max_workers=2) as pool:
            replies[request_id] = list(pool.map(lambda _n: press(), range(2)))

    db.session.expire_all()
    stored = written(drafts)
    for request_id in drafts:
        assert replies[request_id] == [
            (302, f"/requests/{request_id}/confirmation")] * 2, replies[request_id]
        assert stored[request_id].submitted_once, stored[request_id]
    assert len({w.reference for w in stored.values()}) == len(drafts)
    assert db.session.scalar(sql_select(ReferenceCounter.last)) == len(drafts)


def test_a_double_click_under_gunicorn_submits_once(server: Server) -> None:
    with server.app.app_context():
        [filer] = make_filers("double", 1, 8)
    visitor = Visitor(server.port)
    visitor.sign_in(filer.email)
    replies: dict[int, list[Reply]] = {}
    for request_id in filer.drafts:
        form = visitor.submit_form(request_id)
        start = threading.Barrier(2, timeout=30)

        def press(form: dict[str, str] = form, request_id: int = request_id,
                  start: threading.Barrier = start) -> Reply:
            start.wait()
            return visitor.post(f"/requests/{request_id}/check", form)

        with ThreadPoolExecutor(max_workers=2) as pool:
            replies[request_id] = list(pool.map(lambda _n: press(), range(2)))

    with server.app.app_context():
        stored = written(filer.drafts)
    for request_id, pair in replies.items():
        confirmation = f"/requests/{request_id}/confirmation"
        assert [(r.status, r.location.endswith(confirmation)) for r in pair] == [(302, True)] * 2, [
            (r.status, r.location) for r in pair]
        assert stored[request_id].submitted_once, stored[request_id]
        page = visitor.get(confirmation)
        assert stored[request_id].reference in page.text
    assert len({w.reference for w in stored.values()}) == len(filer.drafts)
    assert _log_problems(server.log_text()) == []


# ---------------------------------------------------------------------------------------------
# A worker killed in the middle of a submission
# ---------------------------------------------------------------------------------------------

def _serving_worker(server: Server, client_port: int) -> int:
    """Return the worker that accepted the connection from ``client_port``."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        inode = _server_side_inode(server.port, client_port)
        if inode:
            for pid in server.workers():
                try:
                    links = {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
                except OSError:
                    continue
                if f"socket:[{inode}]" in links:
                    return pid
        time.sleep(0.02)
    pytest.fail("no worker accepted the submission")


def _server_side_inode(server_port: int, client_port: int) -> int | None:
    return _accepted_connections(server_port).get(client_port)


def _accepted_connections(server_port: int) -> dict[int, int]:
    """Return the server-side socket inode of each client port connected to ``server_port``."""
    accepted = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, remote, inode = parts[1], parts[2], int(parts[9])
            remote_port = int(remote.rsplit(":", 1)[1], 16)
            if int(local.rsplit(":", 1)[1], 16) == server_port and remote_port and inode:
                accepted[remote_port] = inode
    return accepted


def _busy_workers(server: Server) -> list[int]:
    """Return the workers that hold a client's connection: they are serving a request."""
    inodes = {f"socket:[{inode}]" for inode in _accepted_connections(server.port).values()}
    busy = []
    for pid in server.workers():
        try:
            if any(os.readlink(fd) in inodes for fd in Path(f"/proc/{pid}/fd").iterdir()):
                busy.append(pid)
        except OSError:  # it ended while we looked
            continue
    return busy


def _send_raw(visitor: Visitor, path: str, form: dict[str, str]) -> socket.socket:
    """Send a form over a socket of our own, without waiting for the answer."""
    body = urlencode(form).encode()
    headers = {**visitor.headers(body), "Content-Length": str(len(body)),
               "Connection": "close"}
    head = f"POST {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    connection = socket.create_connection(("127.0.0.1", visitor.port), timeout=HTTP_TIMEOUT)
    connection.sendall(head.encode() + b"\r\n" + body)
    return connection


def _read_all(connection: socket.socket) -> bytes:
    received = b""
    try:
        while chunk := connection.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return received


def test_a_worker_killed_inside_the_submission_leaves_the_draft_whole(server: Server) -> None:
    with server.app.app_context():
        [filer] = make_filers("killed", 1, 1)
        [request_id] = filer.drafts
        before = draft_snapshot(request_id)
    visitor = Visitor(server.port)
    visitor.sign_in(filer.email)
    form = visitor.submit_form(request_id)

    # Hold the database's write lock, as a long write elsewhere would: the worker reads the
    # draft, opens its transaction and waits there for the lock (the busy timeout is 5 s).
    locker = sqlite3.connect(server.database, isolation_level=None, timeout=10)
    try:
        locker.execute("BEGIN IMMEDIATE")
        connection = _send_raw(visitor, f"/requests/{request_id}/check", form)
        worker = _serving_worker(server, connection.getsockname()[1])
        readable, _w, _x = select.select([connection], [], [], 1.5)
        assert not readable, "the submission was answered while the database was locked"
        os.kill(worker, signal.SIGKILL)
        answer = _read_all(connection)
        connection.close()
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert answer == b"", answer[:500]  # killed before it could answer

    with server.app.app_context():
        after = draft_snapshot(request_id)
        assert after == before  # every answer kept, no reference, nothing half-written
        assert after["written"].untouched_draft
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    retry = visitor.post(f"/requests/{request_id}/check", form)  # the same form, sent again
    assert retry.status == 302
    assert retry.location.endswith(f"/requests/{request_id}/confirmation")
    with server.app.app_context():
        assert written([request_id])[request_id].submitted_once
    assert "database is locked" not in server.log_text()


def test_workers_killed_at_random_moments_leave_every_request_all_or_nothing(
        server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    with server.app.app_context():
        # Enough submissions that the load outlasts several kills: a submission now takes a
        # few milliseconds, and on a quiet machine all ninety-six of an earlier run ended
        # before the first kill could land (CI failed once so). Late in a CI run each look
        # at the workers is slower too: /proc/net/tcp lists every connection of the run.
        filers = make_filers("chaos", 4, 128)
    visitors = [Visitor(server.port) for _ in filers]
    for visitor, filer in zip(visitors, filers, strict=True):
        visitor.sign_in(filer.email)
    forms = {rid: visitor.submit_form(rid)
             for visitor, filer in zip(visitors, filers, strict=True) for rid in filer.drafts}

    def file_all(pair: tuple[Visitor, Filer]) -> list[tuple[int, int | None]]:
        visitor, filer = pair
        sent: list[tuple[int, int | None]] = []
        for request_id in filer.drafts:
            try:
                reply = visitor.post(f"/requests/{request_id}/check", forms[request_id])
                sent.append((request_id, reply.status))
            except (OSError, http.client.HTTPException):  # the worker died under it
                sent.append((request_id, None))
        return sent

    # Kill three of the four workers, each while it serves a submission (reading it,
    # inside its transaction or answering): the fourth serves on while new ones boot.
    chance = random.Random(7)
    serving, killed = set(server.workers()), []
    deadline = time.monotonic() + 120
    with ThreadPoolExecutor(max_workers=len(filers)) as pool:
        running = [pool.submit(file_all, pair) for pair in zip(visitors, filers, strict=True)]
        while len(killed) < 3 and time.monotonic() < deadline and \
                not all(future.done() for future in running):
            time.sleep(chance.uniform(0.0, 0.005))
            busy = [pid for pid in _busy_workers(server) if pid in serving - set(killed)]
            if busy:
                killed.append(chance.choice(busy))
                os.kill(killed[-1], signal.SIGKILL)
        results = [sent for future in running for sent in future.result(timeout=300)]
    kills = len(killed)

    ids = list(forms)
    with server.app.app_context():
        stored = written(ids)
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert all(w.submitted_once or w.untouched_draft for w in stored.values()), stored
    assert {status for _rid, status in results} <= {302, None}
    assert kills >= 1
    cut = sum(1 for _rid, status in results if status is None)
    left = sum(1 for w in stored.values() if w.untouched_draft)

    # Whatever the client saw, sending the same form again ends with the request submitted
    # once: a repeat is recognised, a draft is submitted now.
    for visitor, filer in zip(visitors, filers, strict=True):
        for request_id in filer.drafts:
            reply = visitor.post(f"/requests/{request_id}/check", forms[request_id])
            assert reply.status == 302, (reply.status, reply.text[:1000])
            assert reply.location.endswith(f"/requests/{request_id}/confirmation")
    with server.app.app_context():
        stored = written(ids)
    assert all(w.submitted_once for w in stored.values()), stored
    assert len({w.reference for w in stored.values()}) == len(ids)
    with capsys.disabled():
        print(f"\n[reliability] {kills} workers killed during {len(ids)} submissions: "
              f"{cut} answers lost, {left} drafts left whole, {len(ids) - left} submitted "
              "whole; every one submitted once after sending the same form again")


# ---------------------------------------------------------------------------------------------
# flask backup, and a restore that loses nothing
# ---------------------------------------------------------------------------------------------

def _instance_app(instance: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """Return the portal as `flask --app portal` builds it from an instance folder."""
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return create_app({"SECRET_KEY": "backup-test"})


def _every_row(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(database) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        # Sorted here, not by rowid: the search index's own tables (FTS5) have none.
        return {table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(),
                              key=repr)
                for table in tables}


def test_a_backup_restored_into_a_new_instance_holds_every_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live = tmp_path / "live"
    app = _instance_app(live, monkeypatch)
    cli = app.test_cli_runner()
    assert cli.invoke(args=["init-db"]).exit_code == 0
    seeded = cli.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0 and "Demo data added" in seeded.output
    with app.app_context():
        db.engine.dispose()

    # Online: a write left open in another connection does not stop the backup, nor get in.
    writer = sqlite3.connect(live / "portal.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM outbox_message")
    try:
        copy = tmp_path / "portal-backup.sqlite"
        result = cli.invoke(args=["backup", str(copy)])
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    assert f"to {copy}" in result.output
    assert not Path(f"{copy}-wal").exists()  # one self-contained file
    assert copy.stat().st_mode & 0o077 == 0  # readable by its owner only

    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copyfile(copy, restored / "portal.sqlite")  # the README's restore: copy it in
    original, recovered = _every_row(live / "portal.sqlite"), _every_row(restored / "portal.sqlite")
    assert set(recovered) == set(original)
    assert {"user", "engagement_request", "outbox_message", "alembic_version"} <= set(original)
    for table, rows in original.items():
        assert recovered[table] == rows, table
    assert sum(len(rows) for rows in original.values()) > 100
    assert original["outbox_message"]  # the open DELETE did not get into the copy

    restored_app = _instance_app(restored, monkeypatch)
    with restored_app.app_context():
        assert db.session.scalar(sql_select(func.count(User.id))) == len(original["user"])
        db.engine.dispose()
    browser = restored_app.test_client()
    assert browser.get("/registry").status_code == 200
    signed_in = browser.post("/login", data={
        "csrf_token": TOKEN_RE.search(browser.get("/login").get_data(as_text=True)).group(1),
        "email": "city@demo.example", "password": app.config["DEMO_PASSWORD"]})
    assert signed_in.status_code == 302
    with restored_app.app_context():
        db.engine.dispose()


def test_a_backup_never_replaces_a_file_unless_forced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _instance_app(tmp_path / "instance", monkeypatch)
    cli = app.test_cli_runner()
    assert cli.invoke(args=["init-db"]).exit_code == 0
    target = tmp_path / "kept.sqlite"
    target.write_bytes(b"an earlier backup")

    refused = cli.invoke(args=["backup", str(target)])
    assert refused.exit_code != 0 and "--force" in refused.output
    assert target.read_bytes() == b"an earlier backup"

    forced = cli.invoke(args=["backup", "--force", str(target)])
    assert forced.exit_code == 0, forced.output
    assert "division" in _every_row(target)
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    with app.app_context():
        db.engine.dispose()


def test_backing_up_postgresql_gives_the_pg_dump_command_without_the_password() -> None:
    app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI":
                      "postgresql+psycopg://iap:s3cret@db.example.org:5433/iap"})
    result = app.test_cli_runner().invoke(args=["backup", "/srv/backups/iap.dump"])
    assert result.exit_code == 1
    assert ("pg_dump --format=custom --file=/srv/backups/iap.dump "
            "postgresql://iap@db.example.org:5433/iap") in result.output
    assert "s3cret" not in result.output
