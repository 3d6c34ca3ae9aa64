"""Drive a local gunicorn with HTTP load: wrk when installed, else a small threaded client.

Every load is bounded twice, by a duration and by a count of requests, and goes to
127.0.0.1 only. ``Server`` starts gunicorn on a free loopback port and stops it; ``Session``
signs in over HTTP as a person would (the sign-in form with its CSRF token) and keeps the
cookie the load then sends.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

HOST = "127.0.0.1"
HELLO_PATH = "/bench/hello"
"""The ceiling: a bare hello-world endpoint the benchmark's WSGI module adds to the portal."""
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
MAX_REQUESTS = 200_000
"""No load sends more than this many requests, whatever its duration."""


@dataclass
class LoadResult:
    """What one load achieved."""

    name: str
    tool: str
    requests: int
    seconds: float
    errors: int
    latency_p50_ms: float | None = None

    @property
    def rps(self) -> float:
        """Return the completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    """Return a TCP port on the loopback address that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A gunicorn serving ``tests.bench.wsgi:app`` on the loopback address."""

    env: Mapping[str, str]
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    def start(self, python: str, cwd: Path, timeout: float = 60.0) -> None:
        """Start gunicorn with the documented settings and wait until it answers."""
        handle, log_name = tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")
        os.close(handle)
        self.log_path = Path(log_name)
        command = [python, "-m", "gunicorn", "--config", str(cwd / "gunicorn.conf.py"),
                   "--workers", str(self.workers), "--bind", f"{HOST}:{self.port}",
                   "--max-requests", "0",
                   "tests.bench.wsgi:app"]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=cwd, env=dict(self.env), stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log_path.read_text()[-2000:]
                self.stop()
                raise RuntimeError(f"gunicorn exited: {log}")
            try:
                status, _, _ = request("GET", self.port, "/healthz")
                if status == 200 and len(self.worker_pids()) >= self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer in time")

    def worker_pids(self) -> list[int]:
        """Return the process ids of gunicorn's workers (the master's children)."""
        if self.process is None:
            return []
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            return [int(p) for p in children.read_text().split()]
        return []

    def worker_rss_mb(self) -> list[float]:
        """Return each worker's resident memory (VmRSS) in MB."""
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if found:
                sizes.append(int(found.group(1)) / 1024)
        return sizes

    def stop(self) -> None:
        """Stop gunicorn (gracefully, then by force) and wait for it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)


def request(method: str, port: int, path: str, body: str | None = None,
            headers: Mapping[str, str] | None = None,
            timeout: float = 30.0) -> tuple[int, dict[str, str], str]:
    """Send one request to the local server; return status, headers and text."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        response = conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        found: dict[str, str] = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                found.setdefault("set-cookie", "")
                found["set-cookie"] += value + "\n"
            else:
                found[name.lower()] = value
        return response.status, found, data
    finally:
        conn.close()


@dataclass
class Session:
    """A signed-in browser: its cookies and the CSRF token its forms carry."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""

    def _take_cookies(self, headers: Mapping[str, str]) -> None:
        for line in headers.get("set-cookie", "").splitlines():
            jar: SimpleCookie = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    @property
    def cookie_header(self) -> str:
        """Return the Cookie header this browser sends."""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def get(self, path: str) -> tuple[int, str]:
        """Open ``path``, keeping any cookie and the form's CSRF token."""
        status, headers, text = request("GET", self.port, path,
                                        headers={"Cookie": self.cookie_header})
        self._take_cookies(headers)
        found = TOKEN_RE.search(text)
        if found:
            self.token = found.group(1)
        return status, text

    def post(self, path: str, data: Mapping[str, str]) -> tuple[int, dict[str, str]]:
        """Post a form with the current CSRF token."""
        body = urllib.parse.urlencode({**data, "csrf_token": self.token})
        status, headers, _ = request("POST", self.port, path, body=body, headers={
            "Cookie": self.cookie_header,
            "Content-Type": "application/x-www-form-urlencoded"})
        self._take_cookies(headers)
        return status, headers

    def login(self, email: str, password: str) -> None:
        """Sign in through the sign-in form, then open the page it sends to, as a browser does.

        Raise if the portal refuses. The first page after a sign-in adds the CSRF secret to
        the session cookie (signing in starts a new session, without one); a browser keeps
        that cookie, so a load sent with the cookie of the sign-in itself would make every
        page set a new one, which no browser's second page does.
        """
        self.get("/login")
        status, headers = self.post("/login", {"email": email, "password": password})
        if status != 302:
            raise RuntimeError(f"sign-in as {email} answered {status}")
        for _hop in range(5):
            target = urllib.parse.urlsplit(headers.get("location", "/"))
            status, headers, _ = request("GET", self.port, target.path + (
                f"?{target.query}" if target.query else ""), headers={"Cookie": self.cookie_header})
            self._take_cookies(headers)
            if status != 302:
                break
        if status != 200:
            raise RuntimeError(f"the first page after signing in as {email} answered {status}")


