"""Serve the real portal on 127.0.0.1 and drive it with Chromium, one browser context a person.

The portal runs in a subprocess (`flask --app portal run`) on a free port, against a fresh
SQLite instance folder holding the demo data, exactly as `make run` builds it. Each test gets
a `people` factory (a signed-out browser tab per person, with its own cookies) and a `steps`
recorder that saves a screenshot per step under `test-results/<test>/` and runs axe on it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.ui import CHROMIUM, CHROMIUM_ARGS, Recorder

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 60
ACTION_TIMEOUT_MS = 15_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _flask(env: dict[str, str], *args: str) -> None:
    """Run one `flask --app portal` command, failing with its output."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "portal", *args], cwd=REPO,
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"the portal did not answer {url}/healthz:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the portal with the demo data on a free port; return its base URL."""
    yield from serve_demo(tmp_path_factory)


def serve_demo(tmp_path_factory: pytest.TempPathFactory, **settings: str) -> Iterator[str]:
    """Seed a fresh instance with the demo data and serve it; yield its base URL.

    The session's server is shared, and the tests move its demo requests along; a module
    that must see the demo as seeded overrides ``live_server`` with a server of its own.
    ``settings`` are environment variables for it (``PORTAL_LANGUAGES="en,fr_CA"``).
    """
    instance = tmp_path_factory.mktemp("instance")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(instance), "PORTAL_PUBLIC_BASE_URL": url,
           "FLASK_DEBUG": "0", "PYTHONUNBUFFERED": "1", **settings}
    env.pop("DATABASE_URL", None)  # a fresh SQLite database, whatever the shell says
    env.pop("PORTAL_DEMO_PASSWORD", None)
    _flask(env, "init-db")
    _flask(env, "seed-demo")
    log = instance / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "portal", "run", "--host", "127.0.0.1",
             "--port", str(port)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """Start Playwright's driver once for the run."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    """Launch Debian's Chromium (no browser is downloaded)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


People = Callable[..., Page]


@pytest.fixture()
def people(chromium: Browser, live_server: str) -> Iterator[People]:
    """Return a factory of browser tabs, one signed-out context (cookie jar) per person.

    ``people(width=360, scale=1)`` gives a tab of that viewport width and device scale;
    ``people(locale="fr-CA")`` one whose browser asks for French pages.
    """
    contexts: list[BrowserContext] = []

    def open_tab(*, width: int = 1280, height: int = 900, scale: float = 1,
                 locale: str = "en-CA") -> Page:
        context = chromium.new_context(base_url=live_server, accept_downloads=True,
                                       viewport={"width": width, "height": height},
                                       device_scale_factor=scale, locale=locale)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture()
def steps(request: pytest.FixtureRequest) -> Recorder:
    """Return the test's recorder: a numbered screenshot and an axe scan per step."""
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in request.node.name)
    folder = request.config.rootpath / "test-results" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Recorder(folder)
