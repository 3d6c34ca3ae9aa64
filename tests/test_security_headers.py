"""Every response carries the headers that keep a browser from being turned against users."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/no-such-page"])
def test_every_page_forbids_inline_script_framing_and_sniffing(client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_https_responses_ask_browsers_to_stay_on_https(client):
    response = client.get("/", base_url="https://portal.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_the_session_cookie_is_not_readable_by_scripts(client, make_city_user):
    from tests.conftest import login

    make_city_user()
    response = login(client, "rep@lyon.example")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
