"""Each request is logged as one JSON line with an id, the id echoed in the response."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from portal.policy.request_ids import accepts_request_id
from portal.policy.roles import Role
from tests.conftest import login
from tests.factories import staff_user


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [json.loads(record.getMessage()) for record in caplog.records
            if record.name == "portal.access"]


def test_a_request_is_one_json_line_carrying_the_id_its_response_names(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = client.get("/login?next=/secret-token")

    request_id = response.headers["X-Request-ID"]
    assert len(request_id) >= 16
    [line] = access_lines(caplog)
    assert line["request_id"] == request_id
    assert (line["method"], line["path"], line["status"], line["user_id"]) == (
        "GET", "/login", 200, None)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert "secret-token" not in caplog.text  # the query string is never logged


def test_each_request_gets_an_id_of_its_own(client):
    first = client.get("/login").headers["X-Request-ID"]
    second = client.get("/login").headers["X-Request-ID"]
    assert first != second


def test_a_well_formed_incoming_id_is_kept_and_echoed(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = client.get("/no-such-page", headers={"X-Request-ID": "lb-7f3a:42.x_y"})

    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "lb-7f3a:42.x_y"
    [line] = access_lines(caplog)
    assert (line["request_id"], line["status"]) == ("lb-7f3a:42.x_y", 404)


@pytest.mark.parametrize("sent", ['bad id', 'x"}{"forged":1', "é", "a" * 129, ""])
def test_an_ill_formed_incoming_id_is_replaced(client, caplog, sent):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = client.get("/login", headers={"X-Request-ID": sent})

    replaced = response.headers["X-Request-ID"]
    assert replaced != sent and accepts_request_id(replaced)
    [line] = access_lines(caplog)
    assert line["request_id"] == replaced
    assert "forged" not in caplog.text


def test_a_signed_in_persons_requests_carry_their_account_id(app, client, caplog):
    reviewer = staff_user("reviewer@toronto.ca", Role.CCO_REVIEWER)
    login(client, "reviewer@toronto.ca")
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = client.get("/home/")

    lines = access_lines(caplog)
    assert lines[-1]["user_id"] == reviewer.id
    assert lines[-1]["request_id"] == response.headers["X-Request-ID"]
    assert lines[-1]["status"] == response.status_code


@pytest.mark.parametrize("purpose", ["reset", "confirm", "invitation"])
def test_a_links_one_time_token_never_reaches_the_log(app, client, caplog, purpose):
    # Whoever reads the log must not find a reset, confirmation or invitation link they
    # could still use: the line names the route, the token written as "<token>".
    from portal.auth import tokens

    user = staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    kind = {"reset": tokens.RESET, "confirm": tokens.CONFIRM,
            "invitation": tokens.INVITE}[purpose]
    token = tokens.make_token(user, kind)
    path = {"reset": "/password/reset/", "confirm": "/confirm/",
            "invitation": "/invitation/"}[purpose] + token
    with caplog.at_level(logging.INFO, logger="portal.access"):
        client.get(path)
    [line] = access_lines(caplog)
    assert line["path"] == path.replace(token, "<token>")
    assert token not in caplog.text


def test_gunicorn_writes_no_access_line_of_its_own_unless_asked(monkeypatch):
    # Its line would repeat the portal's with the query string and a link's token.
    import runpy
    from pathlib import Path

    config = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
    # The file sets PORTAL_ENV if unset: noted here, so the test leaves it as it found it.
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("GUNICORN_ACCESS_LOG", raising=False)
    assert runpy.run_path(str(config))["accesslog"] is None
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "-")
    assert runpy.run_path(str(config))["accesslog"] == "-"
