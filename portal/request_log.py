"""Write one JSON line per request on the ``portal.access`` logger, with its request id.

Each request gets an id: the caller's ``X-Request-ID`` when the policy accepts it (a load
balancer's, so one id follows the request through every log), else a new one. The id is
echoed in the response's ``X-Request-ID`` header, so a person reporting a problem can quote
it and an administrator find the line. The line holds the method, the path (never the
query string, and a link's one-time token written as ``<token>``: ``portal.policy.
logged_paths``), the status, the duration in milliseconds and the signed-in account's id;
nothing a person typed.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from typing import Any

from flask import Flask, g, request
from flask_login import current_user
from sqlalchemy import inspect
from werkzeug.wrappers import Response

from portal.policy.logged_paths import logged_path
from portal.policy.request_ids import REQUEST_ID_HEADER, accepts_request_id

access_log = logging.getLogger("portal.access")


def init_app(app: Flask) -> None:
    """Give each request of ``app`` an id, and log it as one JSON line when it is answered."""
    if not app.testing:  # under pytest, caplog reads the lines; stderr is pytest's to swap
        _ensure_handler()

    @app.before_request
    def start_clock() -> None:
        g.request_started = time.perf_counter()
        g.request_id = current_request_id()

    @app.after_request
    def log_request(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = current_request_id()
        access_log.info(json.dumps(_fields(response), separators=(",", ":")))
        return response


def current_request_id() -> str:
    """Return the id of the request being served, taking the caller's or making one."""
    found = g.get("request_id")
    if found is None:
        sent = request.headers.get(REQUEST_ID_HEADER)
        found = sent if accepts_request_id(sent) else uuid.uuid4().hex
        g.request_id = found
    return str(found)


def _fields(response: Response) -> dict[str, Any]:
    started = g.get("request_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else None
    return {
        "request_id": current_request_id(),
        "method": request.method,
        "path": logged_path(request.path, request.view_args),
        "status": response.status_code,
        "duration_ms": round(duration, 1) if duration is not None else None,
        "user_id": _account_id(),
    }


def _account_id() -> Any:
    """Return the signed-in account's id, without reading the account again.

    The user loader only ever answers with an active account of the session's epoch (else
    the anonymous user), so an account here is the signed-in one. After the request
    commits, its attributes are expired: asking ``is_authenticated`` would read the row
    again, one more query on every request that writes. Its identity stays known.
    """
    state = inspect(current_user._get_current_object(), raiseerr=False)
    if state is None or not state.identity:  # the anonymous user, or none yet stored
        return None
    return state.identity[0]


def _ensure_handler() -> None:
    """Print the lines on stderr (gunicorn's and systemd's log) once, however many apps.

    The logger still hands each line to the root logger's handlers (a test's caplog, a
    deployment's own logging configuration); with none, Python writes nothing twice.
    """
    if access_log.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access_log.addHandler(handler)
    access_log.setLevel(logging.INFO)
