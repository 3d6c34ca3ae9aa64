"""Links in messages open the portal that sent them: under `make run PORT=N`, and in production.

The last test runs `make run PORT=<a free port>` itself, with the virtual environment running
these tests and a fresh SQLite database, registers a city over HTTP, then opens every link of
every message in the outbox and checks that each one opens a page of that running portal.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from portal import create_app
from portal.config import ConfigurationError
from portal.models import OutboxMessage
from portal.notifications import external_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the environment running the tests has the portal
START_TIMEOUT = 180  # seconds: init-db and seed-demo on a busy two-core machine
LINK_RE = re.compile(r"https?://[^\s<>\"']+")
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def clean_environment(instance: Path) -> dict[str, str]:
    """Return this process's environment without portal, Flask or make settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PORTAL_", "FLASK_", "MAKE", "GUNICORN_"))
           and k not in {"DATABASE_URL", "PORT", "PUBLIC_BASE_URL", "VENV", "BIN"}}
    env.update({"PORTAL_INSTANCE_PATH": str(instance),
                "DATABASE_URL": f"sqlite:///{instance / 'portal.sqlite'}"})
    return env


@pytest.fixture()
def bare_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Leave only what a fresh host has: no PORTAL_* settings, an empty instance folder."""
    for name in list(os.environ):
        if name.startswith("PORTAL_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def test_production_refuses_to_start_without_the_address_links_point_to(bare_environment,
                                                                       monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigurationError, match="PORTAL_PUBLIC_BASE_URL is not set"):
        create_app()
    monkeypatch.setenv("PORTAL_PUBLIC_BASE_URL", "https://iap.toronto.ca")
    assert create_app().config["PUBLIC_BASE_URL"] == "https://iap.toronto.ca"


def test_an_address_that_is_not_a_whole_url_is_refused_even_in_development(bare_environment):
    with pytest.raises(ConfigurationError, match="must be a whole address"):
        create_app({"PUBLIC_BASE_URL": "iap.toronto.ca"})


def test_in_development_a_link_follows_the_address_the_portal_was_reached_at(
        bare_environment):
    app = create_app()  # no PORTAL_ENV, no address: `flask run --port 5077` by hand
    with app.test_request_context(base_url="http://127.0.0.1:5077"):
        assert external_url("auth.login") == "http://127.0.0.1:5077/login"
    with app.app_context():  # a command, outside any request: make run's default port
        assert external_url("auth.login") == "http://127.0.0.1:5000/login"


def gunicorn_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Load the app as the documented gunicorn command does, reading gunicorn.conf.py."""
    return subprocess.run(
        [str(BIN / "gunicorn"), "--check-config", "portal:create_app()"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120)


@pytest.mark.slow  # gunicorn starts in a subprocess
def test_gunicorn_is_production_and_will_not_serve_without_the_public_address(tmp_path):
    env = clean_environment(tmp_path)
    refused = gunicorn_check(env)
    assert refused.returncode != 0
    assert "PORTAL_PUBLIC_BASE_URL is not set" in refused.stderr
    env["PORTAL_PUBLIC_BASE_URL"] = "https://iap.toronto.ca"
    accepted = gunicorn_check(env)
    assert accepted.returncode == 0, accepted.stderr


# `make run PORT=N` --------------------------------------------------------------------------

def free_port() -> int:
    """Return a loopback port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A portal started by `make run`, and where its database is."""

    port: int
    database_url: str
    log: Path

    @property
    def base(self) -> str:
        """Return the address the portal is served at."""
        return f"http://127.0.0.1:{self.port}"


def _wait_until_serving(process: subprocess.Popen[bytes], served: Served) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run stopped:\n{served.log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{served.base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"make run did not serve in time:\n{served.log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def make_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Run `make run PORT=<free port>` as a person types it, on a fresh SQLite database.

    ``BIN`` points the Makefile at the environment running these tests, and ``-o install``
    keeps make from reinstalling it; everything else (the commands, the environment they
    get) is the Makefile's own.
    """
    instance = tmp_path_factory.mktemp("make-run")
    served = Served(free_port(), f"sqlite:///{instance / 'portal.sqlite'}",
                    instance / "make-run.log")
    with served.log.open("wb") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", "install", "run", f"PORT={served.port}",
             f"BIN={BIN}"], cwd=ROOT, env=clean_environment(instance), stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_serving(process, served)
        yield served
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # make and the flask server it started
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller, which checks where each one leads."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        """Follow nothing."""
        return None


def browser() -> urllib.request.OpenerDirector:
    """Return an HTTP client that keeps cookies, as a browser does."""
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def submit(client: urllib.request.OpenerDirector, url: str, fields: dict[str, str]) -> str:
    """Open the form at ``url``, post ``fields`` with its CSRF token, return the page reached."""
    with client.open(url, timeout=30) as page:
        token = TOKEN_RE.search(page.read().decode())
    assert token, f"no form on {url}"
    data = urllib.parse.urlencode({**fields, "csrf_token": token.group(1)}).encode()
    with client.open(url, data=data, timeout=30) as answer:
        return str(answer.read().decode())


def open_link(link: str) -> tuple[int, str]:
    """Open ``link`` signed out, following redirects; return the last status and address."""
    client = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects())
    for _hop in range(5):
        try:
            with client.open(link, timeout=30) as answer:
                return answer.status, link
        except urllib.error.HTTPError as error:
            if error.code not in {301, 302, 303, 307, 308}:
                return error.code, link
            link = urllib.parse.urljoin(link, error.headers["Location"])
    return 0, link


@pytest.mark.slow  # `make run` starts in a subprocess
def test_under_make_run_every_link_in_every_message_opens_the_running_portal(make_run):
    client = browser()
    submit(client, f"{make_run.base}/register", {"government_kind": "city"})
    password = "correct horse battery staple"
    page = submit(client, f"{make_run.base}/register/details", {
        "name": "Camille Martin", "job_title": "Director of International Relations",
        "email": "camille.martin@lyon.example", "city_name": "Lyon", "country": "FR",
        "password": password, "confirm": password})
    assert "Check your email" in page

    engine = create_engine(make_run.database_url)
    try:
        with engine.connect() as connection:
            messages = connection.execute(select(OutboxMessage.__table__)).mappings().all()
    finally:
        engine.dispose()
    mine = [m for m in messages if m["to_address"] == "camille.martin@lyon.example"]
    assert [m["kind"] for m in mine] == ["account_confirmation"]

    links = [(m["kind"], link) for m in messages for link in LINK_RE.findall(m["body"])]
    assert any(kind == "account_confirmation" for kind, _link in links)
    served = urllib.parse.urlsplit(make_run.base)
    for kind, link in links:
        address = urllib.parse.urlsplit(link)
        assert (address.hostname, address.port) == (served.hostname, served.port), (kind, link)
        status, landed = open_link(link)
        assert urllib.parse.urlsplit(landed).netloc == served.netloc, (kind, link, landed)
        assert status == 200, (kind, link, landed, status)