def wrk_path() -> str | None:
    """Return wrk's path, if installed."""
    return shutil.which("wrk")


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrk(name: str, port: int, paths: Sequence[str], method: str, body: str | None,
         headers: Mapping[str, str], seconds: float, connections: int) -> LoadResult:
    lua = [
        "local paths = {" + ", ".join(_lua_string(p) for p in paths) + "}",
        "local headers = {" + ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}"
                                        for k, v in headers.items()) + "}",
        f"local body = {_lua_string(body) if body is not None else 'nil'}",
        "local n = 0",
        "request = function()",
        "  n = n + 1",
        "  local i = n",
        "  if i > #paths then i = ((n - 1) % #paths) + 1 end",
        f"  return wrk.format({_lua_string(method)}, paths[i], headers, body)",
        "end",
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lua) + "\n")
    try:
        # One thread: the script's counter is then shared by every connection, so each
        # path (each draft submitted) is used once before any is used again.
        command = [str(wrk_path()), "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
                   "--latency", "--timeout", "10s", "-s", script.name,
                   f"http://{HOST}:{port}{paths[0]}"]
        out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,
                             check=True).stdout
    finally:
        os.unlink(script.name)
    total = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)
    if total is None:
        raise RuntimeError(f"unreadable wrk output:\n{out}")
    elapsed = float(total.group(2)) / (1000 if total.group(3) == "ms" else 1)
    errors = 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        errors += int(bad.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        # A read error is gunicorn's sync worker closing a connection after a response.
        errors += int(sock.group(1)) + int(sock.group(3)) + int(sock.group(4))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    latency = None
    if p50:
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
        latency = float(p50.group(1)) * scale
    return LoadResult(name, "wrk", int(total.group(1)), elapsed, errors, latency)


def _python(name: str, port: int, paths: Sequence[str], method: str, body: str | None,
            headers: Mapping[str, str], seconds: float, connections: int) -> LoadResult:
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "errors": 0}
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    def take() -> str | None:
        with lock:
            if state["next"] >= MAX_REQUESTS or time.monotonic() >= deadline:
                return None
            path = paths[state["next"] % len(paths)]
            state["next"] += 1
            return path

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        while (path := take()) is not None:
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=dict(headers))
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 400
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()  # reopened on the next request
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            with lock:
                state["done"] += 1
                state["errors"] += 0 if ok else 1
                latencies.append((time.perf_counter() - started) * 1000)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    elapsed = time.monotonic() - started
    latencies.sort()
    p50 = latencies[len(latencies) // 2] if latencies else None
    return LoadResult(name, "python", state["done"], elapsed, state["errors"], p50)


def run_load(name: str, port: int, paths: Sequence[str], *, method: str = "GET",
             body: str | None = None, headers: Mapping[str, str] | None = None,
             seconds: float = 5.0, connections: int = 4) -> LoadResult:
    """Send requests to ``paths`` in turn for ``seconds``; return the throughput achieved."""
    runner = _wrk if wrk_path() else _python
    return runner(name, port, paths, method, body, dict(headers or {}), seconds, connections)
